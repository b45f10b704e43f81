"""Self-registration with a verified address (issue 12).

The account is created inactive; a signed, time-limited link (TimestampSigner) activates it. A registration with an
address that already has an account creates nothing and looks the same to the person registering: the owner gets a
note instead ("someone tried to register with your address"), or - if the account is itself still unverified - a
fresh activation link. See docs/decisions/0145-verified-self-registration.md.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.hashers import make_password
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.accounts.models import User
from lotse.core import audit
from lotse.core.links import url_for
from lotse.core.mail import send_mail

VERIFY_MAX_AGE = 3 * 24 * 3600  # seconds; the mail says "3 days"
_SALT = "lotse.accounts.verify-email"


class VerificationError(Exception):
    """A link that is expired, tampered with or for an account that no longer exists: `message` says which."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _site(path: str) -> str:
    import os  # noqa: PLC0415

    return os.environ.get("LOTSE_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def is_unverified(user: User) -> bool:
    """Inactive and never logged in: a self-registered account whose address is not confirmed yet."""
    return not user.is_active and user.last_login is None


def verification_token(user: User) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(f"{user.pk}:{user.email.lower()}")


def verification_link(user: User, next_path: str = "") -> str:
    path = url_for("accounts:verify_email") + "?" + urlencode({"t": verification_token(user), "next": next_path})
    return _site(path)


def _send_verification(user: User, *, next_path: str, language: str) -> None:
    context = {"link": verification_link(user, next_path), "days": VERIFY_MAX_AGE // 86400}
    transaction.on_commit(
        lambda: send_mail(
            to=[user.email],
            template="accounts/mail/verify_email",
            context=context,
            language=language,
            audit_action="account.verify_mail",
            audit_object=user,
        )
    )


def _send_already_registered(user: User, *, language: str) -> None:
    context = {"login": _site(url_for("login")), "reset": _site(url_for("password_reset"))}
    transaction.on_commit(
        lambda: send_mail(
            to=[user.email],
            template="accounts/mail/register_existing",
            context=context,
            language=user.preferred_language or language,
            audit_action="account.register_existing_mail",
            audit_object=user,
        )
    )


@transaction.atomic
def register(*, email: str, password: str, full_name: str, language: str, next_path: str, create_organisation):
    """Create an inactive user (and, through `create_organisation(user)`, its organisation) and mail the activation
    link; for an address that already has an account, mail its owner instead. Returns the new user or None - the
    caller must show the same page either way."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the same work as a new account: no timing difference to tell them apart
        audit.record(actor=None, action="account.register_existing", obj=existing)
        if is_unverified(existing):
            _send_verification(existing, next_path=next_path, language=language)
        else:
            _send_already_registered(existing, language=language)
        return None
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    user.is_active = False
    user.preferred_language = language[:5] or "de"
    user.save(update_fields=["is_active", "preferred_language"])
    create_organisation(user)
    audit.record(actor=user, action="account.register", obj=user)
    _send_verification(user, next_path=next_path, language=language)
    return user


@transaction.atomic
def verify(token: str) -> User:
    """Activate the account of a valid link. Raises VerificationError with a message for the page."""
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(token or "", max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as error:
        raise VerificationError(
            _("Dieser Bestätigungslink ist abgelaufen. Bitte registrieren Sie sich erneut mit derselben Adresse.")
        ) from error
    except signing.BadSignature as error:
        raise VerificationError(
            _("Dieser Bestätigungslink ist ungültig. Bitte kopieren Sie den vollständigen Link aus der E-Mail.")
        ) from error
    pk, _sep, email = value.partition(":")
    user = User.objects.select_for_update().filter(pk=int(pk) if pk.isdigit() else 0, email__iexact=email).first()
    if user is None:
        raise VerificationError(_("Zu diesem Bestätigungslink gibt es kein Konto mehr."))
    if user.is_active:
        return user
    if not is_unverified(user):
        raise VerificationError(_("Dieses Konto ist gesperrt. Bitte wenden Sie sich an die Regionalagentur."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit.record(actor=user, action="account.verified", obj=user)
    return user
