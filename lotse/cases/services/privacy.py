"""Data protection: erasure and anonymisation of a person or contact, and the retention periods."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lotse.cases import config, files, timeline
from lotse.cases.models import Activity, AdviceRequest, Candidate, Case, Consent, Document, ErasureCount, Handover, Task
from lotse.cases.services import common
from lotse.core import audit
from lotse.core.scoping import system_access

ANONYMISED = "[anonymisiert]"


def _name_parts(candidate: Candidate) -> set[str]:
    return {
        f"{candidate.first_name} {candidate.last_name}".strip(),
        f"{candidate.last_name}, {candidate.first_name}".strip(", "),
        candidate.first_name.strip(),
        candidate.last_name.strip(),
        candidate.email.strip(),
    }


def _name_pattern(candidate: Candidate, others: set[str] = frozenset()) -> re.Pattern | None:
    """The person's identifying strings (full name, first and last name, e-mail), longest first – without those
    that name another person too (`others`, lower case: a shared family name on a shared case)."""
    parts = {p for p in _name_parts(candidate) if p.lower() not in others}
    parts = sorted((p for p in parts if len(p) >= 2), key=len, reverse=True)
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in parts) + r")(?!\w)", re.IGNORECASE)


def _scrub(value, pattern: re.Pattern):
    """`value` with every mention of the person replaced (strings, and strings inside JSON structures)."""
    if isinstance(value, str):
        return pattern.sub(ANONYMISED, value)
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    return value


def _scrub_rows(model, rows, pattern: re.Pattern, fields: tuple[str, ...]) -> None:
    for row in rows:
        changed = {}
        for name in fields:
            value = getattr(row, name)
            cleaned = _scrub(value, pattern)
            if cleaned != value:
                changed[name] = cleaned
        if changed:
            model.unscoped.filter(pk=row.pk).update(**changed)


def _without_candidate(data: dict) -> dict:
    """An assessment input without the data about the person (kept: the job, for statistics)."""
    data = dict(data or {})
    for key in ("candidate", "candidates", "person"):
        data.pop(key, None)
    return data


def _anonymise_advice_request(request: AdviceRequest) -> None:
    """Remove the sender's contact data, message and the candidate's part of the assessment from a request."""
    AdviceRequest.unscoped.filter(pk=request.pk).update(
        contact_name=ANONYMISED,
        contact_email="",
        message="",
        forward_reason="",
        assessment_input=_without_candidate(request.assessment_input),
        anonymised_at=timezone.now(),
    )


def _shared_case_ids(case_ids: list[int], candidate: Candidate) -> set[int]:
    """Those of `case_ids` that also hold another person still on record (not anonymised)."""
    through = Case.candidates.through
    return set(
        through.objects.filter(case_id__in=case_ids, candidate__anonymised_at__isnull=True)
        .exclude(candidate_id=candidate.pk)
        .values_list("case_id", flat=True)
    )


def _first_candidate_ids(case_ids) -> dict[int, int]:
    """case id → the case's first person (the one its assessment describes: added when the case was opened)."""
    first: dict[int, int] = {}
    through = Case.candidates.through
    for case_id, candidate_id in (
        through.objects.filter(case_id__in=case_ids).order_by("candidate_id").values_list("case_id", "candidate_id")
    ):
        first.setdefault(case_id, candidate_id)
    return first


def _mentions(pattern: re.Pattern | None, *texts: str) -> bool:
    """Whether any text names the person; in file names "_", "-" and "." separate words."""
    if pattern is None:
        return False
    return any(pattern.search(re.sub(r"[_\-.]+", " ", text or "")) for text in texts)


def _documents_of_person(candidate: Candidate, case_ids, shared: set[int], pattern: re.Pattern | None) -> list[int]:
    """The documents whose files are the person's: every file of a case the person is alone in; in a case with
    others the files marked as theirs, and unmarked files whose name or label names them. Files marked as another
    person's, and unmarked files naming nobody, stay with the others."""
    owned = []
    for document in Document.unscoped.filter(case__in=case_ids).only(
        "pk", "case_id", "candidate_id", "original_name", "label"
    ):
        if document.case_id not in shared or document.candidate_id == candidate.pk:
            owned.append(document.pk)
        elif document.candidate_id is None and _mentions(pattern, document.original_name, document.label):
            owned.append(document.pk)
    return owned


