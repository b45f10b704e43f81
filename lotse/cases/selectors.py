"""Reads of case work. Query counts do not depend on the number of rows (select_related / prefetch)."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q
from django.utils.translation import gettext as _

from lotse.accounts.models import Organisation
from lotse.cases import config, display
from lotse.cases.config_labels import translated
from lotse.cases.models import (
    Activity,
    AdviceRequest,
    Candidate,
    Case,
    CaseReassessment,
    CaseStep,
    Consent,
    DeadlineTimer,
    Document,
    Handover,
    PowerOfAttorney,
    ReassessmentRun,
    Task,
)
from lotse.core import audit

PAGE_SIZE = 25
ACTIVITY_PAGE_SIZE = 50  # entries of a case's timeline per page


def timer_state(timer: DeadlineTimer, on: dt.date) -> str:
    """deemed | stopped | paused | red (overdue) | amber (due within `amber_days`) | green.

    "deemed": a timer whose expiry counts as approval given (§ 36 Abs. 2 BeschV) ran out without an answer —
    already marked by the nightly job, or past its due date and not yet processed.
    """
    if timer.deemed_on is not None:
        return "deemed"
    if timer.stopped_on is not None:
        return "stopped"
    if timer.paused_since is not None:
        return "paused"
    left = (timer.due_on - on).days
    if left < 0:
        return "deemed" if config.deemed_approval(timer.kind) else "red"
    if left <= config.amber_days():
        return "amber"
    return "green"


@dataclass
class CaseFilters:
    q: str = ""
    stage: str = ""
    pathway: str = ""
    status: str = "open"
    overdue: bool = False
    adviser: int | None = None
    employer: int | None = None


# What a row of the case list shows, read as plain values (no model instances only to be turned into text); the
# page is counted without the joins with company and team.
CASE_LIST_FIELDS = ("reference", "case_type", "pathway", "stage", "has_overdue", "next_due_on", "opened_on")


class _CountedPaginator(Paginator):
    """Pages through `rows` but counts `counted`: the same cases without the joins only the rows need."""

    def __init__(self, rows, per_page, *, counted):
        super().__init__(rows, per_page)
        self._counted = counted

    @cached_property
    def count(self) -> int:
        return self._counted.count()


def case_list(*, filters: CaseFilters, page: int = 1, page_size: int = PAGE_SIZE):
    """A page of cases as dicts of CASE_LIST_FIELDS, `id`, `employer_name` and `team_name`."""
    queryset = Case.objects.all()
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.stage:
        queryset = queryset.filter(stage=filters.stage)
    if filters.pathway:
        queryset = queryset.filter(pathway=filters.pathway)
    if filters.overdue:
        queryset = queryset.filter(has_overdue=True)
    if filters.adviser:
        queryset = queryset.filter(adviser_id=filters.adviser)
    if filters.employer:
        queryset = queryset.filter(employer_id=filters.employer)
    if filters.q:
        term = filters.q.strip()
        # Candidate names are searched only through the scoped candidate table (consent rules apply).
        candidate_ids = Candidate.objects.filter(Q(last_name__icontains=term) | Q(first_name__icontains=term)).values(
            "pk"
        )
        queryset = queryset.filter(
            Q(reference__iexact=term) | Q(employer__name__icontains=term) | Q(candidates__in=candidate_ids)
        ).distinct()
    rows = queryset.values(
        "id", *CASE_LIST_FIELDS, employer_name=F("employer__name"), team_name=F("team__name")
    ).order_by("-opened_on", "-id")
    return _CountedPaginator(rows, page_size, counted=queryset).get_page(page)


def candidate_names_by_case(case_ids: list[int]) -> dict[int, str]:
    """{case id: the names of its visible candidates, joined} in one query (the scope hides the candidates an
    employer may not see). One join of the link table with the scoped candidate table, plain values."""
    if not case_ids:
        return {}
    names: dict[int, list[str]] = {}
    rows = Candidate.objects.filter(cases__in=case_ids).values_list(
        "cases__id", "first_name", "last_name", "anonymised_at", "pk"
    )
    for case_id, *candidate in rows:
        names.setdefault(case_id, []).append(Candidate.display_name(*candidate))
    return {case_id: ", ".join(each) for case_id, each in names.items()}


def _describe_steps(steps: list[CaseStep], timers: list[DeadlineTimer], on: dt.date) -> None:
    """Set on each step whether it is done and what to say about its date. A BA approval is also done when it is
    deemed given (§ 36 Abs. 2 BeschV): its timer ran out without an answer. The text is put together here, not
    with a translation tag per step in the template (measured: most of the step list's rendering)."""
    deemed = {}
    for timer in timers:
        spec = config.deemed_approval(timer.kind)
        if spec and timer_state(timer, on) == "deemed":
            deemed[spec["step"]] = (timer.deemed_on or timer.due_on, spec["legal_reference"])
    for step in steps:
        step.label = translated(step.label)  # stored in German (from the YAML); shown in the reader's language
        step.deemed_on, step.deemed_reference = deemed.get(step.key, (None, ""))
        if step.deemed_on and step.done_on not in (None, step.deemed_on):
            step.deemed_on = None  # decided by the BA after all: the real decision counts
        step.done = bool(step.deemed_on or step.done_on)
        step.day = step.deemed_on or step.done_on or step.planned_on  # the date the list is ordered by
        step.late = not step.done and step.planned_on < on  # planned in the past and not done: flagged
        if step.deemed_on:
            step.when = _("gilt als erteilt am %(d)s (%(ref)s)") % {
                "d": display.short_date(step.deemed_on),
                "ref": step.deemed_reference,
            }
        elif step.done_on:
            step.when = _("erledigt am %(d)s") % {"d": display.short_date(step.done_on)}
        else:
            step.when = _("geplant für %(d)s") % {"d": display.short_date(step.planned_on)}


def _steps_and_timers(*, case: Case, on: dt.date, internal_timers: bool) -> dict:
    steps = list(CaseStep.objects.filter(case=case).order_by("position"))
    timers = DeadlineTimer.objects.filter(case=case).order_by("stopped_on", "due_on")
    if not internal_timers:
        timers = timers.exclude(kind__in=config.internal_timer_kinds())  # the adviser's own service level
    timers = list(timers)
    _describe_steps(steps, timers, on)
    steps.sort(key=lambda step: (step.day, step.position))  # in date order (done, deemed or planned)
    return {
        "steps": steps,
        "next_steps": [s for s in steps if not s.done][:3],
        "timers": display.timer_rows((timer, timer_state(timer, on)) for timer in timers),
    }


def _documents(*, case: Case) -> dict:
    documents = list(Document.objects.filter(case=case).order_by("id"))
    return {
        "documents": documents,
        "open_documents": [d for d in documents if d.status in Document.OPEN_STATUSES],
    }


def _timeline(*, case: Case, page: int | str) -> dict:
    activity_page = Paginator(
        Activity.objects.filter(case=case).select_related("actor", "team").order_by("-created_at", "-id"),
        ACTIVITY_PAGE_SIZE,
    ).get_page(page)
    return {"activities": list(activity_page.object_list), "activity_page": activity_page}


# The adviser's case page is split into tabs, each reading only what it shows (the overview is opened most).

# The case with the names its pages show of company, team, adviser and region; not the stored assessment (input
# and result JSON, shown on the recheck page) and not the related rows' other columns.
_CASE_PAGE_FIELDS = [
    *(f.name for f in Case._meta.concrete_fields if f.name not in ("assessment_input", "assessment_output")),
    "employer__name",
    "team__name",
    "adviser__full_name",
    "adviser__email",
    "region__name",
]


def case_page_cases():
    """The cases as their pages show them."""
    return Case.objects.select_related("employer", "team", "adviser", "region").only(*_CASE_PAGE_FIELDS)


def case_overview(*, case: Case, on: dt.date) -> dict:
    """Stage, steps and deadlines; the documents as the case's counters (the checklist is on its tab).
    Candidates by name only, as in the case list: their record (and its audited read) is on the people tab."""
    return {
        "candidate_names": candidate_names_by_case([case.pk]).get(case.pk, ""),
        **_steps_and_timers(case=case, on=on, internal_timers=True),
    }


def case_documents(*, case: Case) -> dict:
    return _documents(case=case)


def case_people(*, case: Case, actor) -> dict:
    """The candidates' records with their consents (every read audited) and the powers of attorney."""
    candidates = list(
        Candidate.objects.filter(cases=case).prefetch_related(
            Prefetch("consents", queryset=Consent.objects.order_by("-given_on"))
        )
    )
    for candidate in candidates:
        candidate_view_audit(actor=actor, candidate=candidate, via=f"case:{case.pk}")
    return {"candidates": candidates, "powers": list(PowerOfAttorney.objects.filter(case=case))}


def case_tasks(*, case: Case) -> dict:
    return {"tasks": list(Task.objects.filter(case=case).select_related("assignee"))}


def case_timeline(*, case: Case, page: int | str = 1) -> dict:
    return _timeline(case=case, page=page)


def case_handovers(*, case: Case) -> dict:
    return {"handovers": list(Handover.objects.filter(case=case).select_related("from_team", "to_team", "actor"))}


def case_for_employer(*, case: Case, on: dt.date, activity_page: int | str = 1) -> dict:
    """What an employer sees of its case: no internal notes (the scope removes them), no tasks, no service level,
    candidates only with their consent (the scope again)."""
    return {
        "candidates": list(Candidate.objects.filter(cases=case)),
        **_steps_and_timers(case=case, on=on, internal_timers=False),
        "open_documents": display.open_document_items(
            Document.objects.filter(case=case, status__in=Document.OPEN_STATUSES).order_by("id")
        ),
        **_timeline(case=case, page=activity_page),
    }


def candidate_view_audit(*, actor, candidate: Candidate, via: str = "") -> None:
    audit.record(
        actor=actor,
        action="candidate.view",
        obj=candidate,
        region_id=candidate.region_id,
        organisation_id=candidate.employer_id,
        context={"via": via} if via else None,
    )


def recheck(*, case: Case, on: dt.date | None = None) -> dict:
    """Assess the stored input again under the law of `on` and list what changed."""
    from lotse.reference.lookup import local_authority_for_ags  # noqa: PLC0415
    from lotse.rules import RULES_VERSION, InputError, assess  # noqa: PLC0415

    data = dict(case.assessment_input or {})
    data.pop("as_of", None)
    try:
        now = assess(data, as_of=on, local_authority_resolver=local_authority_for_ags)
    except InputError as error:
        return {"error": str(error), "changes": [], "rules_version": RULES_VERSION}
    before = {p["id"]: p for p in (case.assessment_output or {}).get("pathways", [])}
    changes = []
    for pathway in now.get("pathways", []):
        old = before.get(pathway["id"], {})
        old_conditions = {c["id"]: c for c in old.get("conditions", [])}
        condition_changes = [
            {
                "label": c["label"],
                "old": old_conditions.get(c["id"], {}).get("result"),
                "new": c["result"],
                "explanation": c.get("explanation", ""),
                "legal_basis": c.get("legal_basis", ""),
            }
            for c in pathway.get("conditions", [])
            if old_conditions.get(c["id"], {}).get("result") != c["result"]
        ]
        if old.get("status") != pathway["status"] or condition_changes:
            changes.append(
                {
                    "id": pathway["id"],
                    "title": pathway["title"],
                    "old": old.get("status"),
                    "new": pathway["status"],
                    "conditions": condition_changes,
                    "chosen": pathway["id"] == case.pathway,
                }
            )
    return {
        "as_of": now.get("as_of"),
        "rules_version": now.get("rules_version"),
        "stored_rules_version": case.rules_version,
        "stored_as_of": case.assessed_on,
        "version_changed": now.get("rules_version") != case.rules_version,
        "changes": changes,
        "chosen_status": next((p["status"] for p in now.get("pathways", []) if p["id"] == case.pathway), None),
    }


def inbox(*, status: str = "new", page: int = 1):
    queryset = AdviceRequest.objects.select_related("employer", "team", "region").filter(status=status)
    return Paginator(queryset.order_by("-created_at", "-id"), PAGE_SIZE).get_page(page)


def my_tasks(*, user, page: int | str = 1, page_size: int = PAGE_SIZE):
    """The user's open tasks, earliest due first, one page at a time."""
    queryset = (
        Task.objects.filter(assignee=user, done_at__isnull=True)
        .select_related("case__employer")
        .order_by("due_on", "id")
    )
    return Paginator(queryset, page_size).get_page(page)


def dashboard(*, on: dt.date) -> dict:
    """Counts for the regional dashboard (the scope decides which region)."""
    # Open cases per stage and how many of them are overdue in one pass over the (region, status, stage,
    # has_overdue) index, which also carries the id: PostgreSQL need not read the rows themselves.
    by_stage = list(
        Case.objects.filter(status=Case.Status.OPEN)
        .values("stage")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(has_overdue=True)))
        .values_list("stage", "n", "overdue")
        .order_by()
    )
    stages = {stage: n for stage, n, _ in by_stage}
    labels = {}
    for spec in config.case_types().values():
        for step in spec["steps"]:
            labels.setdefault(step["key"], step["label"])
    # Running timers (closing a case stops its timers, so they all belong to open cases), from the partial index
    # on (region, due_on).
    running = DeadlineTimer.objects.filter(stopped_on__isnull=True, paused_since__isnull=True)
    overdue_timers = list(
        running.filter(due_on__lt=on)
        .exclude(kind__in=config.deemed_kinds())  # expired without answer = approval given, not overdue
        .order_by("due_on")
        .values_list("case_id", "case__reference", "case__employer__name", "label", "due_on")[:20]
    )
    soon = running.filter(due_on__gte=on, due_on__lte=on + dt.timedelta(days=config.amber_days())).count()
    return {
        "new_requests": AdviceRequest.objects.filter(status=AdviceRequest.Status.NEW).count(),
        "open_cases": sum(stages.values()),
        "overdue_cases": sum(overdue for _, _, overdue in by_stage),
        "due_soon": soon,
        "overdue_timers": display.overdue_items(overdue_timers),
        "stages": display.stage_rows(
            sorted(((translated(labels.get(k, k)), k, n) for k, n in stages.items()), key=lambda row: -row[2])
        ),
    }


