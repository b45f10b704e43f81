"""The figures counted directly from the source tables, written independently of lotse.reporting's sources and
aggregation (plain loops over model instances), to check the count table against."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings

from lotse.accounts.models import Organisation
from lotse.cases.models import AdviceRequest, Case, CaseEvent, DeadlineTimer
from lotse.core.models import AuditEntry
from lotse.events.models import Registration, Session
from lotse.fairness.models import SelfCheck
from lotse.reporting import dimensions as d
from lotse.reporting.periods import KINDS, Period
from lotse.rules import PATHWAY_IDS, PROFESSIONS

ZONE = ZoneInfo(settings.TIME_ZONE)
MILESTONES = {
    "recognition_decision_received": "recognition",
    "preapproval_issued": "preapproval",
    "visa_decision_received": "visa",
    "entry": "arrival",
    "work_started": "work_start",
}
DECISIONS = {
    "recognition": "recognition_decision_received",
    "ba_approval": "ba_decision_received",
    "visa_appointment": "visa_appointment_held",
    "visa_decision": "visa_decision_received",
}
AUTHORITY = {
    "recognition": "recognition",
    "ba_approval": "ba",
    "visa_appointment": "mission",
    "visa_decision": "mission",
}


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(ZONE).date()


def region_of(region_id) -> int:
    return region_id or d.NO_REGION


def company(org: Organisation | None) -> tuple[str, str]:
    profile = getattr(org, "company_profile", None) if org else None
    if profile is None:
        return ("", "")
    return (d.wz_section(profile.wz_code), d.size_class(profile.size_class))


def case_dims(case: Case) -> dict[str, str]:
    first = min(case.candidates.all(), key=lambda candidate: candidate.pk, default=None)
    wz, size = company(case.employer)
    return {
        "wz_section": wz,
        "size": size,
        "pathway": case.pathway if case.pathway in PATHWAY_IDS else "",
        "citizenship": d.citizenship_group(first.citizenship if first else ""),
        "occupation": first.profession if first and first.profession in PROFESSIONS else "",
    }


def percentile_cont(values: list[int], q: float) -> float:
    values = sorted(values)
    position = q * (len(values) - 1)
    low, high = math.floor(position), math.ceil(position)
    return values[low] + (values[high] - values[low]) * (position - low)


def _spread(facts, cells, stat):
    """facts: (day, region, dims dict, measure, value). Adds them to every period kind, region/NRW, breakdown."""
    for day, region, dims, measure, value in facts:
        for kind in KINDS:
            period = Period.containing(kind, day)
            for r in (region, d.NRW):
                for dimension, v in [("", ""), *dims.items()]:
                    cells[(stat, measure, kind, period.start, r, dimension, v)].append(value)


def expected(until: dt.date) -> dict[tuple, tuple[int, float | None, float | None]]:
    lists: dict[tuple, list] = defaultdict(list)

    # Every row read once (the loops below look up what they need in these lists).
    cases = list(Case.unscoped.select_related("employer__company_profile").prefetch_related("candidates"))
    requests = list(AdviceRequest.unscoped.select_related("employer__company_profile"))
    events = defaultdict(list)
    for event in CaseEvent.unscoped.all():
        events[event.case_id].append(event)
    answered = defaultdict(list)
    for entry in AuditEntry.unscoped.filter(action__in=["advice_request.accept", "advice_request.forward"]):
        answered[entry.object_id].append(entry)

    # cases opened / closed
    _spread(
        [(c.opened_on, c.region_id, case_dims(c), "opened", 1) for c in cases if c.opened_on <= until],
        lists,
        "cases_opened",
    )
    closed = []
    for c in cases:
        if c.status in ("closed", "withdrawn", "rejected") and c.closed_on and c.closed_on <= until:
            arrived = any(e.kind == "entry" for e in events[c.pk])
            measure = {"closed": "arrived" if arrived else "completed"}.get(c.status, c.status)
            closed.append((c.closed_on, c.region_id, case_dims(c), measure, 1))
            closed.append((c.closed_on, c.region_id, case_dims(c), "total", 1))
    _spread(closed, lists, "cases_closed")
    reasons = {"employer_filled", "employer_declined", "candidate_declined", "recognition", "language",
               "no_pathway", "no_contact", "other"}
    withdrawn = []
    for c in cases:
        if c.status == "withdrawn" and c.closed_on and c.closed_on <= until:
            measure = c.withdrawal_reason if c.withdrawal_reason in reasons else "unrecorded"
            withdrawn.append((c.closed_on, c.region_id, case_dims(c), measure, 1))
            withdrawn.append((c.closed_on, c.region_id, case_dims(c), "total", 1))
    _spread(withdrawn, lists, "withdrawals")

    # milestones
    facts = []
    for c in cases:
        contact = min([c.opened_on] + [local_day(r.created_at) for r in requests if r.case_id == c.pk])
        for kind, measure in MILESTONES.items():
            days = [e.occurred_on for e in events[c.pk] if e.kind == kind]
            if days and min(days) <= until:
                facts.append((min(days), c.region_id, case_dims(c), measure, max((min(days) - contact).days, 0)))
    _spread(facts, lists, "milestones")

    # advice requests and responses
    _spread(
        [
            (
                local_day(r.created_at),
                region_of(r.region_id),
                dict(zip(("wz_section", "size"), company(r.employer), strict=True)),
                "received",
                1,
            )
            for r in requests
            if local_day(r.created_at) <= until
        ],
        lists,
        "advice_requests",
    )
    facts = []
    for r in requests:
        answers = sorted(answered[str(r.pk)], key=lambda entry: entry.created_at)
        if answers and local_day(answers[0].created_at) <= until:
            hours = max(int((answers[0].created_at - r.created_at).total_seconds() // 3600), 0)
            facts.append((local_day(answers[0].created_at), region_of(r.region_id), {}, "first_response", hours))
    _spread(facts, lists, "advice_response")

    # companies: distinct per period
    contacts = [(r.employer_id, local_day(r.created_at)) for r in requests if r.employer_id]
    contacts += [(c.employer_id, c.opened_on) for c in cases]
    first_contact = {}
    for employer, day in contacts:
        first_contact[employer] = min(day, first_contact.get(employer, day))
    employers = {o.pk: o for o in Organisation.unscoped.filter(pk__in=first_contact).select_related("company_profile")}
    seen: dict[tuple, set] = defaultdict(set)
    for employer, day in contacts:
        if day > until:
            continue
        org = employers[employer]
        dims = dict(zip(("wz_section", "size"), company(org), strict=True))
        for kind in KINDS:
            period = Period.containing(kind, day)
            for r in (region_of(org.region_id), d.NRW):
                for dimension, v in [("", ""), *dims.items()]:
                    seen[(kind, period, r, dimension, v)].add(employer)
    for (kind, period, r, dimension, v), members in seen.items():
        first = sum(1 for e in members if period.contains(first_contact[e]))
        for measure, count in (("first_contact", first), ("repeat", len(members) - first), ("total", len(members))):
            if count:
                lists[("companies_advised", measure, kind, period.start, r, dimension, v)] = [1] * count

    # deadlines
    facts = []
    for t in DeadlineTimer.unscoped.filter(kind__in=list(AUTHORITY)):
        if t.deemed_on:
            outcome = ("deemed", t.deemed_on)
        elif t.stopped_on and t.stopped_on <= t.due_on:
            decided = [e for e in events[t.case_id] if e.kind == DECISIONS[t.kind] and e.occurred_on == t.stopped_on]
            outcome = ("kept", t.stopped_on) if decided else None
        elif t.paused_since and not t.stopped_on:
            outcome = None
        else:
            outcome = ("overdue", t.due_on + dt.timedelta(days=1))
        if outcome and outcome[1] <= until:
            facts.append((outcome[1], t.region_id, {"authority": AUTHORITY[t.kind]}, outcome[0], 1))
            facts.append((outcome[1], t.region_id, {"authority": AUTHORITY[t.kind]}, "total", 1))
    _spread(facts, lists, "deadlines")

    # workshops and registrations
    limit = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=ZONE)
    held = [s for s in Session.unscoped.select_related("event") if s.event.status == "published" and s.ends_at < limit]
    facts, regs = [], []
    for s in held:
        regions = list(s.event.regions.values_list("pk", flat=True))
        region = regions[0] if len(regions) == 1 and not s.event.statewide else d.NO_REGION
        facts.append((local_day(s.starts_at), region, {}, "sessions", 1))
        for reg in Registration.unscoped.filter(session=s, status="confirmed"):
            measure = "attended" if reg.checked_in_at else "no_show"
            regs.append((local_day(s.starts_at), region_of(reg.region_id), {}, measure, 1))
            regs.append((local_day(s.starts_at), region_of(reg.region_id), {}, "total", 1))
    _spread(facts, lists, "workshops")
    _spread(regs, lists, "registrations")

    # fair-recruitment self-checks
    checks = []
    for check in SelfCheck.unscoped.select_related("organisation__company_profile"):
        if local_day(check.created_at) <= until:
            region = region_of(check.region_id or check.organisation.region_id)
            dims = dict(zip(("wz_section", "size"), company(check.organisation), strict=True))
            checks.append((local_day(check.created_at), region, dims, "done", 1))
    _spread(checks, lists, "self_checks")

    result = {}
    for key, values in lists.items():
        if key[0] in ("milestones", "advice_response"):
            result[key] = (len(values), percentile_cont(values, 0.5), percentile_cont(values, 0.9))
        else:
            result[key] = (len(values), None, None)
    return result
