"""Reads of the events app. Public listings use the normal scoped manager (published events are public);
token lookups of guests and aggregate statistics are system reads and live here, never in views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.utils import timezone

from lotse.accounts.models import Organisation
from lotse.core.permissions import organisations_managed_by
from lotse.core.scoping import system_access
from lotse.events.models import Event, Registration, Sector, Session, Tag
from lotse.reference.models import Arbeitsmarktregion


@dataclass(frozen=True)
class EventFilter:
    region: str = ""
    topic: str = ""
    format: str = ""
    date_from: date | None = None
    date_to: date | None = None


def event_list_public(*, filters: EventFilter, now: datetime | None = None):
    """Published events with an upcoming session, filtered; under any visibility this shows public events."""
    now = now or timezone.now()
    upcoming = Session.objects.filter(ends_at__gte=now)
    if filters.date_from:
        upcoming = upcoming.filter(
            ends_at__gte=timezone.make_aware(datetime.combine(filters.date_from, time.min)))
    if filters.date_to:
        upcoming = upcoming.filter(
            starts_at__lte=timezone.make_aware(datetime.combine(filters.date_to, time.max)))
    events = Event.objects.filter(status=Event.Status.PUBLISHED).filter(
        Exists(upcoming.filter(event=OuterRef("pk")))
    )
    if filters.region:
        events = events.filter(Q(statewide=True) | Q(regions__slug=filters.region))
    if filters.topic:
        events = events.filter(tags__slug=filters.topic)
    if filters.format:
        events = events.filter(format=filters.format)
    events = events.distinct().prefetch_related(
        Prefetch("sessions", queryset=upcoming.order_by("starts_at")),
        "tags", "regions", "organisers",
    )
    return sorted(events, key=lambda e: e.sessions.all()[0].starts_at)


def filter_choices() -> dict:
    return {
        "regions": list(Arbeitsmarktregion.objects.order_by("name")),
        "topics": list(Tag.objects.all()),
        "formats": Event.Format.choices,
    }


def event_get(*, pk: int) -> Event:
    return Event.objects.prefetch_related("sessions", "tags", "regions", "organisers").get(pk=pk)


def registration_by_token(*, token: str) -> Registration:
    """A guest's own registration, found by the unguessable token in their e-mail."""
    with system_access("events: participant's own registration by token"):
        return Registration.unscoped.select_related("event", "session").get(token=token, anonymised_at=None)


def events_managed(*, user):
    """Events the user manages (as a member of an organising organisation)."""
    ids = organisations_managed_by(user)
    queryset = Event.objects.all() if user.is_superuser else Event.objects.filter(organisers__in=ids)
    return queryset.distinct().prefetch_related("sessions", "organisers").order_by("-created_at")


def organiser_choices(*, user):
    return Organisation.objects.exclude(kind=Organisation.Kind.UNTERNEHMEN).order_by("name")


def registrations_of(*, event: Event, session: Session | None = None, search: str = ""):
    """Registrations of an event, visible only to organiser members (the scoped manager enforces it)."""
    queryset = Registration.objects.filter(event=event).select_related("session", "region")
    if session is not None:
        queryset = queryset.filter(session=session)
    if search:
        queryset = queryset.filter(Q(name__icontains=search) | Q(company__icontains=search)
                                   | Q(email__icontains=search))
    return queryset.order_by("session__starts_at", "created_at", "pk")


def event_statistics(*, event: Event) -> dict:
    """Counts for the organiser; read through the scoped manager, so only organisers get numbers."""
    return _statistics(Registration.objects.filter(event=event))


def organiser_statistics(*, user) -> dict:
    """The same counts across all events the user manages, plus one row per event (scoped reads)."""
    events = list(events_managed(user=user))
    registrations = Registration.objects.filter(event__in=[e.pk for e in events])
    per_event = {
        row["event_id"]: row
        for row in registrations.filter(status=Registration.Status.CONFIRMED).values("event_id").annotate(
            people=Count("pk"), attended=Count("pk", filter=Q(checked_in_at__isnull=False)))
    }
    rows = [{"event": e, "people": per_event.get(e.pk, {}).get("people", 0),
             "attended": per_event.get(e.pk, {}).get("attended", 0)} for e in events]
    return {**_statistics(registrations), "events": rows}


def _statistics(registrations) -> dict:
    S = Registration.Status
    confirmed = registrations.filter(status=S.CONFIRMED)
    totals = confirmed.aggregate(
        people=Count("pk"), places=Sum("places"), attended=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    people = totals["people"] or 0
    attended = totals["attended"] or 0
    past = confirmed.filter(session__ends_at__lt=timezone.now())
    past_people = past.count()
    past_attended = past.filter(checked_in_at__isnull=False).count()
    by_status = dict(registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    by_region = list(
        confirmed.values("region__name").annotate(people=Count("pk"),
                                                  attended=Count("pk", filter=Q(checked_in_at__isnull=False)))
        .order_by("-people", "region__name")
    )
    by_sector = list(
        confirmed.values("sector").annotate(people=Count("pk"),
                                            attended=Count("pk", filter=Q(checked_in_at__isnull=False)))
        .order_by("-people", "sector")
    )
    labels = dict(Sector.choices)
    for row in by_sector:
        row["sector_label"] = labels.get(row["sector"], "")
    return {
        "registered": people,
        "places": totals["places"] or 0,
        "attended": attended,
        "waitlisted": by_status.get(S.WAITLISTED, 0),
        "offered": by_status.get(S.OFFERED, 0),
        "cancelled": by_status.get(S.CANCELLED, 0),
        "pending": by_status.get(S.UNCONFIRMED, 0) + by_status.get(S.PENDING_APPROVAL, 0),
        "no_show_rate": round(100 * (past_people - past_attended) / past_people) if past_people else None,
        "by_region": by_region,
        "by_sector": by_sector,
    }
