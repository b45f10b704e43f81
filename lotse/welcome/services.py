"""Writes of the welcome plan and the § 45c notice; each one checks that the actor acts for the employer and
writes its audit entry (codes and ids only, no personal values)."""

from __future__ import annotations

from django.db import transaction

from lotse.core import audit
from lotse.core.permissions import require, require_member_of
from lotse.rules.welcome import plan as rules
from lotse.welcome.models import Notice, WelcomePlan, WelcomeTaskDone


@transaction.atomic
def plan_save(
    *, actor, organisation, situation: rules.Situation, work_ags: str, residence_ags: str, title: str, lang: str
) -> WelcomePlan:
    require_member_of(actor, organisation.pk)
    situation.validate()
    plan = WelcomePlan.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
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
        new={"pathway": plan.pathway, "content_version": plan.content_version},
        region_id=plan.region_id,
        organisation_id=plan.organisation_id,
    )
    return plan


@transaction.atomic
def task_set_done(*, actor, plan: WelcomePlan, task_id: str, done: bool) -> bool:
    """Tick or untick a task of the plan; returns the new state. Unknown task ids are refused."""
    require_member_of(actor, plan.organisation_id)
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
) -> Notice:
    require_member_of(actor, organisation.pk)
    require(plan is None or plan.organisation_id == organisation.pk)
    notice = Notice.objects.create(
        organisation=organisation,
        region_id=organisation.region_id,
        plan=plan,
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
        new={"office_id": office_id, "plan": plan.pk if plan else None},
        region_id=notice.region_id,
        organisation_id=notice.organisation_id,
    )
    return notice


@transaction.atomic
def notice_record_handover(*, actor, notice: Notice, handed_over_on, how: str) -> Notice:
    require_member_of(actor, notice.organisation_id)
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
    return notice
