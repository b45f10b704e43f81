"""Facts: what each statistic counts, read from the source tables of case work, events and the fair-recruitment
self-check (registered by lotse.fairness). System reads for aggregate statistics (ADR 0001): callers hold
`system_access`.

A source is a function `(first_day, last_day, as_of) -> Iterable[Fact]` yielding one fact per counted thing whose
day lies in [first_day, last_day]; `as_of` is the last day whose data counts (e.g. a deadline is overdue only once
the day after it has come). Each source also names its earliest day (`first_day()`), where the fill starts, and
the days touched by rows changed since a moment (`changed_days(since)`), which the fill refreshes.

Other apps add a source with `register(stat_key, source)` in their AppConfig.ready(); see `self_checks`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate

from lotse.reporting import dimensions as dims
from lotse.reporting.dimensions import NO_REGION, UNKNOWN


class Fact(NamedTuple):
    day: dt.date
    region: int  # Arbeitsmarktregion pk or NO_REGION
    dims: tuple[str, ...]  # one value per dimension of the statistic, in its order
    measure: str | None  # None for distinct statistics (the period decides: first contact or repeat)
    value: int | None = None  # durations: the duration; distinct: the entity's first day (ordinal)
    entity: int | None = None  # distinct: the counted entity


FactSource = Callable[[dt.date, dt.date, dt.date], Iterable[Fact]]


@dataclass(frozen=True)
class Source:
    facts: FactSource
    first_day: Callable[[], dt.date | None]
    changed_days: Callable[[dt.datetime], set[dt.date]] = lambda since: set()
    placeholder: bool = False  # True until the real source is plugged in


def _local_date(field: str):
    return TruncDate(field, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _region(region_id) -> int:
    return region_id if region_id else NO_REGION


def _min_day(*days) -> dt.date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


# ------------------------------------------------------------------------------------------------ companies


def _companies(ids) -> dict[int, tuple[int, str, str]]:
    """{organisation id: (region, WZ section, size class)} of employers."""
    from lotse.accounts.models import Organisation  # noqa: PLC0415

    rows = Organisation.unscoped.filter(pk__in=ids).values_list(
        "pk", "region_id", "company_profile__wz_code", "company_profile__size_class"
    )
    return {pk: (_region(region), dims.wz_section(wz), dims.size_class(size)) for pk, region, wz, size in rows}


def _contacts(first_day: dt.date | None = None, last_day: dt.date | None = None):
    """(employer, day) of every contact: advice requests of a known company, and cases opened."""
    from lotse.cases.models import AdviceRequest, Case  # noqa: PLC0415

    requests = AdviceRequest.unscoped.filter(employer__isnull=False).annotate(day=_local_date("created_at"))
    cases = Case.unscoped.all()
    if first_day:
        requests, cases = requests.filter(day__gte=first_day), cases.filter(opened_on__gte=first_day)
    if last_day:
        requests, cases = requests.filter(day__lte=last_day), cases.filter(opened_on__lte=last_day)
    yield from requests.values_list("employer_id", "day")
    yield from cases.values_list("employer_id", "opened_on")


def _first_contacts(employer_ids) -> dict[int, dt.date]:
    from lotse.cases.models import AdviceRequest, Case  # noqa: PLC0415

    first: dict[int, dt.date] = {}
    requests = (
        AdviceRequest.unscoped.filter(employer_id__in=employer_ids)
        .values("employer_id")
        .annotate(first=Min(_local_date("created_at")))
        .values_list("employer_id", "first")
    )
    cases = (
        Case.unscoped.filter(employer_id__in=employer_ids)
        .values("employer_id")
        .annotate(first=Min("opened_on"))
        .values_list("employer_id", "first")
    )
    for employer, day in [*requests, *cases]:
        if employer not in first or day < first[employer]:
            first[employer] = day
    return first


def companies_advised(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    contacts = set(_contacts(first_day, min(last_day, as_of)))
    employers = {employer for employer, _day in contacts}
    first = _first_contacts(employers)
    companies = _companies(employers)
    for employer, day in contacts:
        region, wz, size = companies.get(employer, (NO_REGION, UNKNOWN, UNKNOWN))
        yield Fact(day, region, (wz, size), None, first[employer].toordinal(), employer)


def _companies_first_day() -> dt.date | None:
    from lotse.cases.models import AdviceRequest, Case  # noqa: PLC0415

    request = AdviceRequest.unscoped.aggregate(day=Min(_local_date("created_at")))["day"]
    return _min_day(request, Case.unscoped.aggregate(day=Min("opened_on"))["day"])


# ------------------------------------------------------------------------------------------------ requests


def advice_requests(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    from lotse.cases.models import AdviceRequest  # noqa: PLC0415

    rows = (
        AdviceRequest.unscoped.annotate(day=_local_date("created_at"))
        .filter(day__gte=first_day, day__lte=min(last_day, as_of))
        .values_list("day", "region_id", "employer__company_profile__wz_code", "employer__company_profile__size_class")
    )
    for day, region, wz, size in rows:
        yield Fact(day, _region(region), (dims.wz_section(wz), dims.size_class(size)), "received")


RESPONSE_ACTIONS = ("advice_request.accept", "advice_request.forward")


def advice_response(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    """The first response to each request, from the audit log (the request itself keeps no response time)."""
    from lotse.cases.models import AdviceRequest  # noqa: PLC0415
    from lotse.core.models import AuditEntry  # noqa: PLC0415

    zone = ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(first_day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(min(last_day, as_of) + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    firsts = (
        AuditEntry.unscoped.filter(action__in=RESPONSE_ACTIONS, object_type="cases.advicerequest")
        .values("object_id")
        .annotate(first=Min("created_at"))
        .filter(first__gte=start, first__lt=end)
        .values_list("object_id", "first")
    )
    answered = {int(object_id): first for object_id, first in firsts}
    requests = AdviceRequest.unscoped.filter(pk__in=list(answered)).values_list("pk", "created_at", "region_id")
    for pk, created_at, region in requests:
        responded = answered[pk]
        hours = max(int((responded - created_at).total_seconds() // 3600), 0)
        yield Fact(responded.astimezone(zone).date(), _region(region), (), "first_response", hours)


def _responses_first_day() -> dt.date | None:
    from lotse.core.models import AuditEntry  # noqa: PLC0415

    first = AuditEntry.unscoped.filter(action__in=RESPONSE_ACTIONS).aggregate(first=Min("created_at"))["first"]
    return first.astimezone(ZoneInfo(settings.TIME_ZONE)).date() if first else None


# ------------------------------------------------------------------------------------------------ cases


def _case_rows(cases, *extra: str):
    """Cases with their breakdown values: the employer's WZ section and size, the pathway, and citizenship and
    occupation of the case's first candidate (a case with several candidates is counted once)."""
    from lotse.cases.models import Case  # noqa: PLC0415

    through = Case.candidates.through.objects.filter(case_id=OuterRef("pk")).order_by("candidate_id")
    return cases.annotate(
        citizenship=Subquery(through.values("candidate__citizenship")[:1]),
        occupation=Subquery(through.values("candidate__profession")[:1]),
    ).values_list(
        "region_id",
        "employer__company_profile__wz_code",
        "employer__company_profile__size_class",
        "pathway",
        "citizenship",
        "occupation",
        *extra,
    )


