"""Error pages in the site's layout and the reader's language, each with a way on (403, 404, 429, CSRF; 500 in
500.html without the request, see lotse.ops.views.server_error)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: an expired or foreign form, explained; the reason only in the log, not to the reader."""
    back = request.META.get("HTTP_REFERER", "")
    same_site = back.startswith(f"{request.scheme}://{request.get_host()}/")
    return render(request, "403_csrf.html", {"back": back if same_site else ""}, status=403)


def too_many_requests(request, *, retry_after_minutes: int = 60, template: str = "429.html", context=None):
    """A 429 in the site's layout with the time to wait (for views that limit requests)."""
    response = render(request, template, {"retry_after_minutes": retry_after_minutes, **(context or {})}, status=429)
    response["Retry-After"] = str(retry_after_minutes * 60)
    return response
