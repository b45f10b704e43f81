"""Helpers shared by the case-work views: form errors as messages, downloads, GDPR exports."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from lotse.core.http import attach
from lotse.core.pdf import render_pdf


def _form_errors(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    attach(response, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def _export(request, data: dict, fmt: str, pdf_template: str, filename: str) -> HttpResponse:
    """Information under Art. 15 GDPR as a download: the data as JSON, or a PDF that carries it in full too."""
    if fmt == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        attach(response, f"{filename}.json")
        response["Cache-Control"] = "private, no-store"
        return response
    pdf = render_pdf(
        pdf_template,
        {"data": data, "json": json.dumps(data, indent=2, ensure_ascii=False), "generated": timezone.localtime()},
        lang="de",
        request=request,
    )
    return _attachment(pdf, "application/pdf", f"{filename}.pdf")