@dataclass(frozen=True)
class DuplicateMatch:
    """A probable duplicate of a company being entered. `pk` is None when it belongs to another region: the
    adviser learns only that it exists (name and place), not its case data."""

    name: str
    postcode: str
    city: str
    region: str
    pk: int | None


def company_duplicates(*, name: str, postcode: str = "", gemeinde=None, exclude_id=None) -> list[DuplicateMatch]:
    """Employers in all regions that are probably the same company: the same normalised name, or a very
    similar name in the same Gemeinde/postcode. Searches beyond the actor's scope (a company entered by
    another Regionalagentur must be found), but returns only names and places."""
    from lotse.cases.services import company_name_key  # noqa: PLC0415
    from lotse.core.scoping import system_access  # noqa: PLC0415

    key = company_name_key(name)
    if not key:
        return []
    gemeinde_id = getattr(gemeinde, "pk", None)
    found = []
    with system_access("duplicate check of companies across all regions (names only)"):
        queryset = Organisation.objects.filter(kind=Organisation.Kind.UNTERNEHMEN)
        if exclude_id:
            queryset = queryset.exclude(pk=exclude_id)
        place = Q(name__icontains=key.split()[0][:6])
        if gemeinde_id is not None:
            place |= Q(gemeinde_id=gemeinde_id)
        if postcode:
            place |= Q(postcode=postcode)
        rows = queryset.filter(place).values_list("pk", "name", "postcode", "city", "gemeinde_id", "region__name")
        for pk, other_name, other_postcode, city, other_gemeinde, region in rows.order_by("name", "pk")[:200]:
            other = company_name_key(other_name)
            same_place = (gemeinde_id is not None and other_gemeinde == gemeinde_id) or (
                postcode and other_postcode == postcode
            )
            ratio = difflib.SequenceMatcher(None, key, other).ratio()
            if other == key or (same_place and ratio >= 0.8) or ratio >= 0.92:
                found.append((pk, other_name, other_postcode or "", city or "", region or ""))
    visible = set(Organisation.objects.filter(pk__in=[row[0] for row in found]).values_list("pk", flat=True))
    return [
        DuplicateMatch(name=n, postcode=p, city=c, region=r, pk=pk if pk in visible else None)
        for pk, n, p, c, r in found
    ]


