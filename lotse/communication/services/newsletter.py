"""The newsletter: double opt-in with logged consent, preferences, one-click unsubscribe, the digest sent by the
background worker, and bounces. The public steps work through the subscriber's secret token; they run as system
code (the subscriber has no account) and live here, never in views."""

from __future__ import annotations

import datetime as dt
import email
import logging
import os
import smtplib
from email import policy

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lotse.communication.models import Bounce, ConsentRecord, DigestDelivery, DigestIssue, Subscriber
from lotse.communication.services import CommunicationError
from lotse.core import audit, mail
from lotse.core.scoping import system_access

logger = logging.getLogger(__name__)

CONSENT_VERSION = "2026-12"
CONSENT_TEXTS = {
    "de": (
        "Ich möchte den Newsletter des Fachkräfte-Lotsen NRW (FAI NRW und Regionalagenturen) mit Nachrichten und "
        "Veranstaltungshinweisen zu den gewählten Regionen und Themen per E-Mail erhalten. Meine E-Mail-Adresse und "
        "meine Auswahl werden nur dafür gespeichert. Ich kann mich jederzeit über den Link in jeder E-Mail abmelden."
    ),
    "en": (
        "I would like to receive the newsletter of Fachkräfte-Lotse NRW (FAI NRW and the regional agencies) with news "
        "and event notices for the regions and topics I chose, by e-mail. My e-mail address and my choice are stored "
        "for this purpose only. I can unsubscribe at any time with the link in every e-mail."
    ),
}
PENDING_DAYS = 7  # an unconfirmed request is deleted after this many days
WORKSHOP_WEEKS = 6  # the digest lists workshops starting within this many weeks


def consent_text(language: str) -> str:
    return CONSENT_TEXTS["en" if language.startswith("en") else "de"]


def absolute(path: str) -> str:
    return os.environ.get("LOTSE_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def _links(subscriber: Subscriber) -> dict:
    return {
        "site_url": absolute(""),
        "confirm_url": absolute(reverse("communication:newsletter_confirm", args=[subscriber.token])),
        "unsubscribe_url": absolute(reverse("communication:newsletter_unsubscribe", args=[subscriber.token])),
        "preferences_url": absolute(reverse("communication:newsletter_preferences", args=[subscriber.token])),
    }


def _choices(subscriber: Subscriber) -> dict:
    return {
        "regions": sorted(subscriber.regions.values_list("slug", flat=True)),
        "topics": sorted(subscriber.topics.values_list("slug", flat=True)),
        "language": subscriber.language,
    }


def _consent(subscriber: Subscriber, action: str) -> ConsentRecord:
    return ConsentRecord.objects.create(
        subscriber=subscriber,
        action=action,
        text_version=CONSENT_VERSION,
        text=consent_text(subscriber.language),
        choices=_choices(subscriber),
    )


def subscriber_request(*, email_address: str, language: str, regions=(), topics=()) -> None:
    """Start (or restart) a subscription: the confirmation link goes to the address. An address that is already
    subscribed gets a link to its settings instead. The caller learns neither, so nobody can probe addresses."""
    address = email_address.strip().lower()
    language = "en" if language.startswith("en") else "de"
    with system_access("newsletter: subscription request"), transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=address).first()
        if subscriber is not None and subscriber.status == Subscriber.Status.ACTIVE:
            template = "communication/mail/newsletter_already"
        else:
            if subscriber is None:
                subscriber = Subscriber.objects.create(email=address, language=language)
            else:  # pending, unsubscribed or bounced: a fresh opt-in with a fresh link
                subscriber.status, subscriber.language = Subscriber.Status.PENDING, language
                subscriber.token, subscriber.soft_bounces = _new_token(), 0
                subscriber.save(update_fields=["status", "language", "token", "soft_bounces"])
            subscriber.regions.set(regions)
            subscriber.topics.set(topics)
            _consent(subscriber, ConsentRecord.Action.REQUESTED)
            template = "communication/mail/newsletter_confirm"
        context = {**_links(subscriber), "language": subscriber.language}
        transaction.on_commit(
            lambda: mail.send_mail(
                to=[address],
                template=template,
                context=context,
                language=subscriber.language,
                audit_action="newsletter.mail",
                audit_object=subscriber,
            )
        )


def _new_token() -> str:
    from lotse.communication.models import new_token  # noqa: PLC0415

    return new_token()