def _scrub_cases(case_ids, pattern: re.Pattern) -> None:
    """Replace every mention of the person in the texts and JSON of these cases."""
    _scrub_rows(
        AdviceRequest,
        AdviceRequest.unscoped.filter(case__in=case_ids).only("pk", "message", "forward_reason", "assessment_input"),
        pattern,
        ("message", "forward_reason", "assessment_input"),
    )
    _scrub_rows(Activity, Activity.unscoped.filter(case__in=case_ids).only("pk", "params"), pattern, ("params",))
    _scrub_rows(Task, Task.unscoped.filter(case__in=case_ids).only("pk", "title"), pattern, ("title",))
    _scrub_rows(Handover, Handover.unscoped.filter(case__in=case_ids).only("pk", "note"), pattern, ("note",))
    _scrub_rows(
        Document,
        Document.unscoped.filter(case__in=case_ids).only("pk", "label", "reject_reason"),
        pattern,
        ("label", "reject_reason"),
    )
    _scrub_rows(
        Case,
        Case.unscoped.filter(pk__in=case_ids).only("pk", "assessment_output", "withdrawal_note"),
        pattern,
        ("assessment_output", "withdrawal_note"),
    )
    from lotse.workspace.models import DocumentRequest, Message  # noqa: PLC0415

    _scrub_rows(Message, Message.unscoped.filter(case__in=case_ids).only("pk", "text"), pattern, ("text",))
    _scrub_rows(
        DocumentRequest, DocumentRequest.unscoped.filter(case__in=case_ids).only("pk", "note"), pattern, ("note",)
    )


def _contact_is_the_person(request: AdviceRequest, candidate: Candidate, pattern: re.Pattern | None) -> bool:
    if candidate.email and request.contact_email and request.contact_email.lower() == candidate.email.lower():
        return True
    return _mentions(pattern, request.contact_name)


def _anonymise_candidate(candidate: Candidate) -> None:
    """Remove the person from Lotse: the candidate row and every mention of them in their cases – and nothing of
    anybody else (ADR 0131).

    In a case the person is alone in, the uploaded files go and the adviser's free texts (notes, calls, meetings,
    e-mails) are replaced as a whole; the parameters of system timeline entries (a task's title, a document's
    label) keep their wording with the name replaced. In a case that holds another person too, only the person's
    files go (marked as theirs at upload, or unmarked and named after them) and free texts lose the person's name,
    not the rest.
    System texts, task titles, handover notes and reasons keep their wording with the name replaced. The employer's
    contact person on the advice request is another person and stays (erased on their own request with
    contact_erase) unless the contact is the person themself; the message loses the person's name. The person's
    part of the assessment input goes where it describes them (the case's first person).
    """
    cases = Case.unscoped.filter(candidates=candidate)
    case_ids = list(cases.values_list("pk", flat=True))
    shared = _shared_case_ids(case_ids, candidate)
    alone = [pk for pk in case_ids if pk not in shared]
    others = set()
    for other in Candidate.unscoped.filter(cases__in=shared, anonymised_at__isnull=True).exclude(pk=candidate.pk):
        others |= {part.lower() for part in _name_parts(other) if part}
    pattern = _name_pattern(candidate)  # in the cases the person is alone in
    shared_pattern = _name_pattern(candidate, others)  # in cases with others: only what names this person alone
    first = _first_candidate_ids(case_ids)
    described = [pk for pk in case_ids if pk not in shared or first.get(pk) == candidate.pk]
    # Documents may hold personal data: remove the person's files.
    owned = Document.unscoped.filter(pk__in=_documents_of_person(candidate, case_ids, shared, shared_pattern))
    for storage_name in owned.exclude(storage_name="").values_list("storage_name", flat=True):
        transaction.on_commit(lambda name=storage_name: files.remove(name))
    owned.update(storage_name="", original_name="", sha256="", candidate=None)
    Activity.unscoped.filter(case__in=alone, kind__in=["note", "call", "meeting", "email"]).update(
        code=timeline.NOTE, params={"text": ANONYMISED}
    )
    # The conversation with the employer and the notes of document requests (lotse.workspace) are free texts too.
    from lotse.workspace.models import DocumentRequest, Message  # noqa: PLC0415  (the workspace builds on cases)

    Message.unscoped.filter(case__in=alone).update(text=ANONYMISED)
    DocumentRequest.unscoped.filter(case__in=alone).exclude(note="").update(note=ANONYMISED)
    for request in AdviceRequest.unscoped.filter(case__in=case_ids).only(
        "pk", "case_id", "contact_name", "contact_email", "message", "forward_reason", "assessment_input"
    ):
        changes = {}
        if _contact_is_the_person(request, candidate, shared_pattern if request.case_id in shared else pattern):
            changes.update(
                contact_name=ANONYMISED, contact_email="", message="", forward_reason="", anonymised_at=timezone.now()
            )
        elif request.case_id not in shared:
            changes["message"] = ""  # a request about this person only; in shared cases it loses the name below
        if request.case_id in described:
            changes["assessment_input"] = _without_candidate(request.assessment_input)
        if changes:
            AdviceRequest.unscoped.filter(pk=request.pk).update(**changes)
    for case in Case.unscoped.filter(pk__in=described).only("pk", "assessment_input"):
        Case.unscoped.filter(pk=case.pk).update(assessment_input=_without_candidate(case.assessment_input))
    for ids, names in ((alone, pattern), (list(shared), shared_pattern)):
        if ids and names is not None:
            _scrub_cases(ids, names)
    Candidate.unscoped.filter(pk=candidate.pk).update(
        first_name="",
        last_name="",
        email="",
        qualification="",
        languages={},
        shared_with_employer=False,
        anonymised_at=timezone.now(),
    )
    Consent.unscoped.filter(candidate=candidate).update(withdrawn_on=timezone.localdate())


