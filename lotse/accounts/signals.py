"""Audit entries for log-ins: success, failure, lockout, log-out (ADR 0142). They name the account by its id; an
attempt for an address without an account is named by a keyed hash, never by the address."""

from __future__ import annotations

from lotse.accounts.throttling import attempted_username, pseudonym
from lotse.core import audit


def _account(username: str):
    from lotse.accounts.models import User  # noqa: PLC0415

    return User.objects.filter(email__iexact=username).first() if username else None


def logged_in(sender, request, user, **kwargs):
    audit.record(actor=user, action="login.success", obj=user)


def login_failed(sender, credentials, request=None, **kwargs):
    username = attempted_username(request, credentials)
    account = _account(username)
    context = {"locked_out": bool(getattr(request, "axes_locked_out", False))}
    if account is None:
        context["attempt"] = pseudonym(username)
    audit.record(actor=None, action="login.failure", obj=account, context=context)


def locked_out(sender, request, username, ip_address, **kwargs):
    username = attempted_username(request, {"username": username})
    account = _account(username)
    audit.record(
        actor=None,
        action="login.lockout",
        obj=account,
        context={} if account is not None else {"attempt": pseudonym(username)},
    )


def logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(actor=user, action="login.logout", obj=user)
