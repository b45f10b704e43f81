"""Writes of the employer workspace: the hand-off confirmation, document requests, the employer's uploads and the
adviser's review, and the case's conversation. Each is one transaction with its timeline entry (shown to the
employer) and its audit entry (ids and codes only); e-mails go out after the commit and carry a link, never the
content.
"""

from __future__ import annotations

import os

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import Membership
from lotse.cases import services as case_services
from lotse.cases.models import Activity, AdviceRequest, Case, Document
from lotse.cases.services.common import CaseRuleError, _lock, case_change
from lotse.cases.services.documents import _refresh_documents
from lotse.core.links import url_for
from lotse.core.mail import send_mail
from lotse.core.scoping import system_access
from lotse.workspace import service_levels
from lotse.workspace.models import DocumentRequest, Message

MESSAGE_MAX_CHARS = 5000


def absolute(path: str) -> str:
    return os.environ.get("LOTSE_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def _employer_emails(case: Case) -> list[str]:
    with system_access("notify the users of the case's employer"):
        return sorted(
            set(
                Membership.objects.filter(organisation_id=case.employer_id, user__is_active=True).values_list(
                    "user__email", flat=True
                )
            )
        )


def _adviser_emails(case: Case) -> list[str]:
    """The case's adviser, or the team's advisers while nobody is named."""
    if case.adviser_id:
        with system_access("notify the case's adviser"):
            return [case.adviser.email] if case.adviser.is_active else []
    with system_access("notify the case's team"):
        return sorted(
            set(
                Membership.objects.filter(
                    organisation_id=case.team_id, role__in=[Membership.Role.ADVISER, Membership.Role.ADMIN]
                ).values_list("user__email", flat=True)
            )
        )


def _notify_after_commit(*, to: list[str], template: str, context: dict, case: Case, actor, action: str) -> None:
    transaction.on_commit(
        lambda: send_mail(
            to=to, template=template, context=context, audit_action=action, audit_object=case, actor=actor
        )
    )


# --- the hand-off -------------------------------------------------------------------------------------------


def advice_request_sent(request: AdviceRequest, language: str = "de") -> dict:
    """After "Beratung anfragen": the confirmation e-mail goes out (after the commit), and the page shows the same
    reference, expected answer and link. Returns the page's context."""
    received_on = timezone.localtime(request.created_at).date()
    context = {
        "reference": request.reference,
        "team": request.team.name if request.team_id else "FAI NRW",
        "due_on": service_levels.advice_response_due(received_on),
        "link": absolute(url_for("start")),
        "contact_email": request.contact_email,
    }
    transaction.on_commit(
        lambda: send_mail(
            to=[request.contact_email],
            template="workspace/mail/advice_request_confirmation",
            context=context,
            language=language,
            audit_action="advice_request.confirm",
            audit_object=request,
        )
    )
    return context


# --- documents ----------------------------------------------------------------------------------------------


def _open_case(case: Case | int) -> Case:
    case = _lock(case)
    if case.status != Case.Status.OPEN:
        raise CaseRuleError(_("Der Fall ist abgeschlossen."))
    return case


@transaction.atomic
def document_request(
    *, actor, case: Case, document: Document | None = None, label: str = "", note: str = "", due_on=None
) -> DocumentRequest:
    """The adviser asks the employer for a document: a line of the checklist, or a new line named `label`."""
    case = _open_case(case)
    label = (label or "").strip()
    if document is None and not label:
        raise CaseRuleError(_("Bitte wählen Sie eine Unterlage aus der Liste oder nennen Sie eine neue."))
    if due_on is not None and due_on < timezone.localdate():
        raise CaseRuleError(_("Das Datum „bitte bis“ darf nicht in der Vergangenheit liegen."))
    if document is None:
        number = Document.objects.filter(case=case, key__startswith="extra-").count() + 1
        document = Document.objects.create(case=case, key=f"extra-{number}", label=label[:300])
    else:
        document = Document.objects.select_for_update().get(pk=document.pk, case=case)
        if DocumentRequest.objects.filter(document=document, closed_at__isnull=True).exists():
            raise CaseRuleError(_("Diese Unterlage ist bereits beim Unternehmen angefordert."))
        if document.status == Document.Status.CHECKED:
            document.status = Document.Status.REQUIRED  # asked again (e.g. a newer version)
            document.save(update_fields=["status", "updated_at"])
    request = DocumentRequest.objects.create(
        case=case, document=document, note=note.strip(), due_on=due_on, requested_by=actor
    )
    _refresh_documents(case)
    with case_change(case, actor=actor) as change:
        change.timeline(
            "document.requested",
            kind=Activity.Kind.FILE,
            internal=False,
            document=document.key,
            document_label=document.label,
        )
        change.audit(
            "document.request",
            obj=request,
            new={"case": case.pk, "document": document.pk, "key": document.key, "due_on": due_on},
        )
    _notify_after_commit(
        to=_employer_emails(case),
        template="workspace/mail/document_requested",
        context={"reference": case.reference, "link": absolute(url_for("cases:detail", case.pk))},
        case=case,
        actor=actor,
        action="document.request_notify",
    )
    return request


def _open_request(document: Document) -> DocumentRequest | None:
    return DocumentRequest.objects.filter(document=document, closed_at__isnull=True).first()


def employer_upload(*, actor, document: Document, uploaded) -> Document:
    """The employer uploads a requested document (first time, or again after a correction was asked for)."""
    if not uploaded:
        raise CaseRuleError(_("Bitte wählen Sie eine Datei aus."))
    with transaction.atomic():
        case = _open_case(document.case_id)
        request = _open_request(document)
        if request is None:
            raise CaseRuleError(_("Diese Unterlage ist nicht bei Ihnen angefordert."))
        if document.status not in Document.OPEN_STATUSES:
            raise CaseRuleError(_("Diese Unterlage liegt der Beratung schon vor und wird geprüft."))
        document = case_services.document_upload(actor=actor, document=document, uploaded=uploaded)
        _notify_after_commit(
            to=_adviser_emails(case),
            template="workspace/mail/document_uploaded",
            context={"reference": case.reference, "link": absolute(url_for("cases:documents", case.pk))},
            case=case,
            actor=actor,
            action="document.upload_notify",
        )
    return document


def document_review(*, actor, document: Document, accept: bool, reason: str = "") -> Document:
    """The adviser accepts an uploaded document, or asks the employer for a correction with a reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        case = _open_case(document.case_id)
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.status != Document.Status.RECEIVED or not document.storage_name:
            raise CaseRuleError(_("Zu dieser Unterlage liegt keine neue Datei zur Prüfung vor."))
        if not accept and not reason:
            raise CaseRuleError(_("Bitte geben Sie an, was das Unternehmen korrigieren soll."))
        status = Document.Status.CHECKED if accept else Document.Status.REJECTED
        document = case_services.document_set_status(actor=actor, document=document, status=status, reason=reason)
        request = _open_request(document)
        if request is not None:
            if accept:
                request.closed_at = timezone.now()
                request.save(update_fields=["closed_at"])
            _notify_after_commit(
                to=_employer_emails(case),
                template="workspace/mail/document_reviewed",
                context={
                    "reference": case.reference,
                    "accepted": accept,
                    "link": absolute(url_for("cases:detail", case.pk)),
                },
                case=case,
                actor=actor,
                action="document.review_notify",
            )
    return document


# --- messages -----------------------------------------------------------------------------------------------


@transaction.atomic
def message_send(*, actor, case: Case, side: str, text: str) -> Message:
    text = (text or "").strip()
    if not text:
        raise CaseRuleError(_("Bitte schreiben Sie eine Nachricht."))
    if len(text) > MESSAGE_MAX_CHARS:
        raise CaseRuleError(
            _("Die Nachricht ist zu lang (höchstens %(limit)d Zeichen).") % {"limit": MESSAGE_MAX_CHARS}
        )
    if side not in Message.Side.values:
        raise ValueError(side)
    case = _lock(case)
    message = Message.objects.create(
        case=case, side=side, author=actor, author_name=(actor.full_name or actor.email)[:150], text=text
    )
    with case_change(case, actor=actor) as change:
        change.timeline(
            "message.from_employer" if side == Message.Side.EMPLOYER else "message.from_advice",
            kind=Activity.Kind.EMAIL,
            internal=False,
            message=message.pk,
        )
        change.audit("message.send", obj=message, new={"case": case.pk, "side": side, "length": len(text)})
    if side == Message.Side.EMPLOYER:
        to, link = _adviser_emails(case), absolute(url_for("workspace:exchange", case.pk) + "#nachrichten")
    else:
        to, link = _employer_emails(case), absolute(url_for("cases:detail", case.pk) + "#nachrichten")
    _notify_after_commit(
        to=to,
        template="workspace/mail/message_new",
        context={"reference": case.reference, "link": link, "from_employer": side == Message.Side.EMPLOYER},
        case=case,
        actor=actor,
        action="message.notify",
    )
    return message
