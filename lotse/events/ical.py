"""iCalendar output: a feed per listing filter and one file per event or registration (RFC 5545)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from lotse.events.models import Session


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Fachkräfte-Lotse NRW//Workshops//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def calendar_for_sessions(
    sessions: Iterable[Session], *, include_online_url: bool = False, name: str = "Fachkräfte-Lotse NRW"
) -> bytes:
    """One VEVENT per session. The online link only goes to confirmed participants."""
    from lotse.events.services import absolute  # noqa: PLC0415

    calendar = _calendar(name)
    stamp = timezone.now()
    for session in sessions:
        event = session.event
        vevent = VEvent()
        vevent.add("uid", f"session-{session.pk}@lotse.nrw")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", session.starts_at)
        vevent.add("dtend", session.ends_at)
        vevent.add("summary", event.title)
        url = absolute(reverse("events:detail", args=[event.pk]))
        vevent.add("url", url)
        description = [event.description, url]
        if event.has_address and event.address:
            vevent.add("location", event.address)
        elif event.has_online_part:
            vevent.add("location", "Online")
        if include_online_url and event.has_online_part and event.online_url:
            description.append(f"Online-Teilnahme: {event.online_url}")
        vevent.add("description", "\n\n".join(part for part in description if part))
        if event.status == event.Status.CANCELLED:
            vevent.add("status", "CANCELLED")
        calendar.add_component(vevent)
    return calendar.to_ical()
