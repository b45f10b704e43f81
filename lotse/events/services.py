"""Every state change of events, sessions and registrations: explicit transactions, row locks, audit entries.

Capacity rule: a session's row is locked (SELECT … FOR UPDATE) before its `places_taken` counter is read or
changed, always session first, then registrations, so concurrent requests queue on one row and never deadlock.
A CHECK constraint (places_taken <= capacity) is the second line of defence.
"""

from __future__ import annotations

import logging
import os
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Membership, Organisation
from lotse.core import audit
from lotse.core.mail import Attachment, send_mail
from lotse.events.models import Event, MailRule, MailRuleDelivery, Registration, Session, Tag, new_token

logger = logging.getLogger(__name__)

Status = Registration.Status
MANAGER_ROLES = (Membership.Role.ADMIN, Membership.Role.ADVISER, Membership.Role.EVENT_MANAGER)
ORGANISER_KINDS = (
    Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR, Organisation.Kind.KAMMER, Organisation.Kind.MINISTERIUM,
)


class EventError(Exception):
    """A request that cannot be carried out; `field` names the form field the message belongs next to."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


def site_url() -> str:
    return os.environ.get("LOTSE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute(path: str) -> str:
    return site_url() + path


# ---------------------------------------------------------------------------------------------------------------
# Permissions


def organisations_managed_by(user) -> list[int]:
    if user is None or not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user, role__in=MANAGER_ROLES, organisation__kind__in=ORGANISER_KINDS)
        .values_list("organisation_id", flat=True)
        .distinct()
    )


def can_create_events(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or organisations_managed_by(user)))


def can_manage(user, event: Event) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    managed = set(organisations_managed_by(user))
    organisers = Event.organisers.through.objects.filter(event_id=event.pk).values_list("organisation_id", flat=True)
    return bool(managed & set(organisers))


def _require_manager(actor, event: Event) -> None:
    if not can_manage(actor, event):
        raise PermissionError("Only members of an organising organisation manage this event.")


# ---------------------------------------------------------------------------------------------------------------
# Events and sessions


EVENT_FIELDS = (
    "title_de", "title_en", "description_de", "description_en", "statewide", "format", "language", "venue",
    "street", "postcode", "city", "online_url", "registration_opens_at", "registration_closes_at",
    "requires_approval", "max_places_per_company", "questions", "offer_hours", "confirmation_minutes",
    "retention_days",
)


def _event_snapshot(event: Event) -> dict:
    data = {name: getattr(event, name) for name in EVENT_FIELDS if name not in ("description_de", "description_en")}
    data["status"] = event.status
    if event.pk:
        data["organisers"] = sorted(event.organisers.values_list("pk", flat=True))
        data["tags"] = sorted(event.tags.values_list("pk", flat=True))
        data["regions"] = sorted(event.regions.values_list("pk", flat=True))
    return data


def _validate_event(*, fields: dict, organisers, creating: bool = False) -> None:
    if not organisers:
        raise EventError(_("Bitte wählen Sie mindestens einen Veranstalter."), field="organisers")
    fmt = fields.get("format")
    if fmt in (Event.Format.ONLINE, Event.Format.HYBRID) and not fields.get("online_url"):
        raise EventError(_("Für Online- und Hybrid-Veranstaltungen wird ein Link benötigt."), field="online_url")
    if fmt in (Event.Format.IN_PERSON, Event.Format.HYBRID) and not fields.get("city"):
        raise EventError(_("Bitte geben Sie den Ort der Veranstaltung an."), field="city")
    opens, closes = fields.get("registration_opens_at"), fields.get("registration_closes_at")
    if opens and closes and closes <= opens:
        raise EventError(_("Das Anmeldeende muss nach dem Anmeldebeginn liegen."), field="registration_closes_at")
    if creating and closes and closes <= timezone.now():
        raise EventError(_("Das Anmeldeende liegt in der Vergangenheit. Bitte wählen Sie einen künftigen "
                           "Zeitpunkt."), field="registration_closes_at")


def _require_own_organiser(actor, organisers) -> None:
    """The editor's own organisation stays among the organisers, or they would lock themselves out."""
    if actor.is_superuser:
        return
    if not set(organisations_managed_by(actor)) & {o.pk for o in organisers}:
        raise EventError(_("Ihre eigene Organisation muss zu den Veranstaltern gehören. Sonst könnten Sie die "
                           "Veranstaltung danach nicht mehr bearbeiten."), field="organisers")


