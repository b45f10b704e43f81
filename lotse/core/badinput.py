"""Refuse requests that no page can answer before any view sees them: a NUL byte (or another C0 control
character PostgreSQL or the templates cannot hold) in the path, the query string or a form field.

PostgreSQL refuses NUL in text ("text fields cannot contain NUL (0x00) bytes"), so `/navigator/r/%00/` or
`?q=%00` reached the database and ended in a 500. No legitimate link or form sends one: the answer is a 400
(JSON under /api/), decided here once instead of in every view. In a path or a query string every C0 control
character except tab/line breaks is refused; in posted form fields only NUL (text pasted into a text area may
carry other control characters, which the database stores). File contents are not inspected.
"""

from __future__ import annotations

import re

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

# NUL and the C0 controls other than tab, line feed and carriage return (which text areas legitimately send).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NUL = re.compile("\x00")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_forbidden(query, pattern=_FORBIDDEN) -> bool:
    return any(pattern.search(key) or any(pattern.search(v) for v in values) for key, values in query.lists())


def bad_request_reason(request) -> str | None:
    """Where the request carries a forbidden character ("path", "query", "form"), or None."""
    if _FORBIDDEN.search(request.path) or _FORBIDDEN.search(request.path_info):
        return "path"
    if _has_forbidden(request.GET):
        return "query"
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        # Parsing the form here is what CsrfViewMiddleware does next anyway.
        if _has_forbidden(request.POST, _NUL) or any(_NUL.search(name) for name in request.FILES):
            return "form"
    return None


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = bad_request_reason(request)
        if reason is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"errors": [{"field": reason, "message": "contains a control character (e.g. NUL)"}]}, status=400
            )
        # Both languages in one line, like the 503 page: no translation machinery for a request refused up front.
        response = HttpResponse(
            render_to_string("core/bad_input.html"), status=400, content_type="text/html; charset=utf-8"
        )
        response["Cache-Control"] = "no-store"
        return response
