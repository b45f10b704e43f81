"""Deadline timers: starting and pausing them, and the nightly check for overdue and deemed approvals."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from lotse.cases import config
from lotse.cases.models import Activity, Case, CaseStep, DeadlineTimer
from lotse.cases.services import common
from lotse.cases.services.common import _refresh_stage, _team_emails, case_change
from lotse.core.mail import send_mail
from lotse.core.scoping import system_access


def _start_timer(case: Case, kind: str, occurred_on: dt.date) -> DeadlineTimer | None:
    spec = config.timers()[kind]
    procedure = config.case_type(case.case_type)["procedure"]
    period = config.timer_period(kind, procedure=procedure, on=occurred_on)
    if period is None:
        return None
    DeadlineTimer.objects.filter(case=case, kind=kind, stopped_on__isnull=True).update(stopped_on=occurred_on)
    paused = bool(spec.get("pausable")) and case.waiting_on_authority
    return DeadlineTimer.objects.create(
        case=case,
        region_id=case.region_id,
        kind=kind,
        label=spec["label"],
        legal_reference=period.legal_reference,
        period=period.label,
        started_on=occurred_on,
        due_on=period.end(occurred_on),
        pausable=bool(spec.get("pausable")),
        paused_since=occurred_on if paused else None,
    )


def _refresh_deadlines(case: Case, on: dt.date) -> None:
    running = DeadlineTimer.objects.filter(case=case, stopped_on__isnull=True, paused_since__isnull=True)
    case.next_due_on = running.order_by("due_on").values_list("due_on", flat=True).first()
    # An expired timer whose expiry means approval given (§ 36 Abs. 2 BeschV) is not overdue.
    case.has_overdue = running.filter(due_on__lt=on).exclude(kind__in=config.deemed_kinds()).exists()


def case_set_waiting(*, actor, case: Case, waiting: bool, on: dt.date | None = None) -> Case:
    """Mark the case as waiting on an authority (or not); the adviser's SLA timers pause meanwhile."""
    on = on or common.today()
    with case_change(case, actor=actor) as change:
        case = change.case
        if case.waiting_on_authority == waiting:
            return case
        timers = DeadlineTimer.objects.select_for_update().filter(case=case, pausable=True, stopped_on__isnull=True)
        for timer in timers:
            if waiting and timer.paused_since is None:
                timer.paused_since = on
            elif not waiting and timer.paused_since is not None:
                paused = max((on - timer.paused_since).days, 0)
                timer.paused_days += paused
                timer.due_on = timer.due_on + dt.timedelta(days=paused)
                timer.paused_since = None
            timer.save(update_fields=["paused_since", "paused_days", "due_on"])
        case.waiting_on_authority = waiting
        _refresh_deadlines(case, common.today())
        change.save("waiting_on_authority", "next_due_on", "has_overdue")
        change.timeline(
            "case.waiting" if waiting else "case.waiting_ended", kind=Activity.Kind.SYSTEM, internal=False
        )
        change.audit(
            "case.waiting", old={"waiting_on_authority": not waiting}, new={"waiting_on_authority": waiting}
        )
    return change.case


def deadlines_check(*, on: dt.date | None = None) -> dict:
    """Nightly: flag cases with overdue timers and tell the responsible adviser (once per timer)."""
    on = on or common.today()
    flagged = notified = 0
    with system_access("nightly deadline check"):
        overdue = (
            DeadlineTimer.objects.filter(
                stopped_on__isnull=True,
                paused_since__isnull=True,
                due_on__lt=on,
                overdue_notified_on__isnull=True,
            )
            .select_related("case__adviser", "case__team")
            .order_by("case_id")
        )
        for timer in overdue:
            if config.deemed_approval(timer.kind):
                notified += _deem_approval(timer, on)
                flagged += 1
                continue
            with case_change(timer.case_id, actor="system") as change:
                case = change.case
                case.has_overdue = True
                change.save("has_overdue")
                DeadlineTimer.objects.filter(pk=timer.pk).update(overdue_notified_on=on)
                change.timeline(
                    "deadline.overdue",
                    kind=Activity.Kind.SYSTEM,
                    timer=timer.kind,
                    timer_label=timer.label,
                    due_on=timer.due_on,
                )
                change.audit(
                    "deadline.overdue", obj=timer, context={"case": case.pk, "kind": timer.kind, "due_on": timer.due_on}
                )
                flagged += 1
                recipients = [timer.case.adviser.email] if timer.case.adviser else _team_emails(timer.case.team)
                context = {
                    "reference": case.reference,
                    "label": timer.label,
                    "due_on": timer.due_on,
                    "legal_reference": timer.legal_reference,
                }
                notified += send_mail(
                    to=recipients,
                    template="cases/mail/overdue",
                    context=context,
                    audit_action="deadline.notify",
                    audit_object=case,
                    actor="system",
                )
    return {"flagged": flagged, "notified": notified}


@transaction.atomic
def _deem_approval(timer: DeadlineTimer, on: dt.date) -> int:
    """The authority did not answer within the period: its approval counts as given (§ 36 Abs. 2 BeschV).

    The timer ends as "gilt als erteilt" on its last day, the planned step counts as done that day, and the
    adviser is told that the approval is deemed given — not that a deadline was missed.
    """
    spec = config.deemed_approval(timer.kind)
    with case_change(timer.case_id, actor="system") as change:
        case = change.case
        DeadlineTimer.objects.filter(pk=timer.pk).update(
            stopped_on=timer.due_on, deemed_on=timer.due_on, overdue_notified_on=on
        )
        CaseStep.objects.filter(case=case, key=spec["step"], done_on__isnull=True).update(done_on=timer.due_on)
        _refresh_stage(case)
        _refresh_deadlines(case, on)
        change.save("stage", "next_due_on", "has_overdue")
        change.timeline(
            "deadline.deemed",
            kind=Activity.Kind.MILESTONE,
            internal=False,
            legal_reference=spec["legal_reference"],
            timer=timer.kind,
            timer_label=timer.label,
            due_on=timer.due_on,
        )
        change.audit(
            "deadline.deemed",
            obj=timer,
            context={"case": case.pk, "kind": timer.kind, "due_on": timer.due_on, "step": spec["step"]},
        )
    recipients = [timer.case.adviser.email] if timer.case.adviser else _team_emails(timer.case.team)
    return send_mail(
        to=recipients,
        template="cases/mail/deemed",
        context={
            "reference": case.reference,
            "label": timer.label,
            "due_on": timer.due_on,
            "legal_reference": spec["legal_reference"],
        },
        audit_action="deadline.notify",
        audit_object=case,
        actor="system",
    )