def _validate_session_times(*, starts_at: datetime, ends_at: datetime, allow_past: bool = False) -> None:
    if not allow_past and starts_at < timezone.now():
        raise EventError(_("Der Beginn liegt in der Vergangenheit. Bitte wählen Sie einen künftigen Termin."),
                         field="starts_at")
    if ends_at <= starts_at:
        raise EventError(_("Das Ende muss nach dem Beginn liegen."), field="ends_at")


@transaction.atomic
def event_create(
    *, actor, organisers: list[Organisation], tags=(), regions=(), sessions: list[dict] = (), **fields
) -> Event:
    if not can_create_events(actor):
        raise PermissionError("This user may not create events.")
    _validate_event(fields=fields, organisers=organisers, creating=True)
    _require_own_organiser(actor, organisers)
    for spec in sessions:
        _validate_session_times(starts_at=spec["starts_at"], ends_at=spec["ends_at"])
    event = Event.objects.create(created_by=actor, **{k: v for k, v in fields.items() if k in EVENT_FIELDS})
    event.organisers.set(organisers)
    event.tags.set(tags)
    event.regions.set(regions)
    for spec in sessions:
        Session.objects.create(event=event, **spec)
    audit.record(actor=actor, action="event.create", obj=event, new=_event_snapshot(event),
                 organisation_id=organisers[0].pk, context={"sessions": len(sessions)})
    return event


@transaction.atomic
def event_update(*, actor, event: Event, organisers, tags=(), regions=(), **fields) -> Event:
    _require_manager(actor, event)
    _validate_event(fields=fields, organisers=organisers)
    _require_own_organiser(actor, organisers)
    old = _event_snapshot(event)
    for name, value in fields.items():
        if name in EVENT_FIELDS:
            setattr(event, name, value)
    event.save()
    event.organisers.set(organisers)
    event.tags.set(tags)
    event.regions.set(regions)
    audit.record(actor=actor, action="event.update", obj=event, old=old, new=_event_snapshot(event))
    return event


@transaction.atomic
def event_copy(*, actor, event: Event) -> Event:
    """A new draft with the same content, organisers, topics, regions and e-mail rules; dates are set anew."""
    _require_manager(actor, event)
    copy = Event.objects.create(
        created_by=actor, status=Event.Status.DRAFT, **{name: getattr(event, name) for name in EVENT_FIELDS}
    )
    copy.title_de = f"{event.title_de} (Kopie)"
    copy.registration_opens_at = copy.registration_closes_at = None
    copy.save()
    copy.organisers.set(event.organisers.all())
    copy.tags.set(event.tags.all())
    copy.regions.set(event.regions.all())
    for rule in event.mail_rules.all():
        MailRule.objects.create(event=copy, anchor=rule.anchor, offset_hours=rule.offset_hours,
                                audience=rule.audience, subject=rule.subject, body=rule.body,
                                subject_en=rule.subject_en, body_en=rule.body_en, attach_ics=rule.attach_ics)
    audit.record(actor=actor, action="event.copy", obj=copy, context={"source_event": event.pk})
    return copy


@transaction.atomic
def event_publish(*, actor, event: Event) -> Event:
    _require_manager(actor, event)
    if not event.sessions.exists():
        raise EventError(_("Bitte legen Sie vor dem Veröffentlichen mindestens einen Termin an."))
    old = event.status
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="event.publish", obj=event, old={"status": old}, new={"status": event.status})
    transaction.on_commit(lambda: _schedule_event(event.pk))
    return event