def subscriber_by_token(token: str) -> Subscriber:
    with system_access("newsletter: subscriber's own link"):
        subscriber = Subscriber.objects.filter(token=token).prefetch_related("regions", "topics").first()
    if subscriber is None:
        raise CommunicationError(_("Dieser Link ist nicht (mehr) gültig. Bitte melden Sie sich neu an."))
    return subscriber


@transaction.atomic
def subscriber_confirm(*, token: str) -> Subscriber:
    subscriber = subscriber_by_token(token)
    with system_access("newsletter: confirmation"):
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.ACTIVE:
            return subscriber
        if subscriber.status != Subscriber.Status.PENDING:
            raise CommunicationError(_("Dieses Abonnement ist beendet. Bitte melden Sie sich neu an."))
        subscriber.status, subscriber.confirmed_at = Subscriber.Status.ACTIVE, timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
        _consent(subscriber, ConsentRecord.Action.CONFIRMED)
        audit.record(actor="subscriber", action="newsletter.confirm", obj=subscriber)
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, token: str) -> Subscriber:
    subscriber = subscriber_by_token(token)
    with system_access("newsletter: unsubscribe"):
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
            return subscriber
        subscriber.status, subscriber.unsubscribed_at = Subscriber.Status.UNSUBSCRIBED, timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        _consent(subscriber, ConsentRecord.Action.WITHDRAWN)
        audit.record(actor="subscriber", action="newsletter.unsubscribe", obj=subscriber)
    return subscriber


@transaction.atomic
def subscriber_change(*, token: str, language: str, regions=(), topics=()) -> Subscriber:
    subscriber = subscriber_by_token(token)
    if subscriber.status != Subscriber.Status.ACTIVE:
        raise CommunicationError(_("Dieses Abonnement ist nicht aktiv. Bitte melden Sie sich neu an."))
    with system_access("newsletter: preferences"):
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        subscriber.language = "en" if language.startswith("en") else "de"
        subscriber.save(update_fields=["language"])
        subscriber.regions.set(regions)
        subscriber.topics.set(topics)
        _consent(subscriber, ConsentRecord.Action.CHANGED)
    return subscriber


def pending_expire(*, now: dt.datetime | None = None) -> int:
    """Delete requests nobody confirmed within PENDING_DAYS (with their consent log: there is nothing to prove)."""
    now = now or timezone.now()
    with system_access("newsletter: unconfirmed requests expire"):
        stale = Subscriber.objects.filter(
            status=Subscriber.Status.PENDING,
            confirmed_at__isnull=True,
            created_at__lt=now - dt.timedelta(days=PENDING_DAYS),
        )
        count = stale.count()
        stale.delete()
    return count


# ---------------------------------------------------------------------------------------------- bounces


@transaction.atomic
def bounce_record(*, email_address: str, hard: bool, status_code: str = "", diagnostic: str = "", source: str):
    """Record an undeliverable message; a hard bounce (or three soft ones) stops the newsletter to the address."""
    address = email_address.strip().lower()
    with system_access("newsletter: bounce"):
        subscriber = Subscriber.objects.select_for_update().filter(email=address).first()
        bounce = Bounce.objects.create(
            subscriber=subscriber,
            email=address,
            kind=Bounce.Kind.HARD if hard else Bounce.Kind.SOFT,
            status_code=status_code[:20],
            diagnostic=diagnostic[:500],
            source=source,
        )
        if subscriber is not None and subscriber.status == Subscriber.Status.ACTIVE:
            subscriber.soft_bounces += 0 if hard else 1
            if hard or subscriber.soft_bounces >= Subscriber.SOFT_BOUNCES_TO_STOP:
                subscriber.status = Subscriber.Status.BOUNCED
            subscriber.save(update_fields=["soft_bounces", "status"])
            audit.record(
                actor="system: bounce",
                action="newsletter.bounce",
                obj=subscriber,
                context={"kind": bounce.kind, "status": bounce.status_code},
            )
    return bounce


