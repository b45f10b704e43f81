"""Random case work, advice requests and workshops, written straight into the tables (no services: the property
tests need hundreds of rows per example), for comparing the count table with direct counts."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from lotse.accounts.models import Organisation
from lotse.cases.models import AdviceRequest, Candidate, Case, CaseEvent, CompanyProfile, DeadlineTimer
from lotse.events.models import Event, Registration, Session

WZ = ["62.01", "C25", "Q", "86.10", "47.11", "", "F", "55"]
SIZES = ["micro", "small", "medium", "large", ""]
PATHWAYS = ["eu_blue_card", "skilled_worker_vocational", "western_balkans", "opportunity_card", "unknown_path"]
CITIZENSHIPS = ["IN", "RS", "PL", "US", "BR", "", "XK"]
PROFESSIONS = ["nurse", "software_developer", "electrician", "", "other"]
MILESTONES = ["recognition_decision_received", "preapproval_issued", "visa_decision_received", "entry", "work_started"]
REASONS = ["", "employer_filled", "candidate_declined", "other"]  # "" = withdrawn before reasons were recorded
TIMERS = ["recognition", "ba_approval", "visa_appointment", "visa_decision", "adviser_sla"]


@dataclass
class World:
    start: dt.date
    days: int
    regions: list
    employers: list = field(default_factory=list)
    cases: list = field(default_factory=list)


def insert_audit(*, action: str, object_id: int, created_at: dt.datetime) -> None:
    """Audit entries with a past timestamp (the model sets created_at itself; the table only allows inserts)."""
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_auditentry (created_at, actor_label, action, object_type, object_id, object_repr, "
            f"changes, context) VALUES (%s, 'test', %s, 'cases.advicerequest', %s, '', %s{cast}, %s{cast})",
            [created_at, action, str(object_id), json.dumps({}), json.dumps({})],
        )


def build_world(seed: int, *, regions, start=dt.date(2025, 11, 1), days=120, employers=6, cases=25, team=None):
    rng = random.Random(seed)
    world = World(start=start, days=days, regions=list(regions))

    def day() -> dt.date:
        return start + dt.timedelta(days=rng.randrange(days))

    def moment(on: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(on, dt.time(rng.randrange(24), rng.randrange(60))))

    for i in range(employers):
        region = rng.choice(world.regions + [None])
        org = Organisation.unscoped.create(name=f"Firma {seed}-{i}", kind="unternehmen", region=region)
        if rng.random() < 0.8:
            CompanyProfile.unscoped.create(
                organisation=org, wz_code=rng.choice(WZ), size_class=rng.choice(SIZES), name_key=f"firma{seed}{i}"
            )
        world.employers.append(org)
    team = team or Organisation.unscoped.filter(kind="fai").first()
    for i in range(cases):
        employer = rng.choice(world.employers)
        region = employer.region or rng.choice(world.regions)
        opened = day()
        status = rng.choice(["open", "open", "closed", "withdrawn", "rejected"])
        closed = opened + dt.timedelta(days=rng.randrange(0, 60)) if status != "open" else None
        case = Case.unscoped.create(
            reference=f"T-{seed}-{i}",
            region=region,
            team=team,
            employer=employer,
            case_type="fast_track_81a",
            pathway=rng.choice(PATHWAYS),
            rules_version="t",
            assessed_on=opened,
            stage="x",
            status=status,
            opened_on=opened,
            closed_on=closed,
            # not drawn from rng: the rest of the data stays what other tests' seeds expect
            withdrawal_reason=REASONS[i % len(REASONS)] if status == "withdrawn" else "",
        )
        for _ in range(rng.choice([0, 1, 1, 2])):
            candidate = Candidate.unscoped.create(
                region=region, citizenship=rng.choice(CITIZENSHIPS), profession=rng.choice(PROFESSIONS)
            )
            case.candidates.add(candidate)
        if rng.random() < 0.6:
            request = AdviceRequest.unscoped.create(
                region=rng.choice([region, None]),
                team=team,
                employer=employer,
                contact_name="x",
                contact_email="x@example.org",
                case=case,
            )
            received = moment(opened - dt.timedelta(days=rng.randrange(0, 20)))
            AdviceRequest.unscoped.filter(pk=request.pk).update(created_at=received)
            for action in rng.sample(["advice_request.forward", "advice_request.accept"], rng.randrange(0, 3)):
                insert_audit(
                    action=action,
                    object_id=request.pk,
                    created_at=received + dt.timedelta(hours=rng.randrange(0, 24 * 30)),
                )
        for kind in rng.sample(MILESTONES, rng.randrange(0, 4)):
            for _ in range(rng.choice([1, 1, 2])):
                CaseEvent.unscoped.create(
                    case=case, kind=kind, occurred_on=opened + dt.timedelta(days=rng.randrange(-3, 90))
                )
        for kind in rng.sample(TIMERS, rng.randrange(0, 3)):
            started = opened + dt.timedelta(days=rng.randrange(0, 30))
            due = started + dt.timedelta(days=rng.randrange(1, 40))
            stopped = rng.choice([None, started + dt.timedelta(days=rng.randrange(0, 60))])
            deemed = due if kind == "ba_approval" and stopped is None and rng.random() < 0.3 else None
            DeadlineTimer.unscoped.create(
                case=case,
                region=region,
                kind=kind,
                label=kind,
                legal_reference="x",
                period="x",
                started_on=started,
                due_on=due,
                stopped_on=stopped,
                deemed_on=deemed,
                paused_since=started if rng.random() < 0.1 else None,
            )
            if stopped and rng.random() < 0.8:
                from lotse.reporting.sources import TIMER_DECISION_EVENTS

                if kind in TIMER_DECISION_EVENTS:
                    CaseEvent.unscoped.create(case=case, kind=TIMER_DECISION_EVENTS[kind], occurred_on=stopped)
        world.cases.append(case)
    for i in range(rng.randrange(0, 4)):
        event = Event.unscoped.create(
            title_de=f"Workshop {seed}-{i}",
            status=rng.choice(["published", "published", "draft", "cancelled"]),
            statewide=rng.random() < 0.3,
        )
        event.regions.set(rng.sample(world.regions, rng.randrange(0, min(3, len(world.regions)) + 1)))
        for _ in range(rng.randrange(1, 3)):
            begins = moment(day())
            session = Session.unscoped.create(
                event=event, starts_at=begins, ends_at=begins + dt.timedelta(hours=2), capacity=50
            )
            for k in range(rng.randrange(0, 8)):
                Registration.unscoped.create(
                    event=event,
                    session=session,
                    name="x",
                    email=f"p{seed}-{i}-{k}-{session.pk}@example.org",
                    region=rng.choice(world.regions + [None]),
                    status=rng.choice(["confirmed", "confirmed", "cancelled", "waitlisted"]),
                    checked_in_at=begins if rng.random() < 0.6 else None,
                )
    checks = random.Random(seed + 1)  # saved fair-recruitment self-checks, from a stream of their own
    for _ in range(checks.randrange(0, 8)):
        from lotse.fairness.models import SelfCheck

        employer = checks.choice(world.employers)
        check = SelfCheck.unscoped.create(
            organisation=employer,
            region=employer.region if checks.random() < 0.8 else None,
            content_version="t",
        )
        on = start + dt.timedelta(days=checks.randrange(days))
        SelfCheck.unscoped.filter(pk=check.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(on, dt.time(checks.randrange(24), checks.randrange(60))))
        )
    return world