@transaction.atomic
def session_create(*, actor, event: Event, starts_at, ends_at, capacity: int) -> Session:
    _require_manager(actor, event)
    _validate_session_times(starts_at=starts_at, ends_at=ends_at)
    if capacity < 1:
        raise EventError(_("Ein Termin braucht mindestens einen Platz."), field="capacity")
    session = Session.objects.create(event=event, starts_at=starts_at, ends_at=ends_at, capacity=capacity)
    audit.record(actor=actor, action="session.create", obj=session, new={"event": event.pk, "capacity": capacity,
                                                                          "starts_at": starts_at})
    transaction.on_commit(lambda: _schedule_event(event.pk))
    return session


def session_update(*, actor, session: Session, starts_at, ends_at, capacity: int) -> Session:
    with transaction.atomic():
        locked = Session.unscoped.select_for_update().get(pk=session.pk)
        _require_manager(actor, locked.event)
        if starts_at != locked.starts_at:
            _validate_session_times(starts_at=starts_at, ends_at=ends_at)
        elif ends_at <= starts_at:
            raise EventError(_("Das Ende muss nach dem Beginn liegen."), field="ends_at")
        if capacity < locked.places_taken:
            raise EventError(
                _("Es sind bereits %(taken)s Plätze vergeben oder angeboten. Die Kapazität kann nicht darunter "
                  "liegen.") % {"taken": locked.places_taken},
                field="capacity",
            )
        old = {"starts_at": locked.starts_at, "ends_at": locked.ends_at, "capacity": locked.capacity}
        locked.starts_at, locked.ends_at, locked.capacity = starts_at, ends_at, capacity
        locked.save(update_fields=["starts_at", "ends_at", "capacity"])
        audit.record(actor=actor, action="session.update", obj=locked, old=old,
                     new={"starts_at": starts_at, "ends_at": ends_at, "capacity": capacity})
        _offer_free_places(session=locked)
    transaction.on_commit(lambda: _schedule_event(locked.event_id))
    return locked


@transaction.atomic
def mail_rule_create(*, actor, event: Event, anchor: str, offset_hours: int, audience: str, subject: str,
                     body: str, attach_ics: bool = True, subject_en: str = "", body_en: str = "") -> MailRule:
    _require_manager(actor, event)
    rule = MailRule.objects.create(event=event, anchor=anchor, offset_hours=offset_hours, audience=audience,
                                   subject=subject, body=body, subject_en=subject_en, body_en=body_en,
                                   attach_ics=attach_ics)
    audit.record(actor=actor, action="mailrule.create", obj=rule,
                 new={"event": event.pk, "anchor": anchor, "offset_hours": offset_hours, "audience": audience})
    transaction.on_commit(lambda: _schedule_event(event.pk))
    return rule


def tag_get_or_create(*, slug: str, name_de: str, name_en: str = "") -> Tag:
    tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name_de": name_de, "name_en": name_en})
    return tag


# ---------------------------------------------------------------------------------------------------------------
# Registration


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
    2. in one transaction: the company limit again under an advisory lock per (event, company), the row
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
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)",
                                   [event.pk % 2**31, zlib.crc32(key.encode()) - 2**31])
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
    _require_manager(actor, session.event)
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
    _require_manager(actor, session.event)
    if registration.status != Status.CONFIRMED:
        raise EventError(_("Nur bestätigte Anmeldungen können eingecheckt werden."))
    old = registration.checked_in_at
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at", "updated_at"])
    audit.record(actor=actor, action="registration.check_in" if present else "registration.check_out",
                 obj=registration, old={"checked_in": old is not None}, new={"checked_in": present})
    return registration


# ---------------------------------------------------------------------------------------------------------------
# Mails


def registration_ics(registration: Registration) -> bytes:
    from lotse.events.ical import calendar_for_sessions  # noqa: PLC0415

    return calendar_for_sessions([registration.session], include_online_url=registration.status == Status.CONFIRMED)


