"""Writes of the welcome plan and the § 45c notice; each one checks that the actor acts for the employer (or, for a
plan or notice of a case, advises that case) and writes its audit entry (codes and ids only, no personal values).
Ticks of a case's plan and the notice's hand-over also go onto the case's timeline, visible to the employer."""

from __future__ import annotations

from django.db import transaction

from lotse.core import audit
from lotse.core.permissions import acts_for, is_adviser, require
from lotse.rules.welcome import plan as rules
from lotse.welcome.models import Notice, WelcomePlan, WelcomeTaskDone


def advises_case(actor, case_id: int | None) -> bool:
    """Is the actor an adviser who may see this case (its region's agency, or FAI NRW)?"""
    from lotse.cases.models import Case  # noqa: PLC0415
    from lotse.core.scoping import visibility_of  # noqa: PLC0415

    if not case_id or not is_adviser(actor):
        return False
    return Case.unscoped.filter(Case.visibility_filter(visibility_of(actor)), pk=case_id).exists()


def may_edit(actor, organisation_id: int, case_id: int | None = None) -> bool:
    return acts_for(actor, organisation_id) or advises_case(actor, case_id)


def may_edit_case(actor, case) -> bool:
    """`may_edit` for a case the actor's request has loaded through the scoped `Case.objects`: that it could be
    loaded is the visibility `advises_case` would query again."""
    return acts_for(actor, case.employer_id) or is_adviser(actor)


def _require_member(actor, organisation_id: int, case_id: int | None = None) -> None:
    require(may_edit(actor, organisation_id, case_id))


def _timeline(case_id: int | None, *, actor, code: str, made: bool = False, **params) -> None:
    """The entry on the case's timeline; `made` for a plan or notice made for the case (counted on the case)."""
    if not case_id:
        return
    from lotse.cases.models import Case  # noqa: PLC0415
    from lotse.cases.services.external import timeline_entry, welcome_item_made  # noqa: PLC0415

    case = Case.unscoped.select_related("team").get(pk=case_id)
    if made:
        welcome_item_made(case=case, actor=actor, code=code, **params)
    else:
        timeline_entry(case=case, actor=actor, code=code, internal=False, **params)



def situation_from_case(case) -> dict:
    """What a welcome plan for this case starts from: the pathway (where the plan knows it), the planned or actual
    arrival and first working day (the case's steps), the place of work from the assessment."""
    from lotse.cases.models import CaseStep  # noqa: PLC0415

    steps = {
        step.key: step.done_on or step.planned_on
        for step in CaseStep.unscoped.filter(case=case, key__in=["entry", "work_start"])
    }
    job = (case.assessment_input or {}).get("job") or {}
    return {
        "pathway": case.pathway if case.pathway in rules.content()["pathways"] else "other",
        "arrival": steps.get("entry"),
        "start": steps.get("work_start"),
        "work_ags": str(job.get("municipality_ags") or ""),
    }


@transaction.atomic
def plan_save(
    *,
    actor,
    organisation,
    situation: rules.Situation,
    work_ags: str,
    residence_ags: str,
    title: str,
    lang: str,
    case=None,
) -> WelcomePlan:
    require(case is None or case.employer_id == organisation.pk)
    _require_member(actor, organisation.pk, case.pk if case is not None else None)
    situation.validate()
    plan = WelcomePlan.objects.create(
        organisation=organisation,
        case=case,
        region_id=case.region_id if case is not None else organisation.region_id,
        created_by=actor,
        title=title.strip(),
        pathway=situation.pathway,
        arrival=situation.arrival,
        start=situation.start,
        family=situation.family,
        german=situation.german,
        work_ags=work_ags,
        residence_ags=residence_ags,
        lang=lang,
        content_version=rules.content()["version"],
    )
    audit.record(
        actor=actor,
        action="welcome.plan_create",
        obj=plan,
        new={"pathway": plan.pathway, "content_version": plan.content_version, "case": plan.case_id},
        region_id=plan.region_id,
        organisation_id=plan.organisation_id,
    )
    _timeline(
        plan.case_id,
        actor=actor,
        code="welcome.plan_created",
        made=True,
        plan=plan.pk,
        arrival=plan.arrival,
    )
    return plan


@transaction.atomic
def task_set_done(*, actor, plan: WelcomePlan, task_id: str, done: bool) -> bool:
    """Tick or untick a task of the plan; returns the new state. Unknown task ids are refused."""
    _require_member(actor, plan.organisation_id, plan.case_id)
    if task_id not in rules.task_ids():
        raise ValueError(f"unknown task {task_id!r}")
    existing = WelcomeTaskDone.objects.filter(plan=plan, task_id=task_id)
    if done and not existing.exists():
        WelcomeTaskDone.objects.create(plan=plan, task_id=task_id, done_by=actor)
    elif not done:
        existing.delete()
    else:
        return True
    audit.record(
        actor=actor,
        action="welcome.task_done" if done else "welcome.task_reopen",
        obj=plan,
        context={"task": task_id},
        region_id=plan.region_id,
        organisation_id=plan.organisation_id,
    )
    _timeline(
        plan.case_id,
        actor=actor,
        code="welcome.task_done" if done else "welcome.task_reopened",
        plan=plan.pk,
        task=task_id,
    )
    return done


@transaction.atomic
def notice_save(
    *,
    actor,
    organisation,
    plan: WelcomePlan | None,
    employer_name: str,
    worker_name: str,
    workplace_ags: str,
    first_working_day,
    office_id: str,
    office_contact: str,
    case=None,
) -> Notice:
    if case is None and plan is not None:
        case = plan.case
    _require_member(actor, organisation.pk, case.pk if case is not None else None)
    require(plan is None or plan.organisation_id == organisation.pk)
    require(case is None or case.employer_id == organisation.pk)
    notice = Notice.objects.create(
        organisation=organisation,
        region_id=case.region_id if case is not None else organisation.region_id,
        plan=plan,
        case=case,
        created_by=actor,
        employer_name=employer_name,
        worker_name=worker_name,
        workplace_ags=workplace_ags,
        first_working_day=first_working_day,
        office_id=office_id,
        office_contact=office_contact,
    )
    audit.record(
        actor=actor,
        action="welcome.notice_create",
        obj=notice,
        new={"office_id": office_id, "plan": plan.pk if plan else None, "case": notice.case_id},
        region_id=notice.region_id,
        organisation_id=notice.organisation_id,
    )
    _timeline(
        notice.case_id,
        actor=actor,
        code="welcome.notice_created",
        made=True,
        notice=notice.pk,
    )
    return notice


@transaction.atomic
def notice_record_handover(*, actor, notice: Notice, handed_over_on, how: str) -> Notice:
    _require_member(actor, notice.organisation_id, notice.case_id)
    old = {"handed_over_on": notice.handed_over_on, "handed_over_how": notice.handed_over_how}
    notice.handed_over_on, notice.handed_over_how, notice.handed_over_recorded_by = handed_over_on, how, actor
    notice.save(update_fields=["handed_over_on", "handed_over_how", "handed_over_recorded_by"])
    audit.record(
        actor=actor,
        action="welcome.notice_handover",
        obj=notice,
        old=old,
        new={"handed_over_on": handed_over_on, "handed_over_how": how},
        region_id=notice.region_id,
        organisation_id=notice.organisation_id,
    )
    _timeline(
        notice.case_id,
        actor=actor,
        code="welcome.notice_handed_over",
        notice=notice.pk,
        date=handed_over_on,
        how=how,
    )
    return notice
