"""What the event services share: the error type, the registration statuses and absolute links for mails.

Capacity rule: a session's row is locked (SELECT … FOR UPDATE) before its `places_taken` counter is read or
changed, always session first, then registrations, so concurrent requests queue on one row and never deadlock.
A CHECK constraint (places_taken <= capacity) is the second line of defence.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta

from lotse.events.models import Event, MailRule, Registration, Session

logger = logging.getLogger("lotse.events.services")  # one logger for the package

Status = Registration.Status


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