def _mail_context(registration: Registration) -> dict:
    return {
        "registration": registration,
        "event": registration.event,
        "session": registration.session,
        "manage_url": absolute(reverse("events:registration", args=[registration.token])),
        "event_url": absolute(reverse("events:detail", args=[registration.event_id])),
    }


def english(registration: Registration) -> bool:
    return (registration.language or "de").startswith("en")


def _send_status_mail(registration_id: int) -> None:
    registration = Registration.unscoped.select_related("event", "session").get(pk=registration_id)
    attachments = []
    if registration.status == Status.CONFIRMED:
        attachments.append(Attachment("termin.ics", registration_ics(registration), "text/calendar"))
    send_mail(to=[registration.email], template="events/mail/status", context=_mail_context(registration),
              language=registration.language, attachments=attachments, audit_action="registration.mail_status",
              audit_object=registration)


def _send_offer_mail(registration_id: int) -> None:
    registration = Registration.unscoped.select_related("event", "session").get(pk=registration_id)
    send_mail(to=[registration.email], template="events/mail/offer", context=_mail_context(registration),
              language=registration.language, audit_action="offer.mail", audit_object=registration)


def participants_message(*, actor, event: Event, subject: str, body: str, session: Session | None = None,
                         subject_en: str = "", body_en: str = "") -> int:
    """Send a message of the organiser to all confirmed participants (of one session or all).

    English participants get the English text when there is one, the German otherwise.
    """
    _require_manager(actor, event)
    recipients = Registration.unscoped.filter(event=event, status=Status.CONFIRMED, anonymised_at__isnull=True)
    if session is not None:
        recipients = recipients.filter(session=session)
    sent = 0
    for registration in recipients.select_related("event", "session"):
        sent += send_mail(to=[registration.email], template="events/mail/message",
                          context={**_mail_context(registration),
                                   "subject": (subject_en if english(registration) else "") or subject,
                                   "body": (body_en if english(registration) else "") or body},
                          language=registration.language)
    audit.record(actor=actor, action="event.message", obj=event,
                 context={"recipients": sent, "session": session.pk if session else None})
    return sent


# ---------------------------------------------------------------------------------------------------------------
# Background work: the sweep runs everything that is due. Idempotent, so extra runs are harmless.


def _schedule_sweep(at: datetime) -> None:
    from lotse.events.tasks import schedule_sweep  # noqa: PLC0415

    schedule_sweep(at)


def _schedule_event(event_id: int) -> None:
    """Queue sweeps for every future due time of the event's rules and for the deletion of personal data."""
    event = Event.unscoped.get(pk=event_id)
    moments = set()
    for session in Session.unscoped.filter(event_id=event_id):
        for rule in MailRule.unscoped.filter(event_id=event_id):
            moments.add(rule.due_at(session))
        moments.add(session.ends_at + timedelta(days=event.retention_days))
    for moment in sorted(moments):
        _schedule_sweep(moment)


