"""The document checklist of a case: its items per pathway, uploads and review status."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext as _

from lotse.cases import files
from lotse.cases.models import Activity, Case, Document
from lotse.cases.services.common import CaseRuleError, case_change
from lotse.core import audit


def _document_list(assessment_output: dict, pathway: str) -> list[tuple[str, str]]:
    seen, items = set(), []
    for document in assessment_output.get("documents") or []:
        pathways = document.get("pathways") or []
        if pathways and pathway not in pathways:
            continue
        if document["id"] in seen:
            continue
        seen.add(document["id"])
        items.append((document["id"], document.get("label") or document["id"]))
    return items


def _rebuild_documents(case: Case) -> None:
    """The checklist of the (new) pathway; documents already received, checked or rejected with a file stay."""
    wanted = dict(_document_list(case.assessment_output or {}, case.pathway))
    existing = {d.key: d for d in Document.objects.filter(case=case)}
    keep_statuses = (Document.Status.RECEIVED, Document.Status.CHECKED)
    obsolete = [
        d.pk
        for key, d in existing.items()
        if key not in wanted and d.status not in keep_statuses and not d.storage_name
    ]
    Document.objects.filter(pk__in=obsolete).delete()
    Document.objects.bulk_create(
        [Document(case=case, key=key, label=label) for key, label in wanted.items() if key not in existing]
    )
    _refresh_documents(case)


def _refresh_documents(case: Case) -> None:
    """Keep the case's document counters (its overview shows them) in step with the checklist. Callers hold the
    case's row lock, so concurrent changes to its documents count one after the other."""
    counts = Document.objects.filter(case=case).aggregate(
        total=models.Count("id"), open=models.Count("id", filter=models.Q(status__in=Document.OPEN_STATUSES))
    )
    case.documents_total, case.documents_open = counts["total"], counts["open"]
    Case.objects.filter(pk=case.pk).update(documents_total=counts["total"], documents_open=counts["open"])


def document_upload(*, actor, document: Document, uploaded, candidate_id: int | None = None) -> Document:
    """Store a file for a checklist line; `candidate_id` names whose it is when the case holds several people
    (erasing one person removes only their files)."""
    checked = files.check_upload(uploaded)  # raises UploadRefused
    with case_change(document.case_id, actor=actor) as change:
        case = change.case
        if candidate_id is not None and not case.candidates.filter(pk=candidate_id).exists():
            raise CaseRuleError(_("Die Person gehört nicht zu diesem Fall."))
        document = Document.objects.select_for_update().get(pk=document.pk)
        previous = document.storage_name
        document.storage_name = Document.new_storage_name()
        files.store(document.storage_name, checked.content)
        document.original_name = checked.original_name
        document.content_type = checked.content_type
        document.size = len(checked.content)
        document.sha256 = checked.sha256
        document.status = Document.Status.RECEIVED
        document.reject_reason = ""
        document.uploaded_by = actor
        document.candidate_id = candidate_id
        document.save()
        if previous:
            transaction.on_commit(lambda: files.remove(previous))
        _refresh_documents(case)
        change.timeline(
            "document.received",
            kind=Activity.Kind.FILE,
            internal=False,
            document=document.key,
            document_label=document.label,
        )
        change.audit(
            "document.upload",
            obj=document,
            new={"case": case.pk, "key": document.key, "sha256": checked.sha256, "size": document.size},
        )
    return document


def document_set_status(*, actor, document: Document, status: str, reason: str = "") -> Document:
    if status not in Document.Status.values:
        raise CaseRuleError(_("Unbekannter Status."))
    with case_change(document.case_id, actor=actor) as change:
        document = Document.objects.select_for_update().get(pk=document.pk)
        if status == Document.Status.REJECTED and not reason.strip():
            raise CaseRuleError(_("Bitte den Grund der Ablehnung angeben."))
        # A required document may be marked checked without an upload: checked on paper (original shown).
        old = {"status": document.status}
        document.status = status
        document.reject_reason = reason if status == Document.Status.REJECTED else ""
        document.save(update_fields=["status", "reject_reason", "updated_at"])
        _refresh_documents(change.case)
        change.timeline(
            "document.status",
            kind=Activity.Kind.FILE,
            internal=False,
            document_status=status,
            document=document.key,
            document_label=document.label,
        )
        change.audit("document.status", obj=document, old=old, new={"status": status})
    return document


def document_download(*, actor, document: Document) -> bytes:
    """The stored file of a checklist item; the download is audited."""
    content = files.read(document.storage_name)
    audit.record(
        actor=actor,
        action="document.download",
        obj=document,
        region_id=document.case.region_id,
        organisation_id=document.case.employer_id,
        context={"case": document.case_id, "key": document.key},
    )
    return content


def dossier_record(*, actor, case: Case, fmt: str, documents=()) -> None:
    """Audit a dossier handed out (PDF overview, or ZIP with the checked documents)."""
    context = {"format": fmt}
    if fmt == "zip":
        context["documents"] = [d.pk for d in documents]
    audit.record(actor=actor, action="case.dossier", obj=case, context=context)
