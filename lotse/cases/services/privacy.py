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


def _name_pattern(candidate: Candidate) -> re.Pattern | None:
    """The person's identifying strings (full name, first and last name, e-mail), longest first."""
    parts = {
        f"{candidate.first_name} {candidate.last_name}".strip(),
        f"{candidate.last_name}, {candidate.first_name}".strip(", "),
        candidate.first_name.strip(),
        candidate.last_name.strip(),
        candidate.email.strip(),
    }
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


def _anonymise_candidate(candidate: Candidate) -> None:
    """Remove the person from Lotse: the candidate row and every mention of them in their cases.

    Free texts of the adviser (notes, calls, meetings, e-mails, handover notes) are replaced as a whole; the
    parameters of system timeline entries (a task's title, a document's label), task titles, handover records and
    reasons keep their wording with the name replaced. The advice requests behind the
    cases lose their contact data, message and the person's part of the assessment input.
    """
    pattern = _name_pattern(candidate)
    Candidate.unscoped.filter(pk=candidate.pk).update(
        first_name="",
        last_name="",
        email="",
        qualification="",
        languages={},
        shared_with_employer=False,
        anonymised_at=timezone.now(),
    )
    cases = Case.unscoped.filter(candidates=candidate)
    case_ids = list(cases.values_list("pk", flat=True))
    # Documents may hold personal data: remove the files.
    for document in Document.unscoped.filter(case__in=case_ids).exclude(storage_name=""):
        storage_name = document.storage_name
        transaction.on_commit(lambda name=storage_name: files.remove(name))
    Document.unscoped.filter(case__in=case_ids).update(storage_name="", original_name="", sha256="")
    Activity.unscoped.filter(case__in=case_ids, kind__in=["note", "call", "meeting", "email"]).update(
        code=timeline.NOTE, params={"text": ANONYMISED}
    )
    # The conversation with the employer and the notes of document requests (lotse.workspace) are free texts too.
    from lotse.workspace.models import DocumentRequest, Message  # noqa: PLC0415  (the workspace builds on cases)

    Message.unscoped.filter(case__in=case_ids).update(text=ANONYMISED)
    DocumentRequest.unscoped.filter(case__in=case_ids).exclude(note="").update(note=ANONYMISED)
    AdviceRequest.unscoped.filter(case__in=case_ids).update(
        contact_name=ANONYMISED, contact_email="", message="", forward_reason="", anonymised_at=timezone.now()
    )
    for request in AdviceRequest.unscoped.filter(case__in=case_ids).only("pk", "assessment_input"):
        AdviceRequest.unscoped.filter(pk=request.pk).update(
            assessment_input=_without_candidate(request.assessment_input)
        )
    for case in cases.only("pk", "assessment_input"):
        Case.unscoped.filter(pk=case.pk).update(assessment_input=_without_candidate(case.assessment_input))
    if pattern is not None:
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
