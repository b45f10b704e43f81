"""Account pages: second factor (set up, verify, recovery codes), log out everywhere, password reset limit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from lotse.accounts import registration, throttling, twofactor
from lotse.accounts.forms import SetupForm, TokenForm
from lotse.accounts.policy import is_staff_account
from lotse.core import audit


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    allowed = {request.get_host()}
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts=allowed, require_https=request.is_secure()):
        return candidate
    return ""


def _qr_svg(device) -> str:
    import segno  # noqa: PLC0415  (only this page draws QR codes)

    # An SVG element in the page (no inline style, no data: URL): scales with the page, readable by any phone.
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, omitsize=False)


def _secret_groups(device) -> str:
    from base64 import b32encode  # noqa: PLC0415

    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """First log-in of a staff account (or an employer who opts in): connect an authenticator app."""
    user = request.user
    if twofactor.confirmed_totp_device(user) is not None and not request.user.is_verified():
        return redirect(twofactor.second_factor_url(user, _next_url(request)))
    device = twofactor.pending_totp_device(user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if device.verify_token(form.cleaned_data["token"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                codes = twofactor.replace_recovery_codes(user)
                otp_login(request, device)
                audit.record(actor=user, action="otp.setup", obj=user)
                return render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": _next_url(request) or "/start/", "first_time": True},
                )
        form.add_error(
            "token",
            _("Der Code passt nicht. Prüfen Sie die Uhrzeit Ihres Geräts und geben Sie den nächsten Code ein."),
        )
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": _qr_svg(device),
            "secret": _secret_groups(device),
            "next": _next_url(request),
            "required": is_staff_account(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second step of the log-in: a code from the app or a recovery code."""
    user = request.user
    next_url = _next_url(request) or "/start/"
    if request.user.is_verified():
        return redirect(next_url)
    if twofactor.confirmed_totp_device(user) is None and not any(devices_for_user(user)):
        return redirect(twofactor.second_factor_url(user, next_url))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, wait = _verify(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            recovery = device.persistent_id.startswith("otp_static")
            audit.record(actor=user, action="otp.verify", obj=user, context={"recovery_code": recovery})
            if recovery:
                left = device.token_set.count()
                messages.warning(
                    request,
                    _(
                        "Sie haben einen Wiederherstellungscode verwendet; es bleiben %(left)s. Erzeugen Sie unter "
                        "„Mein Konto“ neue, wenn Sie Ihr Gerät verloren haben."
                    )
                    % {"left": left},
                )
            return redirect(next_url)
        audit.record(actor=user, action="otp.failure", obj=user)
        if wait:
            message = _("Zu viele falsche Codes. Bitte warten Sie %(seconds)s Sekunden.") % {"seconds": wait}
            form.add_error("token", message)
        else:
            form.add_error("token", _("Dieser Code ist nicht (mehr) gültig."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


def _verify(user, token: str):
    """The device that accepts the token, and else how many seconds the throttle still asks to wait."""
    wait = 0
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            # Six digits go to the authenticator app, anything else to the recovery codes: a recovery code typed
            # in does not count as a wrong app code (and the other way round).
            if isinstance(device, StaticDevice) == token.isdigit():
                continue
            allowed, info = device.verify_is_allowed()
            if not allowed:
                locked_until = (info or {}).get("locked_until")
                if locked_until is not None:
                    from django.utils import timezone  # noqa: PLC0415

                    wait = max(wait, int((locked_until - timezone.now()).total_seconds()) + 1)
                continue
            if device.verify_token(token):
                return device, 0
    return None, wait


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "has_totp": twofactor.confirmed_totp_device(user) is not None,
            "recovery_left": sum(d.token_set.count() for d in devices_for_user(user) if hasattr(d, "token_set")),
            "staff": is_staff_account(user),
        },
    )


@login_required
@require_POST
def recovery_codes(request):
    codes = twofactor.replace_recovery_codes(request.user)
    audit.record(actor=request.user, action="otp.recovery_codes", obj=request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/konto/", "first_time": False})


@login_required
@require_POST
def logout_everywhere(request):
    """Ends every session of this account – on other devices too – by renewing the secret the sessions carry."""
    user = request.user
    user.rotate_session_secret()
    audit.record(actor=user, action="session.logout_everywhere", obj=user)
    logout(request)
    messages.success(request, _("Sie wurden auf allen Geräten abgemeldet."))
    return redirect("login")


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per client address (429 page) and per e-mail address (silently no mail, so the
    answer is the same whether or not the address has an account)."""

    def form_valid(self, form):
        if not throttling.reset_allowed_for_client(self.request):
            form.add_error(
                None,
                _("Von Ihrem Anschluss kamen in der letzten Stunde zu viele Anfragen. Bitte versuchen Sie es später."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not throttling.reset_allowed_for_address(form.cleaned_data["email"]):
            return redirect(self.get_success_url())
        return super().form_valid(form)


@require_GET
def verify_email(request):
    """The activation link of a self-registration: activates the account and logs in (the link proves the address);
    an expired or tampered link shows what to do instead."""
    try:
        user = registration.verify(request.GET.get("t", ""))
    except registration.VerificationError as error:
        return render(request, "accounts/verify_failed.html", {"message": error.message}, status=400)
    if request.user.is_authenticated and request.user.pk != user.pk:
        logout(request)
    if not request.user.is_authenticated:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Ihre E-Mail-Adresse ist bestätigt. Willkommen bei Lotse!"))
    return redirect(_next_url(request) or "start")
