"""Reads of the workspace. Everything goes through the scoped managers: an employer's user sees only the rows of
its own organisation, an adviser only those of the adviser's regions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import Organisation
from lotse.cases import selectors as case_selectors
from lotse.cases.config_labels import translated
from lotse.cases.models import AdviceRequest, Case, CaseStep, Document
from lotse.navigator.models import SavedResult
from lotse.reference.models import Arbeitsmarktregion
from lotse.workspace import service_levels
from lotse.workspace.models import DocumentRequest, Message


@dataclass
class RequestRow:
    request: AdviceRequest
    reference: str
    received_on: dt.date
    status: str
    answer_due: dt.date | None
    answer_late: bool


def _request_status(request: AdviceRequest) -> str:
    if request.status == AdviceRequest.Status.ACCEPTED:
        return _("Angenommen – Verfahren %(ref)s") % {"ref": request.case.reference if request.case else ""}
    if request.status == AdviceRequest.Status.FORWARDED:
        return _("Weitergeleitet an %(team)s") % {"team": request.team.name if request.team else ""}
    return _("Eingegangen – wird geprüft")


def advice_requests(*, on: dt.date) -> list[RequestRow]:
    rows = []
    queryset = AdviceRequest.objects.filter(anonymised_at__isnull=True).select_related("team", "case")
    for request in queryset.order_by("-created_at", "-id")[:50]:
        received_on = timezone.localtime(request.created_at).date()
        waiting = request.status != AdviceRequest.Status.ACCEPTED
        due = service_levels.advice_response_due(received_on) if waiting else None
        rows.append(
            RequestRow(
                request=request,
                reference=request.reference,
                received_on=received_on,
                status=_request_status(request),
                answer_due=due,
                answer_late=bool(due and due < on),
            )
        )
    return rows


@dataclass
class CaseRow:
    case: Case
    next_step: CaseStep | None
    who: str
    by: dt.date | None
    late: bool
    documents_to_upload: int


def _who_acts(case: Case, to_upload: int) -> str:
    if to_upload:
        return _("Sie: Unterlagen hochladen")
    if case.waiting_on_authority:
        return _("eine Behörde")
    return case.team.name


def employer_cases(*, on: dt.date) -> list[CaseRow]:
    cases = list(
        Case.objects.filter(status=Case.Status.OPEN)
        .select_related("team", "adviser")
        .prefetch_related(Prefetch("steps", queryset=CaseStep.objects.filter(done_on__isnull=True, optional=False)))
        .order_by("-opened_on", "-id")
    )
    open_requests = _requests_by_case([c.pk for c in cases])
    rows = []
    for case in cases:
        steps = sorted(case.steps.all(), key=lambda s: (s.planned_on, s.position))
        step = steps[0] if steps else None
        if step:
            step.label = translated(step.label)  # stored in German; shown in the reader's language
        requests = open_requests.get(case.pk, [])
        to_upload = [r for r in requests if r.document.status in Document.OPEN_STATUSES]
        dues = [r.due_on for r in to_upload if r.due_on]
        if to_upload:  # the employer's turn: by the earliest "bitte bis" (none given: no date)
            by = min(dues) if dues else None
        else:
            by = step.planned_on if step else None
        rows.append(
            CaseRow(
                case=case,
                next_step=step,
                who=_who_acts(case, len(to_upload)),
                by=by,
                late=bool(by and by < on),
                documents_to_upload=len(to_upload),
            )
        )
    return rows


def _requests_by_case(case_ids: list[int]) -> dict[int, list[DocumentRequest]]:
    result: dict[int, list[DocumentRequest]] = {}
    for request in (
        DocumentRequest.objects.filter(case_id__in=case_ids, closed_at__isnull=True)
        .select_related("document", "case")
        .order_by("due_on", "created_at")
    ):
        result.setdefault(request.case_id, []).append(request)
    return result


def open_document_requests() -> list[DocumentRequest]:
    return list(
        DocumentRequest.objects.filter(closed_at__isnull=True, case__status=Case.Status.OPEN)
        .select_related("document", "case")
        .order_by("due_on", "created_at")
    )


def recent_messages(*, limit: int = 5) -> list[Message]:
    return list(
        Message.objects.filter(side=Message.Side.ADVISER).select_related("case").order_by("-created_at", "-id")[:limit]
    )


def saved_results(*, user) -> list[SavedResult]:
    return list(SavedResult.objects.filter(created_by=user).order_by("-created_at")[:10])


def finished_cases() -> list[Case]:
    return list(Case.objects.exclude(status=Case.Status.OPEN).order_by("-closed_on", "-id")[:50])


def home(*, user, on: dt.date) -> dict:
    return {
        "requests": advice_requests(on=on),
        "cases": employer_cases(on=on),
        "finished_cases": finished_cases(),
        "document_requests": open_document_requests(),
        "adviser_messages": recent_messages(),
        "saved_results": saved_results(user=user),
        "response_days": service_levels.working_days("advice_request_response"),
    }


def case_exchange(*, case: Case) -> dict:
    """Documents asked of the employer and the conversation, for either side of the case."""
    requests = list(
        DocumentRequest.objects.filter(case=case)
        .select_related("document", "requested_by")
        .order_by("closed_at", "due_on", "-created_at")
    )
    return {
        "document_requests": [r for r in requests if r.closed_at is None],
        "closed_requests": [r for r in requests if r.closed_at is not None],
        "conversation": list(Message.objects.filter(case=case).order_by("created_at", "id")),
    }


def team_contact(*, case: Case) -> Arbeitsmarktregion | None:
    """The Regionalagentur's published contact (address, phone, e-mail) when a Regionalagentur has the case; FAI
    NRW's own contact is not in the reference data."""
    team = Organisation.objects.filter(pk=case.team_id, kind=Organisation.Kind.REGIONALAGENTUR).values("region_id")
    region_id = next(iter(team), {}).get("region_id")
    return Arbeitsmarktregion.objects.filter(pk=region_id).first() if region_id else None


def employer_case(*, case: Case, on: dt.date, activity_page: int | str = 1) -> dict:
    return {
        **case_selectors.case_for_employer(case=case, on=on, activity_page=activity_page),
        **case_exchange(case=case),
        "team_contact": team_contact(case=case),
    }


def requestable_documents(*, case: Case) -> list[Document]:
    """Checklist lines an adviser can ask the employer for: not accepted yet and not already asked for."""
    asked = DocumentRequest.objects.filter(case=case, closed_at__isnull=True).values("document_id")
    return list(Document.objects.filter(case=case).exclude(pk__in=asked).order_by("id"))
