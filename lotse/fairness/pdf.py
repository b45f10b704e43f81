"""Accessible PDFs (PDF/UA-1: tagged, with language and title) rendered from a template with WeasyPrint.

One entry point for the fairness and welcome apps. When the shared helper in lotse.core lands, replace the body
of `render_pdf` with a call to it; the callers stay as they are.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict, *, lang: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415  (heavy import, only when a PDF is asked for)

    with translation.override(lang):
        html = render_to_string(template_name, {**context, "lang": lang})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True)


def pdf_response(content: bytes, filename: str):
    from django.http import HttpResponse  # noqa: PLC0415

    from lotse.core.http import attach  # noqa: PLC0415

    response = HttpResponse(content, content_type="application/pdf")
    attach(response, filename)
    return response
