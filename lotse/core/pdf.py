"""Every PDF of Lotse comes from here: a template rendered in the reader's language and turned into an accessible
PDF by WeasyPrint — PDF/UA-1, that is tagged (structure tree, marked content) with the document's language (the
template's <html lang>) and title (its <title>) in the metadata.

Navigator results, case dossiers and GDPR exports, workshop certificates and attendance lists, the welcome plan,
the § 45c notice, the fair-recruitment action plan and the quarterly report all go through `render_pdf`.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from lotse.core.http import attach


def render_pdf(
    template_name: str, context: dict, *, lang: str | None = None, request=None, forms: bool = False
) -> bytes:
    """The template as a tagged PDF/UA-1 document. `lang`: the language to render in (default: the active one),
    also given to the template as `lang` for its <html lang>. `forms`: keep form fields (the navigator's checklist
    has boxes to tick) as PDF form fields."""
    from weasyprint import HTML  # noqa: PLC0415  (heavy import, only when a PDF is asked for)

    lang = (lang or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    with translation.override(lang):
        html = render_to_string(template_name, {**context, "lang": lang}, request=request)
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_forms=forms, custom_metadata=True)


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A PDF as a download (or shown in the browser with `inline`)."""
    return attach(HttpResponse(content, content_type="application/pdf"), filename, inline=inline)