def companies(*, q: str = "", page: int = 1):
    queryset = Organisation.objects.filter(kind=Organisation.Kind.UNTERNEHMEN).select_related("region", "gemeinde")
    if q:
        queryset = queryset.filter(name__icontains=q)
    return Paginator(queryset.order_by("name", "id"), PAGE_SIZE).get_page(page)


FILTER_ADVISERS_SECONDS = 60


def filter_advisers() -> list[tuple[int, str]]:
    """(id, name) of the advisers of the teams whose cases the actor sees: the Regionalagenturen of the actor's
    regions and FAI NRW (all teams for FAI NRW). The case list reads this on every view, and it changes when
    someone joins a team: it is kept for a minute per scope."""
    from lotse.core.scoping import current_visibility  # noqa: PLC0415

    visibility = current_visibility()
    return cache.get_or_set(
        f"lotse:cases:filter-advisers:{filter_scope()}",
        lambda: _load_filter_advisers(visibility),
        FILTER_ADVISERS_SECONDS,
    )


def filter_scope() -> str:
    """The part of the actor's visibility that decides the list filters' choices: their regions, or all."""
    from lotse.core.scoping import current_visibility  # noqa: PLC0415

    visibility = current_visibility()
    return "all" if visibility.all_regions else ",".join(str(pk) for pk in sorted(visibility.region_ids))


