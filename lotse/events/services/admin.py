"""Administration of events, sessions, mail rules and tags by their organisers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.models import Organisation
from lotse.core import audit
from lotse.core.permissions import organisations_managed_by, require_event_creator, require_event_manager
from lotse.events.models import Event, MailRule, Session, Tag
from lotse.events.services.common import EventError, _schedule_event
from lotse.events.services.registration import _offer_free_places

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


_UNSET: Any = object()


@transaction.atomic
def event_create(
    *,
    actor,
    organisers: list[Organisation],
    tags=(),
    regions=(),
    sessions: list[dict] = (),
    title_de: str,
    title_en: str = "",
    description_de: str = "",
    description_en: str = "",
    statewide: bool = False,
    format: str = Event.Format.IN_PERSON,  # noqa: A002 - the model's field name
    language: str = Event.Language.DE,
    venue: str = "",
    street: str = "",
    postcode: str = "",
    city: str = "",
    online_url: str = "",
    registration_opens_at: datetime | None = None,
    registration_closes_at: datetime | None = None,
    requires_approval: bool = False,
    max_places_per_company: int = 3,
    questions: list[str] = (),
    offer_hours: int = 24,
    confirmation_minutes: int = 60,
    retention_days: int = 90,
) -> Event:
    given = locals()
    fields = {name: given[name] for name in EVENT_FIELDS}
    fields["questions"] = list(questions)
    require_event_creator(actor)
    _validate_event(fields=fields, organisers=organisers, creating=True)
    _require_own_organiser(actor, organisers)
    for spec in sessions:
        _validate_session_times(starts_at=spec["starts_at"], ends_at=spec["ends_at"])
    event = Event.objects.create(created_by=actor, **fields)
    event.organisers.set(organisers)
    event.tags.set(tags)
    event.regions.set(regions)
    for spec in sessions:
        Session.objects.create(
            event=event, starts_at=spec["starts_at"], ends_at=spec["ends_at"], capacity=spec["capacity"]
        )
    audit.record(actor=actor, action="event.create", obj=event, new=_event_snapshot(event),
                 organisation_id=organisers[0].pk, context={"sessions": len(sessions)})
    return event


@transaction.atomic
def event_update(
    *,
    actor,
    event: Event,
    organisers,
    tags=(),
    regions=(),
    title_de: str = _UNSET,
    title_en: str = _UNSET,
    description_de: str = _UNSET,
    description_en: str = _UNSET,
    statewide: bool = _UNSET,
    format: str = _UNSET,  # noqa: A002 - the model's field name
    language: str = _UNSET,
    venue: str = _UNSET,
    street: str = _UNSET,
    postcode: str = _UNSET,
    city: str = _UNSET,
    online_url: str = _UNSET,
    registration_opens_at: datetime | None = _UNSET,
    registration_closes_at: datetime | None = _UNSET,
    requires_approval: bool = _UNSET,
    max_places_per_company: int = _UNSET,
    questions: list[str] = _UNSET,
    offer_hours: int = _UNSET,
    confirmation_minutes: int = _UNSET,
    retention_days: int = _UNSET,
) -> Event:
    """Change the event's details given (the others stay), its organisers, topics and regions."""
    given = locals()
    fields = {name: given[name] for name in EVENT_FIELDS if given[name] is not _UNSET}
    require_event_manager(actor, event)
    _validate_event(fields={name: getattr(event, name) for name in EVENT_FIELDS} | fields, organisers=organisers)
    _require_own_organiser(actor, organisers)
    old = _event_snapshot(event)
    for name in EVENT_FIELDS:  # the allow-list
        if name in fields:
            setattr(event, name, fields[name])
    event.save()
    event.organisers.set(organisers)
    event.tags.set(tags)
    event.regions.set(regions)
    audit.record(actor=actor, action="event.update", obj=event, old=old, new=_event_snapshot(event))
    return event


@transaction.atomic
def event_copy(*, actor, event: Event) -> Event:
    """A new draft with the same content, organisers, topics, regions and e-mail rules; dates are set anew."""
    require_event_manager(actor, event)
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
    require_event_manager(actor, event)
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
    require_event_manager(actor, event)
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
        require_event_manager(actor, locked.event)
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
    require_event_manager(actor, event)
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
