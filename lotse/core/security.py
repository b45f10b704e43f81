"""Response and session hardening that applies to every page: no caching of what Lotse renders, and an idle
timeout for staff sessions (ADR 0140)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from lotse.accounts.policy import is_staff_account

LAST_SEEN_KEY = "lotse_last_seen"


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response Lotse renders itself, unless the view chose a policy.

    Static files never get here (WhiteNoise answers them earlier in the chain). Deciding page by page which
    response shows personal data would be a list that someone forgets to extend; pages are rendered per request
    anyway, so a browser or proxy keeps none of them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        return response


def mark_activity(sender, request, user, **kwargs):
    """Logging in counts as activity (and the first page after it need not write the session again)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


class StaffIdleTimeoutMiddleware:
    """Ends a staff session after STAFF_IDLE_TIMEOUT seconds without a request (besides the absolute
    SESSION_COOKIE_AGE). The time of the last request is written at most once a minute."""

    WRITE_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.STAFF_IDLE_TIMEOUT
        user = getattr(request, "user", None)
        if timeout and user is not None and user.is_authenticated and is_staff_account(user):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - int(last_seen) > timeout:
                return self._timed_out(request)
            if last_seen is None or now - int(last_seen) >= self.WRITE_EVERY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _timed_out(self, request):
        from lotse.core import audit  # noqa: PLC0415  (models are not ready when middleware modules load)

        audit.record(actor=request.user, action="session.idle_timeout", obj=request.user)
        logout(request)
        messages.info(request, _("Sie wurden nach längerer Inaktivität abgemeldet. Bitte melden Sie sich neu an."))
        target = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
