"""The result as an accessible PDF (WeasyPrint): tagged, with language and title, a checklist to tick off."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation


def result_pdf(context: dict, *, lang: str) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415  (heavy import, only when a PDF is asked for)

    with translation.override(lang):
        html = render_to_string("navigator/result_pdf.html", {**context, "lang": lang})
    document = HTML(string=html)
    return document.write_pdf(pdf_tags=True, pdf_forms=True, custom_metadata=True)