def _load_filter_advisers(visibility) -> list[tuple[int, str]]:
    from lotse.accounts.models import Membership, User  # noqa: PLC0415

    teams = Q(memberships__organisation__kind=Organisation.Kind.FAI)
    if visibility.all_regions:
        teams |= Q(memberships__organisation__kind=Organisation.Kind.REGIONALAGENTUR)
    else:
        teams |= Q(
            memberships__organisation__kind=Organisation.Kind.REGIONALAGENTUR,
            memberships__organisation__region__in=visibility.region_ids,
        )
    users = (
        User.objects.filter(teams, memberships__role__in=[Membership.Role.ADVISER, Membership.Role.ADMIN])
        .only("id", "full_name", "email")  # what the select shows
        .distinct()
        .order_by("full_name", "email")
    )
    return [(user.pk, str(user)) for user in users]


def adviser_choices(*, case: Case) -> list:
    from lotse.accounts.models import Membership, User  # noqa: PLC0415

    return list(
        User.objects.filter(
            memberships__organisation_id__in=[case.team_id],
            memberships__role__in=[Membership.Role.ADVISER, Membership.Role.ADMIN],
        )
        .distinct()
        .order_by("full_name", "email")
    )


def pathway_status_label(status: str | None) -> str:
    return {
        "eligible": _("möglich"),
        "needs_information": _("Angaben fehlen"),
        "not_eligible": _("nicht möglich"),
    }.get(status or "", status or "–")


