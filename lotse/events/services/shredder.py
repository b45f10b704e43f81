"""Removal of participants' personal data once an event's retention period has ended."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from lotse.core import audit
from lotse.events.models import Event, Registration, new_token


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