_PATHWAYS: set[str] = set()
_OCCUPATIONS: set[str] = set()


def _case_dims(wz, size, pathway, citizenship, occupation) -> tuple[str, ...]:
    if not _PATHWAYS:
        from lotse.rules import PATHWAY_IDS, PROFESSIONS  # noqa: PLC0415

        _PATHWAYS.update(PATHWAY_IDS)
        _OCCUPATIONS.update(PROFESSIONS)
    return (
        dims.wz_section(wz),
        dims.size_class(size),
        pathway if pathway in _PATHWAYS else UNKNOWN,
        dims.citizenship_group(citizenship),
        occupation if occupation in _OCCUPATIONS else UNKNOWN,
    )


def cases_opened(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    from lotse.cases.models import Case  # noqa: PLC0415

    cases = Case.unscoped.filter(opened_on__gte=first_day, opened_on__lte=min(last_day, as_of))
    for region, wz, size, pathway, citizenship, occupation, day in _case_rows(cases, "opened_on"):
        yield Fact(day, region, _case_dims(wz, size, pathway, citizenship, occupation), "opened")


CLOSED_STATUSES = {"closed": "completed", "withdrawn": "withdrawn", "rejected": "rejected"}
ARRIVAL_EVENT = "entry"


def cases_closed(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    from lotse.cases.models import Case, CaseEvent  # noqa: PLC0415

    cases = Case.unscoped.filter(
        status__in=list(CLOSED_STATUSES), closed_on__gte=first_day, closed_on__lte=min(last_day, as_of)
    ).annotate(arrived=Exists(CaseEvent.unscoped.filter(case_id=OuterRef("pk"), kind=ARRIVAL_EVENT)))
    rows = _case_rows(cases, "closed_on", "status", "arrived")
    for region, wz, size, pathway, citizenship, occupation, day, status, arrived in rows:
        measure = "arrived" if status == "closed" and arrived else CLOSED_STATUSES[status]
        yield Fact(day, region, _case_dims(wz, size, pathway, citizenship, occupation), measure)


def withdrawals(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    """Withdrawn cases by their reason (cases withdrawn before reasons were recorded: "unrecorded")."""
    from lotse.cases.models import Case  # noqa: PLC0415
    from lotse.reporting.stats import WITHDRAWAL_REASONS  # noqa: PLC0415

    known = {key for key, _label in WITHDRAWAL_REASONS}
    cases = Case.unscoped.filter(
        status="withdrawn", closed_on__gte=first_day, closed_on__lte=min(last_day, as_of)
    )
    for region, wz, size, pathway, citizenship, occupation, day, reason in _case_rows(
        cases, "closed_on", "withdrawal_reason"
    ):
        measure = reason if reason in known else "unrecorded"
        yield Fact(day, region, _case_dims(wz, size, pathway, citizenship, occupation), measure)


def _cases_first_day() -> dt.date | None:
    from lotse.cases.models import Case  # noqa: PLC0415

    return Case.unscoped.aggregate(day=Min("opened_on"))["day"]


def _case_changed_days(since: dt.datetime) -> set[dt.date]:
    """Days a late change may have touched: cases changed since (their opening, closing, events and deadlines)."""
    from lotse.cases.models import Case, CaseEvent, DeadlineTimer  # noqa: PLC0415

    changed = Case.unscoped.filter(updated_at__gte=since)
    days: set[dt.date] = set()
    for opened, closed in changed.values_list("opened_on", "closed_on"):
        days.update(d for d in (opened, closed) if d)
    days.update(
        CaseEvent.unscoped.filter(Q(case__in=changed) | Q(created_at__gte=since)).values_list("occurred_on", flat=True)
    )
    for stopped, due, deemed in DeadlineTimer.unscoped.filter(case__in=changed).values_list(
        "stopped_on", "due_on", "deemed_on"
    ):
        days.update(d for d in (stopped, due + dt.timedelta(days=1), deemed) if d)
    return days


# Case events that mark a milestone (lotse/cases/config/case_types.yaml).
MILESTONE_EVENTS = {
    "recognition_decision_received": "recognition",
    "preapproval_issued": "preapproval",
    "visa_decision_received": "visa",
    "entry": "arrival",
    "work_started": "work_start",
}


def _first_contact_days(case_ids) -> dict[int, dt.date]:
    """A case's first contact: the day its advice request came in, or else the day it was opened."""
    from lotse.cases.models import AdviceRequest, Case  # noqa: PLC0415

    first = dict(Case.unscoped.filter(pk__in=case_ids).values_list("pk", "opened_on"))
    requests = (
        AdviceRequest.unscoped.filter(case_id__in=case_ids)
        .annotate(day=_local_date("created_at"))
        .values_list("case_id", "day")
    )
    for case_id, day in requests:
        if day < first[case_id]:
            first[case_id] = day
    return first


def milestones(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    """Days from the first contact to each milestone, counted once per case and milestone (its first record)."""
    from lotse.cases.models import Case, CaseEvent  # noqa: PLC0415

    reached = (
        CaseEvent.unscoped.filter(kind__in=list(MILESTONE_EVENTS))
        .values("case_id", "kind")
        .annotate(day=Min("occurred_on"))
        .filter(day__gte=first_day, day__lte=min(last_day, as_of))
        .values_list("case_id", "kind", "day")
    )
    by_case: dict[int, list[tuple[str, dt.date]]] = {}
    for case_id, kind, day in reached:
        by_case.setdefault(case_id, []).append((MILESTONE_EVENTS[kind], day))
    if not by_case:
        return
    first_contact = _first_contact_days(list(by_case))
    cases = Case.unscoped.filter(pk__in=list(by_case))
    for region, wz, size, pathway, citizenship, occupation, pk in _case_rows(cases, "pk"):
        case_dims = _case_dims(wz, size, pathway, citizenship, occupation)
        for measure, day in by_case[pk]:
            yield Fact(day, region, case_dims, measure, max((day - first_contact[pk]).days, 0))


def _milestones_first_day() -> dt.date | None:
    from lotse.cases.models import CaseEvent  # noqa: PLC0415

    return CaseEvent.unscoped.filter(kind__in=list(MILESTONE_EVENTS)).aggregate(day=Min("occurred_on"))["day"]


# The event that ends each authority's deadline with a decision (lotse/cases/config/case_types.yaml, `stops_on`).
TIMER_DECISION_EVENTS = {
    "recognition": "recognition_decision_received",
    "ba_approval": "ba_decision_received",
    "visa_appointment": "visa_appointment_held",
    "visa_decision": "visa_decision_received",
}


def deadline_outcome(
    *, due_on, stopped_on, deemed_on, paused_since, decided: bool, as_of
) -> tuple[str, dt.date] | None:
    """(measure, day) of one statutory deadline, or None while it is still running (or ended without a decision).

    Kept: decided on or before the due day. Overdue: counted on the first day after the due day, whether the
    decision came later or not at all. Deemed: the BA's approval counts as given when its period ran out.
    """
    if deemed_on:
        return ("deemed", deemed_on) if deemed_on <= as_of else None
    if stopped_on and stopped_on <= due_on:
        return ("kept", stopped_on) if decided and stopped_on <= as_of else None
    if paused_since and not stopped_on:
        return None
    overdue_day = due_on + dt.timedelta(days=1)
    return ("overdue", overdue_day) if overdue_day <= as_of else None


def deadlines(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    from django.db.models import Case as CaseWhen  # noqa: PLC0415
    from django.db.models import Value, When  # noqa: PLC0415

    from lotse.cases.models import CaseEvent, DeadlineTimer  # noqa: PLC0415

    decision_event = CaseWhen(*(When(kind=timer, then=Value(event)) for timer, event in TIMER_DECISION_EVENTS.items()))
    timers = (
        DeadlineTimer.unscoped.filter(kind__in=list(dims.TIMER_AUTHORITY))
        .filter(
            Q(stopped_on__gte=first_day, stopped_on__lte=last_day)
            | Q(due_on__gte=first_day - dt.timedelta(days=1), due_on__lte=last_day - dt.timedelta(days=1))
            | Q(deemed_on__gte=first_day, deemed_on__lte=last_day)
        )
        .annotate(decision_event=decision_event)
        .annotate(
            decided=Exists(
                CaseEvent.unscoped.filter(
                    case_id=OuterRef("case_id"), occurred_on=OuterRef("stopped_on"), kind=OuterRef("decision_event")
                )
            )
        )
        .values_list("kind", "region_id", "due_on", "stopped_on", "deemed_on", "paused_since", "decided")
    )
    for kind, region, due_on, stopped_on, deemed_on, paused_since, was_decided in timers:
        outcome = deadline_outcome(
            due_on=due_on,
            stopped_on=stopped_on,
            deemed_on=deemed_on,
            paused_since=paused_since,
            decided=was_decided,
            as_of=as_of,
        )
        if outcome and first_day <= outcome[1] <= last_day:
            yield Fact(outcome[1], region, (dims.TIMER_AUTHORITY[kind],), outcome[0])


def _deadlines_first_day() -> dt.date | None:
    from lotse.cases.models import DeadlineTimer  # noqa: PLC0415

    return DeadlineTimer.unscoped.filter(kind__in=list(dims.TIMER_AUTHORITY)).aggregate(day=Min("started_on"))["day"]


# ------------------------------------------------------------------------------------------------ events


def _session_rows(first_day: dt.date, last_day: dt.date, as_of: dt.date):
    """Sessions of published events held in the window (ended by the end of `as_of`)."""
    from lotse.events.models import Session  # noqa: PLC0415

    zone = ZoneInfo(settings.TIME_ZONE)
    held_by = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return (
        Session.unscoped.filter(event__status="published", ends_at__lt=held_by)
        .annotate(day=_local_date("starts_at"))
        .filter(day__gte=first_day, day__lte=last_day)
    )


def workshops(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    from lotse.events.models import Event  # noqa: PLC0415

    sessions = list(_session_rows(first_day, last_day, as_of).values_list("event_id", "day"))
    regions: dict[int, list[int]] = {}
    statewide = set()
    events = Event.unscoped.filter(pk__in={event for event, _day in sessions})
    for pk, is_statewide, region in events.values_list("pk", "statewide", "regions"):
        if is_statewide:
            statewide.add(pk)
        if region:
            regions.setdefault(pk, []).append(region)
    for event, day in sessions:
        own = regions.get(event, [])
        region = own[0] if len(own) == 1 and event not in statewide else NO_REGION
        yield Fact(day, region, (), "sessions")


def registrations(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    from lotse.events.models import Registration  # noqa: PLC0415

    sessions = _session_rows(first_day, last_day, as_of)
    rows = (
        Registration.unscoped.filter(status="confirmed", session__in=sessions.values("pk"))
        .annotate(day=_local_date("session__starts_at"))
        .values_list("day", "region_id", F("checked_in_at"))
    )
    for day, region, checked_in_at in rows:
        yield Fact(day, _region(region), (), "attended" if checked_in_at else "no_show")


def _events_first_day() -> dt.date | None:
    from lotse.events.models import Session  # noqa: PLC0415

    first = Session.unscoped.filter(event__status="published").aggregate(first=Min("starts_at"))["first"]
    return first.astimezone(ZoneInfo(settings.TIME_ZONE)).date() if first else None


def _events_changed_days(since: dt.datetime) -> set[dt.date]:
    from lotse.events.models import Registration, Session  # noqa: PLC0415

    zone = ZoneInfo(settings.TIME_ZONE)
    starts = Session.unscoped.filter(
        Q(event__updated_at__gte=since)
        | Q(pk__in=Registration.unscoped.filter(updated_at__gte=since).values("session"))
    ).values_list("starts_at", flat=True)
    return {start.astimezone(zone).date() for start in starts}


# ------------------------------------------------------------------------------------------------ registry


def _nothing(first_day: dt.date, last_day: dt.date, as_of: dt.date) -> Iterable[Fact]:
    return ()


SOURCES: dict[str, Source] = {
    "companies_advised": Source(companies_advised, _companies_first_day, _case_changed_days),
    "advice_requests": Source(advice_requests, _companies_first_day),
    "advice_response": Source(advice_response, _responses_first_day),
    "cases_opened": Source(cases_opened, _cases_first_day, _case_changed_days),
    "cases_closed": Source(cases_closed, _cases_first_day, _case_changed_days),
    "withdrawals": Source(withdrawals, _cases_first_day, _case_changed_days),
    "milestones": Source(milestones, _milestones_first_day, _case_changed_days),
    "deadlines": Source(deadlines, _deadlines_first_day, _case_changed_days),
    "workshops": Source(workshops, _events_first_day, _events_changed_days),
    "registrations": Source(registrations, _events_first_day, _events_changed_days),
    # The fair-recruitment app plugs its source in here (lotse.fairness.reporting, from FairnessConfig.ready()).
    "self_checks": Source(_nothing, lambda: None, placeholder=True),
}


def register(stat_key: str, source: Source) -> None:
    """Plug a source in (from another app's AppConfig.ready()). Facts must carry the statistic's dimensions in its
    order (lotse.reporting.stats), e.g. for "self_checks": Fact(day, region, (wz_section, size), "done")."""
    from lotse.reporting.stats import STATS  # noqa: PLC0415

    if stat_key not in STATS:
        raise KeyError(f"no statistic {stat_key!r} to plug a source into")
    SOURCES[stat_key] = source


def source_of(stat_key: str) -> Source:
    return SOURCES[stat_key]
