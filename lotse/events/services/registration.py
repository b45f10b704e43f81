"""Registrations: sign-up with double opt-in, the company limit, approval, cancellation, waiting-list offers and
check-in. Every change holds the session's row lock (see `common`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.core import audit
from lotse.core.locks import hold_lock
from lotse.core.mail import send_mail
from lotse.core.permissions import require_event_manager
from lotse.events.models import Event, Registration, Session, new_token
from lotse.events.services.common import EventError, Status, _schedule_sweep, absolute, logger
from lotse.events.services.mail import _send_offer_mail, _send_status_mail


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    status: str


_PUNCTUATION = re.compile(r"[,;:'\"´`()]")


def company_key(company: str) -> str:
    """The company as compared for the per-company limit: "Metall  A G.m.b.H." and "metall a gmbh" are one.

    Case-folded, dots dropped (G.m.b.H. = GmbH), other punctuation as spaces, whitespace collapsed.
    """
    return " ".join(_PUNCTUATION.sub(" ", company.casefold().replace(".", "")).split())


def _company_places(*, event_id: int, key: str) -> int:
    """Places the company already holds or waits for, across all sessions of the event."""
    return (
        Registration.unscoped.filter(event_id=event_id, company_key=key, status__in=Registration.ACTIVE,
                                     anonymised_at__isnull=True)
        .aggregate(total=Sum("places"))["total"]
        or 0
    )


def _check_company_limit(*, event: Event, key: str, places: int) -> None:
    if not key:
        return
    taken = _company_places(event_id=event.pk, key=key)
    if taken + places > event.max_places_per_company:
        raise EventError(
            _("Für dieses Unternehmen sind bereits %(taken)s von höchstens %(limit)s Plätzen angemeldet.")
            % {"taken": taken, "limit": event.max_places_per_company},
            field="places",
        )


def _duplicate_error() -> EventError:
    return EventError(_("Mit dieser E-Mail-Adresse besteht bereits eine Anmeldung für diese Veranstaltung."),
                      field="email")


def registration_create(
    *,
    session_id: int,
    name: str,
    email: str,
    company: str = "",
    places: int = 1,
    answers: dict | None = None,
    accessibility_needs: str = "",
    language: str = "de",
    user=None,
    region=None,
    sector: str = "",
    now: datetime | None = None,
) -> RegistrationResult:
    """Register for a session: a place is held while the e-mail is unconfirmed, or the waiting list is joined.

    Every check comes before the double-opt-in mail, so a refused registration never gets a mail:
    1. unlocked pre-checks (window, places, same address, company limit) for the clear message;
    2. in one transaction: the company limit again under a lock per (event, company) (`hold_lock`: an
       advisory lock on PostgreSQL, the database's write lock on SQLite), the row
       (INSERT, where the unique index refuses a concurrent double registration before any mail), then the
       mail (a bounce rolls everything back, so it changes nothing), and only then the session's row lock for
       the place — the lock is not held while the mail server talks.
    """
    now = now or timezone.now()
    email = email.strip()
    key = company_key(company)
    session = Session.unscoped.select_related("event").get(pk=session_id)
    event = session.event
    if not event.registration_open(now) or session.starts_at <= now:
        raise EventError(_("Für diesen Termin ist keine Anmeldung (mehr) möglich."), field="session")
    if places < 1 or places > event.max_places_per_company:
        raise EventError(
            _("Pro Unternehmen sind höchstens %(limit)s Plätze möglich.") % {"limit": event.max_places_per_company},
            field="places",
        )
    if _active_registration_exists(event_id=event.pk, email=email):
        raise _duplicate_error()
    _check_company_limit(event=event, key=key, places=places)

    token = new_token()
    try:
        with transaction.atomic():
            if key:
                hold_lock("events.company", f"{event.pk}:{key}")
                _check_company_limit(event=event, key=key, places=places)
            registration = Registration.unscoped.create(
                event_id=event.pk, session_id=session.pk, token=token, user=user if user and user.pk else None,
                name=name.strip(), company=company.strip(), company_key=key, email=email, places=places,
                answers=answers or {}, accessibility_needs=accessibility_needs, language=language,
                region=region, sector=sector, status=Status.WAITLISTED, created_at=now,
            )
            _send_optin_mail(event=event, session=session, name=name, email=email, token=token, language=language)
            session = Session.unscoped.select_for_update().get(pk=session_id)
            if session.places_left >= places:
                status = Status.UNCONFIRMED
                session.places_taken += places
                session.save(update_fields=["places_taken"])
                hold_expires_at = now + timedelta(minutes=event.confirmation_minutes)
                registration.status, registration.hold_expires_at = status, hold_expires_at
                registration.save(update_fields=["status", "hold_expires_at"])
            else:
                status, hold_expires_at = Status.WAITLISTED, None
            audit.record(actor=user, action="registration.create", obj=registration,
                         new={"status": status, "places": places, "session": session.pk},
                         organisation_id=None)
    except IntegrityError as error:  # a concurrent double registration with the same address
        raise _duplicate_error() from error
    if hold_expires_at:
        transaction.on_commit(lambda: _schedule_sweep(hold_expires_at))
    return RegistrationResult(registration=registration, status=status)


def _send_optin_mail(*, event, session, name, email, token, language) -> None:
    try:
        send_mail(
            to=[email],
            template="events/mail/optin",
            context={"event": event, "session": session, "name": name,
                     "confirm_url": absolute(reverse("events:registration_confirm", args=[token])),
                     "manage_url": absolute(reverse("events:registration", args=[token]))},
            language=language,
        )
    except Exception as error:  # SMTP refusal, unknown domain …: the address cannot be reached
        logger.info("opt-in mail refused for a registration of session %s: %s", session.pk, type(error).__name__)
        raise EventError(
            _("An diese E-Mail-Adresse konnte keine Nachricht zugestellt werden. Bitte prüfen Sie die Adresse."),
            field="email",
        ) from error


def _active_registration_exists(*, event_id: int, email: str) -> bool:
    return Registration.unscoped.filter(
        event_id=event_id, email__iexact=email, status__in=Registration.ACTIVE, anonymised_at__isnull=True
    ).exists()


def _locked(registration_or_token) -> tuple[Session, Registration]:
    """Lock the session, then the registration (the one lock order used everywhere)."""
    if isinstance(registration_or_token, Registration):
        lookup = {"pk": registration_or_token.pk}
    else:
        lookup = {"token": registration_or_token}
    session_id = Registration.unscoped.filter(**lookup).values_list("session_id", flat=True).first()
    if session_id is None:
        raise Registration.DoesNotExist
    session = Session.unscoped.select_for_update().select_related("event").get(pk=session_id)
    registration = Registration.unscoped.select_for_update().get(**lookup)
    return session, registration


def _set_status(*, session: Session, registration: Registration, status: str, actor=None, action: str,
                **extra) -> None:
    old = registration.status
    was_holding = registration.holds_place
    registration.status = status
    for name, value in extra.items():
        setattr(registration, name, value)
    if was_holding and not registration.holds_place:
        session.places_taken -= registration.places
        session.save(update_fields=["places_taken"])
    elif registration.holds_place and not was_holding:
        session.places_taken += registration.places
        session.save(update_fields=["places_taken"])
    registration.save()
    audit.record(actor=actor, action=action, obj=registration, old={"status": old}, new={"status": status},
                 context={"session": session.pk})


def registration_confirm_email(*, token: str, now: datetime | None = None) -> Registration:
    """The double-opt-in click. A held place becomes confirmed (or waits for approval)."""
    now = now or timezone.now()
    with transaction.atomic():
        session, registration = _locked(token)
        if registration.email_confirmed_at is None:
            registration.email_confirmed_at = now
            registration.save(update_fields=["email_confirmed_at", "updated_at"])
            if registration.status == Status.UNCONFIRMED:
                target = Status.PENDING_APPROVAL if session.event.requires_approval else Status.CONFIRMED
                _set_status(session=session, registration=registration, status=target,
                            action="registration.confirm", hold_expires_at=None)
            elif registration.status == Status.WAITLISTED:
                audit.record(actor=None, action="registration.confirm", obj=registration,
                             new={"status": registration.status, "email_confirmed": True})
                _offer_free_places(session=session, now=now)  # a place may have freed up meanwhile
            transaction.on_commit(lambda: _send_status_mail(registration.pk))
        elif registration.status == Status.EXPIRED:
            raise EventError(_("Diese Anmeldung ist verfallen. Bitte melden Sie sich erneut an."))
    return registration


@transaction.atomic
def registration_approve(*, actor, registration: Registration, approve: bool) -> Registration:
    session, registration = _locked(registration)
    require_event_manager(actor, session.event)
    if registration.status != Status.PENDING_APPROVAL:
        raise EventError(_("Diese Anmeldung wartet nicht auf eine Freigabe."))
    if approve:
        _set_status(session=session, registration=registration, status=Status.CONFIRMED, actor=actor,
                    action="registration.approve")
    else:
        _set_status(session=session, registration=registration, status=Status.REJECTED, actor=actor,
                    action="registration.reject")
        _offer_free_places(session=session)
    transaction.on_commit(lambda: _send_status_mail(registration.pk))
    return registration


def registration_cancel(*, token: str | None = None, registration: Registration | None = None, actor=None,
                        now: datetime | None = None) -> Registration:
    """Cancel a registration or leave the waiting list; a freed place is offered to the next person at once."""
    with transaction.atomic():
        session, registration = _locked(token or registration)
        if registration.status not in Registration.ACTIVE:
            raise EventError(_("Diese Anmeldung ist nicht mehr aktiv."))
        if session.ends_at < (now or timezone.now()):
            raise EventError(_("Die Veranstaltung ist bereits vorbei."))
        action = "waitlist.leave" if registration.status == Status.WAITLISTED else "registration.cancel"
        _set_status(session=session, registration=registration, status=Status.CANCELLED, actor=actor,
                    action=action, offer_expires_at=None, hold_expires_at=None)
        _offer_free_places(session=session, now=now)
        transaction.on_commit(lambda: _send_status_mail(registration.pk))
    return registration


def offer_accept(*, token: str, now: datetime | None = None) -> Registration:
    now = now or timezone.now()
    with transaction.atomic():
        session, registration = _locked(token)
        if registration.status == Status.CONFIRMED:
            return registration
        if registration.status != Status.OFFERED:
            raise EventError(_("Für diese Anmeldung liegt kein Platzangebot vor."))
        if registration.offer_expires_at and registration.offer_expires_at < now:
            _set_status(session=session, registration=registration, status=Status.EXPIRED,
                        action="offer.expire", offer_expires_at=None)
            _offer_free_places(session=session, now=now)
            expired = True
        else:
            target = Status.PENDING_APPROVAL if session.event.requires_approval else Status.CONFIRMED
            _set_status(session=session, registration=registration, status=target, action="offer.accept",
                        offer_expires_at=None)
            expired = False
        transaction.on_commit(lambda: _send_status_mail(registration.pk))
    if expired:
        raise EventError(_("Die Frist für dieses Angebot ist abgelaufen. Der Platz wurde weitergegeben."))
    return registration


def _offer_free_places(*, session: Session, now: datetime | None = None) -> list[int]:
    """Offer free places of a locked session to the waiting list, in order, to the first entries that fit."""
    now = now or timezone.now()
    if session.starts_at <= now or session.event.status != Event.Status.PUBLISHED:
        return []
    free = session.capacity - session.places_taken
    offered: list[int] = []
    if free <= 0:
        return offered
    queue = (
        Registration.unscoped.select_for_update()
        .filter(session=session, status=Status.WAITLISTED, email_confirmed_at__isnull=False)
        .order_by("created_at", "pk")
    )
    expires_at = min(now + timedelta(hours=session.event.offer_hours), session.starts_at)
    for registration in queue:
        if free <= 0:
            break
        if registration.places > free:
            continue
        _set_status(session=session, registration=registration, status=Status.OFFERED, action="offer.make",
                    offer_expires_at=expires_at)
        free -= registration.places
        offered.append(registration.pk)
    for pk in offered:
        transaction.on_commit(lambda pk=pk: _send_offer_mail(pk))
    if offered:
        transaction.on_commit(lambda: _schedule_sweep(expires_at))
    return offered


@transaction.atomic
def registration_check_in(*, actor, registration: Registration, present: bool = True) -> Registration:
    """Manual check-in, also after the event (attendance lists are often completed afterwards)."""
    session, registration = _locked(registration)
    require_event_manager(actor, session.event)
    if registration.status != Status.CONFIRMED:
        raise EventError(_("Nur bestätigte Anmeldungen können eingecheckt werden."))
    old = registration.checked_in_at
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at", "updated_at"])
    audit.record(actor=actor, action="registration.check_in" if present else "registration.check_out",
                 obj=registration, old={"checked_in": old is not None}, new={"checked_in": present})
    return registration