def expire_holds_and_offers(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    due = Registration.unscoped.filter(
        Q(status=Status.UNCONFIRMED, hold_expires_at__lte=now) | Q(status=Status.OFFERED, offer_expires_at__lte=now)
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            session, registration = _locked(Registration(pk=pk))
            if registration.status == Status.UNCONFIRMED and registration.hold_expires_at <= now:
                action = "registration.expire"
            elif registration.status == Status.OFFERED and registration.offer_expires_at <= now:
                action = "offer.expire"
            else:
                continue
            _set_status(session=session, registration=registration, status=Status.EXPIRED, action=action,
                        hold_expires_at=None, offer_expires_at=None)
            _offer_free_places(session=session, now=now)
            count += 1
    return count


# How long after its moment an AFTER_END rule is still caught up (a worker that was down, a rule added late).
AFTER_END_CATCH_UP = timedelta(days=2)


def rule_in_window(rule: MailRule, session: Session, now: datetime) -> bool:
    """A reminder only until the session starts (never "tomorrow" after the fact); a follow-up for two days."""
    due = rule.due_at(session)
    if rule.anchor == MailRule.Anchor.BEFORE_START:
        return due <= now < session.starts_at
    return due <= now <= due + AFTER_END_CATCH_UP


def send_due_rules(*, now: datetime | None = None) -> int:
    """Send every rule whose moment has come to its audience, once per registration."""
    now = now or timezone.now()
    sent = 0
    rules = MailRule.unscoped.filter(event__status=Event.Status.PUBLISHED, event__personal_data_deleted_at=None)
    for rule in rules.select_related("event"):
        for session in Session.unscoped.filter(event_id=rule.event_id):
            if not rule_in_window(rule, session, now):
                continue
            audience = Registration.unscoped.filter(session=session, status=Status.CONFIRMED,
                                                    anonymised_at__isnull=True)
            if rule.audience == MailRule.Audience.ATTENDED:
                audience = audience.filter(checked_in_at__isnull=False)
            elif rule.audience == MailRule.Audience.NO_SHOW:
                audience = audience.filter(checked_in_at__isnull=True)
            audience = audience.exclude(pk__in=MailRuleDelivery.objects.filter(rule=rule).values("registration_id"))
            for registration in audience.select_related("event", "session"):
                try:
                    with transaction.atomic():
                        MailRuleDelivery.objects.create(rule=rule, registration=registration)
                        attachments = []
                        if rule.attach_ics:
                            attachments.append(Attachment("termin.ics", registration_ics(registration),
                                                          "text/calendar"))
                        sent += send_mail(
                            to=[registration.email], template="events/mail/rule",
                            context={**_mail_context(registration), "rule": rule,
                                     "subject": rule.subject_for(registration.language),
                                     "body": rule.body_for(registration.language)},
                            language=registration.language, attachments=attachments,
                            audit_action="mailrule.send", audit_object=registration,
                        )
                except IntegrityError:
                    continue  # another worker sent it
                except Exception:  # noqa: BLE001  a failed delivery is retried by the next sweep
                    logger.exception("rule %s could not be sent to registration %s", rule.pk, registration.pk)
    return sent


def shred_personal_data(*, now: datetime | None = None) -> int:
    """Anonymise participants of events whose last session ended more than `retention_days` ago.

    Counts (places, status, attendance, region, sector) stay for the statistics. Logged per event.
    """
    now = now or timezone.now()
    shredded = 0
    for event in Event.unscoped.filter(personal_data_deleted_at=None).prefetch_related("sessions"):
        sessions = list(event.sessions.all())
        if not sessions:
            continue
        last_end = max(s.ends_at for s in sessions)
        if last_end + timedelta(days=event.retention_days) > now:
            continue
        shredded += event_shred(event=event, actor="system: retention", now=now)
    return shredded


@transaction.atomic
def event_shred(*, event: Event, actor, now: datetime | None = None) -> int:
    now = now or timezone.now()
    registrations = Registration.unscoped.select_for_update().filter(event=event, anonymised_at__isnull=True)
    count = 0
    for registration in registrations:
        registration.name = ""
        registration.company = ""
        registration.company_key = ""
        registration.email = f"geloescht-{registration.pk}@anonymisiert.invalid"
        registration.answers = {}
        registration.accessibility_needs = ""
        registration.user = None
        registration.token = new_token()
        registration.anonymised_at = now
        registration.save()
        count += 1
    event.personal_data_deleted_at = now
    event.save(update_fields=["personal_data_deleted_at", "updated_at"])
    audit.record(actor=actor, action="event.personal_data_delete", obj=event,
                 context={"registrations_anonymised": count, "retention_days": event.retention_days})
    return count


def sweep(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    return {
        "expired": expire_holds_and_offers(now=now),
        "rule_mails": send_due_rules(now=now),
        "anonymised": shred_personal_data(now=now),
    }