def _reassessment_changes(result: CaseReassessment, chosen: str) -> list[dict]:
    from lotse.cases.labels import pathway_title  # noqa: PLC0415

    return [
        {
            "pathway": change["pathway"],
            "title": pathway_title(change["pathway"]),
            "old": pathway_status_label(change["old"]),
            "new": pathway_status_label(change["new"]),
            "chosen": change["pathway"] == chosen,
        }
        for change in result.changes
    ]


def case_reassessment(*, case: Case) -> dict | None:
    """The case's last re-assessment that changed a pathway's status (after a change of the legal parameters); read
    only for a case that has one (`Case.last_reassessment`)."""
    if case.last_reassessment_id is None:
        return None
    result = CaseReassessment.objects.filter(pk=case.last_reassessment_id).first()
    if result is None:
        return None
    return {"as_of": result.as_of, "changes": _reassessment_changes(result, case.pathway), "run": result.run_id}


def reassessment_overview(*, limit: int = 20, page: int | str = 1) -> dict:
    """The last runs (counts only) and, of the latest finished or running one, the cases in scope whose status
    changed."""
    runs = list(ReassessmentRun.objects.exclude(reason=ReassessmentRun.Reason.BASELINE)[:limit])
    current = runs[0] if runs else None
    changed = None
    if current is not None:
        queryset = (
            CaseReassessment.objects.filter(run=current)
            .exclude(changes=[])
            .select_related("case__employer")
            .order_by("case__reference")
        )
        changed = Paginator(queryset, PAGE_SIZE).get_page(page)
        for result in changed:
            result.change_list = _reassessment_changes(result, result.case.pathway)
    return {"runs": runs, "current": current, "changed": changed}


# The data-protection reads (Art. 15/20 exports, a contact person's records) live in lotse.cases.exports.
from lotse.cases.exports import contact_export, contact_records, person_export  # noqa: E402, F401