@transaction.atomic
def person_erase(*, actor, candidate: Candidate, mode: str, reason: str = "request") -> None:
    """Anonymise (keep the case rows for statistics) or delete a person. Both keep anonymous counts."""
    if mode not in ("anonymise", "delete"):
        raise ValueError(mode)
    candidate = Candidate.unscoped.select_for_update().get(pk=candidate.pk)
    pathways = list(Case.unscoped.filter(candidates=candidate).values_list("pathway", flat=True)) or [""]
    year = common.today().year
    for pathway in pathways:
        count, _ = ErasureCount.objects.get_or_create(
            year=year, region_id=candidate.region_id, pathway=pathway, reason=reason
        )
        ErasureCount.objects.filter(pk=count.pk).update(count=F("count") + 1)
    _anonymise_candidate(candidate)
    audit.record(
        actor=actor,
        action=f"person.{mode}",
        obj=candidate,
        region_id=candidate.region_id,
        organisation_id=candidate.employer_id,
        context={"reason": reason, "cases": len(pathways)},
    )
    if mode == "delete":
        candidate.cases.clear()
        Candidate.unscoped.filter(pk=candidate.pk).delete()


def requests_retention_apply(*, on: dt.date | None = None) -> int:
    """Anonymise advice requests that never became a case once their retention period has ended."""
    from lotse.cases.dates import add_months  # noqa: PLC0415

    on = on or common.today()
    months = config.request_retention_months()
    erased = 0
    with system_access("retention period of advice requests"):
        expired = AdviceRequest.objects.filter(case__isnull=True, anonymised_at__isnull=True).exclude(
            status=AdviceRequest.Status.ACCEPTED
        )
        for request in expired.only("pk", "created_at", "region_id", "employer_id", "assessment_input"):
            if add_months(timezone.localtime(request.created_at).date(), months) > on:
                continue
            with transaction.atomic():
                _anonymise_advice_request(request)
                audit.record(
                    actor="system",
                    action="advice_request.anonymise",
                    obj=request,
                    region_id=request.region_id,
                    organisation_id=request.employer_id,
                    context={"reason": "retention", "months": months},
                )
            erased += 1
    return erased


def retention_apply(*, on: dt.date | None = None) -> int:
    """Anonymise the candidates whose cases all ended longer ago than the retention period of their state,
    and the advice requests that never became a case after theirs. Returns the number of records anonymised."""
    on = on or common.today()
    erased = 0
    with system_access("retention period"):
        months = config.retention_months()
        for candidate in Candidate.objects.filter(anonymised_at__isnull=True).prefetch_related("cases"):
            cases = list(candidate.cases.all())
            if not cases:
                continue
            due = True
            for case in cases:
                keep = months.get(case.status)
                if keep is None or case.closed_on is None:
                    due = False
                    break
                from lotse.cases.dates import add_months  # noqa: PLC0415

                if add_months(case.closed_on, int(keep)) > on:
                    due = False
                    break
            if due:
                person_erase(actor="system", candidate=candidate, mode="anonymise", reason="retention")
                erased += 1
    return erased + requests_retention_apply(on=on)


@transaction.atomic
def contact_erase(*, actor, email: str) -> dict[str, int]:
    """Remove a contact person on request: their name, address and phone from company profiles, their contact
    data, message and the candidate's part of the assessment from advice requests (as after the retention
    period). Only within the actor's scope; every change is logged. User accounts are closed by an
    administrator (accounts keep the login history the law requires)."""
    from lotse.cases.models import CompanyProfile  # noqa: PLC0415

    email = email.strip()
    profiles = list(CompanyProfile.objects.filter(contact_email__iexact=email).select_related("organisation"))
    for profile in profiles:
        CompanyProfile.objects.filter(pk=profile.pk).update(contact_name="", contact_email="", contact_phone="")
        audit.record(
            actor=actor,
            action="contact.erase",
            obj=profile,
            region_id=profile.organisation.region_id,
            organisation_id=profile.organisation_id,
            context={"part": "company_profile"},
        )
    requests = list(AdviceRequest.objects.filter(contact_email__iexact=email, anonymised_at__isnull=True))
    for request in requests:
        _anonymise_advice_request(request)
        audit.record(
            actor=actor,
            action="contact.erase",
            obj=request,
            region_id=request.region_id,
            organisation_id=request.employer_id,
            context={"part": "advice_request"},
        )
    return {"company_profiles": len(profiles), "advice_requests": len(requests)}


def person_export_record(*, actor, candidate: Candidate, fmt: str) -> None:
    """Audit an Art. 15 export of a person's data."""
    audit.record(
        actor=actor, action="person.export", obj=candidate, region_id=candidate.region_id, context={"format": fmt}
    )


def contact_export_record(*, actor, export: dict, fmt: str) -> None:
    """Audit an Art. 15 export of a contact person's data (counts and ids, not the address)."""
    audit.record(
        actor=actor,
        action="contact.export",
        context={
            "format": fmt,
            "company_profiles": len(export["company_profiles"]),
            "advice_requests": [r["id"] for r in export["advice_requests"]],
        },
    )
