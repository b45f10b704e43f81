"""The periodic sweep: expiring holds and offers, and sending the mails of the events' mail rules when due."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from lotse.core.mail import Attachment, send_mail
from lotse.events.models import Event, MailRule, MailRuleDelivery, Registration, Session
from lotse.events.services.common import Status, logger
from lotse.events.services.mail import _mail_context, registration_ics
from lotse.events.services.registration import _locked, _offer_free_places, _set_status
from lotse.events.services.shredder import shred_personal_data

# Background work: the sweep runs everything that is due. Idempotent, so extra runs are harmless.


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


def sweep(*, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    return {
        "expired": expire_holds_and_offers(now=now),
        "rule_mails": send_due_rules(now=now),
        "anonymised": shred_personal_data(now=now),
    }
