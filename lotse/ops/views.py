"""GET /health/ and the error page shown while the database cannot be reached."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lotse.ops.health import FAILING, health_report
from lotse.ops.logs import current_request_id

# Errors of a database that is down, restarting, unreachable or that cancelled the statement: worth a retry.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request):
    """200 while this process can serve (database reachable), else 503. `?strict=1`: 503 as soon as any check
    fails (a worker missing), for monitors that read only the status code. Warnings never change the code."""
    report = health_report()
    failing = report["checks"]["database"]["status"] == FAILING
    if request.GET.get("strict"):
        failing = report["status"] == FAILING
    return JsonResponse(report, status=503 if failing else 200, json_dumps_params={"ensure_ascii": False})


def server_error(request):
    """handler500: a database that cannot be reached is a 503 "bitte erneut versuchen", not a 500."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    # Rendered without the request like Django's own server_error (nothing that failed is touched again), in the
    # reader's language (LocaleMiddleware has activated it) and with the reference for a support call.
    try:
        html = render_to_string("500.html", {"request_id": current_request_id()})
    except Exception:  # noqa: BLE001 - a broken template must not hide the original error
        return defaults.server_error(request)
    return HttpResponseServerError(html)


def service_unavailable(request) -> HttpResponse:
    request_id = current_request_id()
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "error": "service_unavailable",
                "message": "Bitte erneut versuchen. / Please try again.",
                "retry_after": RETRY_AFTER_SECONDS,
                "request_id": request_id,
            },
            status=503,
        )
    else:
        # Rendered without the request: no context processor may touch the database that just failed.
        html = render_to_string("503.html", {"request_id": request_id, "retry_after": RETRY_AFTER_SECONDS})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
