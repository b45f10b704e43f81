"""Second factor (TOTP with recovery codes, django-otp) for every staff account (ADR 0142).

A staff account (lotse.accounts.policy) that has logged in with its password but not yet with its second factor gets
no page but these: set up the authenticator app (first time), enter a code, log out, reset the password, switch the
language. Employers choose: once they have set up a second factor, it is required for them as well.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.accounts.policy import is_staff_account

RECOVERY_CODES = 10
RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "authenticator"

# URL names a logged-in but not yet verified account may reach.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "accounts:otp_verify",
        "accounts:otp_setup",
        "login",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set_language",
        "health",
        # The legal pages must be reachable from every page.
        "imprint",
        "privacy",
        "accessibility",
        "contact",
    }
)


def needs_second_factor(user) -> bool:
    """Whether this account must verify a second factor in its session before it gets any other page."""
    if user is None or not user.is_authenticated:
        return False
    return is_staff_account(user) or user_has_device(user, confirmed=True)


def second_factor_url(user, next_url: str = "") -> str:
    name = "accounts:otp_verify" if user_has_device(user, confirmed=True) else "accounts:otp_setup"
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified() and needs_second_factor(user):
            try:
                match = resolve(request.path_info)
                name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
            except Resolver404:
                name = None
            if name not in OPEN_BEFORE_SECOND_FACTOR:
                target = second_factor_url(user, request.get_full_path() if request.method == "GET" else "")
                if request.headers.get("HX-Request"):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = target
                    return response
                return HttpResponseRedirect(target)
        return self.get_response(request)


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed authenticator device being set up (a new secret each time setup starts afresh)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_DEVICE_NAME).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def new_recovery_code() -> str:
    # 10 characters from an alphabet without 0/O and 1/l/I, shown as two groups of five.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def replace_recovery_codes(user) -> list[str]:
    """Ten new one-time recovery codes; the old ones stop working. Stored as django-otp static tokens."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def normalise_token(value: str) -> str:
    """What people type: spaces in "123 456", upper case, a missing or present dash in recovery codes."""
    token = "".join(value.split()).lower()
    if len(token) == 10 and token.isalnum() and not token.isdigit():
        token = f"{token[:5]}-{token[5:]}"
    return token
