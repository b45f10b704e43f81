"""Mails to participants: status and offer mails with their calendar file, and messages from the organisers."""

from __future__ import annotations

from django.urls import reverse

from lotse.core import audit
from lotse.core.mail import Attachment, send_mail
from lotse.core.permissions import require_event_manager
from lotse.events.models import Event, Registration, Session
from lotse.events.services.common import Status, absolute


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
    require_event_manager(actor, event)
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
