"""Accessible PDFs of the reporting pages: tagged PDF/UA-1 with language and title (WeasyPrint).

One function, so that it can be switched to the shared PDF helper of lotse.core once that exists.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict, *, lang: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415  (heavy import, only when a PDF is asked for)

    with translation.override(lang):
        html = render_to_string(template, {**context, "lang": lang})
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True)