def bounce_parse(raw: bytes) -> list[dict]:
    """The failed recipients of a delivery status notification (RFC 3464): address, status code, diagnostic."""
    message = email.message_from_bytes(raw, policy=policy.compat32)
    found = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for fields in part.get_payload()[1:] if isinstance(part.get_payload(), list) else []:
            action = (fields.get("Action") or "").strip().lower()
            recipient = fields.get("Final-Recipient") or fields.get("Original-Recipient") or ""
            address = recipient.split(";", 1)[-1].strip().strip("<>")
            status = (fields.get("Status") or "").strip()
            if action in ("failed", "delayed") and "@" in address:
                found.append(
                    {
                        "email": address,
                        "status": status,
                        "hard": action == "failed" and status.startswith("5"),
                        "diagnostic": " ".join((fields.get("Diagnostic-Code") or "").split()),
                    }
                )
    return found


def bounce_process(raw: bytes) -> int:
    entries = bounce_parse(raw)
    for entry in entries:
        bounce_record(
            email_address=entry["email"],
            hard=entry["hard"],
            status_code=entry["status"],
            diagnostic=entry["diagnostic"],
            source="dsn",
        )
    return len(entries)


# ---------------------------------------------------------------------------------------------- digest


@transaction.atomic
def digest_create(*, actor=None, now: dt.datetime | None = None) -> DigestIssue:
    """A digest of what was published since the last one (the first covers a week), queued for the worker."""
    from lotse.communication.tasks import send_digest  # noqa: PLC0415

    now = now or timezone.now()
    last = DigestIssue.objects.order_by("-window_end").first()
    issue = DigestIssue.objects.create(
        window_start=last.window_end if last else now - dt.timedelta(days=7),
        window_end=now,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor, action="newsletter.digest", obj=issue, context={"from": issue.window_start, "to": issue.window_end}
    )
    transaction.on_commit(lambda: send_digest.enqueue(issue.pk))
    return issue


def digest_send(*, issue: DigestIssue) -> DigestIssue:
    """Send the issue to every active subscriber who has not had it: resumable after a crash, and at most once per
    subscriber (the delivery row is written before the mail goes out)."""
    from lotse.communication.selectors import digest_content  # noqa: PLC0415

    with system_access("newsletter: digest"):
        DigestIssue.objects.filter(pk=issue.pk).update(status=DigestIssue.Status.SENDING)
        done = DigestDelivery.objects.filter(issue=issue).values("subscriber_id")
        waiting = (
            Subscriber.objects.filter(status=Subscriber.Status.ACTIVE)
            .exclude(pk__in=done)
            .prefetch_related("regions", "topics")
            .order_by("pk")
        )
        for subscriber in waiting.iterator(chunk_size=200):
            try:
                with transaction.atomic():
                    delivery = DigestDelivery.objects.create(
                        issue=issue, subscriber=subscriber, status=DigestDelivery.Status.SENDING
                    )
            except IntegrityError:  # another worker took it
                continue
            delivery.status = _deliver(issue, subscriber, digest_content)
            delivery.save(update_fields=["status", "at"])
        counts = {
            status: DigestDelivery.objects.filter(issue=issue, status=status).count()
            for status in (DigestDelivery.Status.SENT, DigestDelivery.Status.SKIPPED, DigestDelivery.Status.FAILED)
        }
        DigestIssue.objects.filter(pk=issue.pk).update(
            status=DigestIssue.Status.DONE,
            finished_at=timezone.now(),
            sent=counts["sent"],
            skipped=counts["skipped"],
            failed=counts["failed"],
        )
        issue.refresh_from_db()
    return issue


def _deliver(issue: DigestIssue, subscriber: Subscriber, content_of) -> str:
    with translation.override(subscriber.language):
        content = content_of(subscriber=subscriber, issue=issue)
        if not content["news"] and not content["events"]:
            return DigestDelivery.Status.SKIPPED
        links = _links(subscriber)
        try:
            mail.send_mail(
                to=[subscriber.email],
                template="communication/mail/newsletter_digest",
                context={**content, **links, "issue": issue, "language": subscriber.language},
                language=subscriber.language,
                headers={
                    "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        except smtplib.SMTPRecipientsRefused as refused:
            for address, (code, message) in refused.recipients.items():
                text = message.decode(errors="replace") if isinstance(message, bytes) else str(message)
                bounce_record(
                    email_address=address,
                    hard=500 <= int(code) < 600,
                    status_code=str(code),
                    diagnostic=text,
                    source="smtp",
                )
            return DigestDelivery.Status.FAILED
        except (smtplib.SMTPException, OSError):
            logger.exception("newsletter: digest %s to subscriber %s failed", issue.pk, subscriber.pk)
            return DigestDelivery.Status.FAILED
    return DigestDelivery.Status.SENT
