"""The life of a case: opening, events, master data, closing, handover, timeline entries, tasks, candidates and
powers of attorney."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import Organisation
from lotse.cases import config
from lotse.cases.models import (
    Activity,
    Candidate,
    Case,
    CaseEvent,
    CaseStep,
    DeadlineTimer,
    Document,
    Handover,
    PowerOfAttorney,
    Task,
)
from lotse.cases.services import common
from lotse.cases.services.candidates import candidate_create
from lotse.cases.services.common import (
    CaseConflict,
    CaseRuleError,
    _is_user,
    _notify_team_after_commit,
    _refresh_stage,
    case_change,
)
from lotse.cases.services.deadlines import _refresh_deadlines, _start_timer
from lotse.cases.services.documents import _document_list, _rebuild_documents, _refresh_documents


@transaction.atomic
def case_open(
    *,
    actor,
    employer: Organisation,
    team: Organisation,
    region,
    candidates: list[Candidate],
    pathway: str,
    case_type: str,
    assessment_input: dict,
    assessment_output: dict,
    opened_on: dt.date,
    adviser=None,
) -> Case:
    spec = config.case_type(case_type)
    offsets = config.step_offsets(case_type, pathway)
    case = Case.objects.create(
        reference=f"tmp-{uuid.uuid4().hex[:16]}",
        region=region,
        team=team,
        employer=employer,
        adviser=adviser or actor if _is_user(actor) else adviser,
        case_type=case_type,
        pathway=pathway,
        assessment_input=assessment_input,
        assessment_output=assessment_output,
        rules_version=str(assessment_output.get("rules_version", "")),
        assessed_on=_assessed_on(assessment_output, opened_on),
        stage=spec["steps"][0]["key"],
        opened_on=opened_on,
    )
    case.reference = f"LOT-{opened_on.year}-{case.pk:06d}"
    case.save(update_fields=["reference"])
    case.candidates.set(candidates)
    CaseStep.objects.bulk_create(
        [
            CaseStep(
                case=case,
                key=step["key"],
                label=step["label"],
                position=index,
                planned_on=opened_on + dt.timedelta(days=offsets[step["key"]]),
                optional=bool(step.get("optional")),
            )
            for index, step in enumerate(spec["steps"])
        ]
    )
    Document.objects.bulk_create(
        [Document(case=case, key=key, label=label) for key, label in _document_list(assessment_output, pathway)]
    )
    _refresh_documents(case)
    with case_change(case, actor=actor, created=True) as change:
        change.audit(
            "case.open",
            new={
                "pathway": pathway,
                "case_type": case_type,
                "team": team.pk,
                "rules_version": case.rules_version,
                "candidates": [c.pk for c in candidates],
            },
        )
        change.timeline("case.opened", kind=Activity.Kind.SYSTEM, internal=False, case_type=case_type)
    _apply_event(case=case, actor=actor, kind="case_opened", occurred_on=opened_on)
    return case


def _assessed_on(output: dict, fallback: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(str(output.get("as_of")))
    except ValueError:
        return fallback


def _apply_event(*, case: Case, actor, kind: str, occurred_on: dt.date) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case, kind=kind, occurred_on=occurred_on, recorded_by=actor if _is_user(actor) else None
    )
    spec = config.case_type(case.case_type)
    done_keys = [step["key"] for step in spec["steps"] if step.get("done_on") == kind]
    if done_keys:
        CaseStep.objects.filter(case=case, key__in=done_keys, done_on__isnull=True).update(done_on=occurred_on)
    for timer_kind, timer in config.timers().items():
        if timer.get("stops_on") == kind:
            DeadlineTimer.objects.filter(case=case, kind=timer_kind, stopped_on__isnull=True).update(
                stopped_on=occurred_on
            )
    for timer_kind, timer in config.timers().items():
        if timer.get("starts_on") == kind or (timer.get("restarts") and kind != "case_closed"):
            _start_timer(case, timer_kind, occurred_on)
    _refresh_stage(case)
    _refresh_deadlines(case, common.today())
    return event


def case_record_event(*, actor, case: Case, kind: str, occurred_on: dt.date) -> Case:
    if kind not in config.events() or kind == "case_opened":
        raise CaseRuleError(_("Unbekanntes Ereignis."))
    if occurred_on > common.today():
        raise CaseRuleError(_("Ein Ereignis kann nicht in der Zukunft liegen."))
    with case_change(case, actor=actor) as change:
        case = change.case
        if case.status != Case.Status.OPEN:
            raise CaseRuleError(_("Der Fall ist abgeschlossen."))
        event = _apply_event(case=case, actor=actor, kind=kind, occurred_on=occurred_on)
        change.save("stage", "next_due_on", "has_overdue")
        change.timeline("case.event", kind=Activity.Kind.MILESTONE, internal=False, event=kind, date=occurred_on)
        change.audit(
            "case.event",
            new={"event": kind, "occurred_on": occurred_on, "event_id": event.pk, "stage": case.stage},
        )
    return case


EDITABLE_FIELDS = ("adviser", "case_type", "pathway")


_UNSET = object()


def case_update(
    *,
    actor,
    case: Case,
    expected_version: int,
    adviser=_UNSET,
    case_type: str | object = _UNSET,
    pathway: str | object = _UNSET,
) -> Case:
    """Edit the case's master data (only the arguments given); refuses if someone else changed the case since
    `expected_version`."""
    changes = {
        name: value
        for name, value in (("adviser", adviser), ("case_type", case_type), ("pathway", pathway))
        if value is not _UNSET
    }
    if "case_type" in changes:
        config.case_type(changes["case_type"])  # KeyError for an unknown type before anything changes
    with case_change(case, actor=actor) as change:
        case = change.case
        if case.version != expected_version:
            raise CaseConflict()
        old = {key: getattr(case, key) for key in changes}
        if "adviser" in changes:
            case.adviser = changes["adviser"]
        if "case_type" in changes:
            case.case_type = changes["case_type"]
        if "pathway" in changes:
            case.pathway = changes["pathway"]
        change.save(*changes)
        type_changed = "case_type" in changes and changes["case_type"] != old["case_type"]
        pathway_changed = "pathway" in changes and changes["pathway"] != old["pathway"]
        # The plan depends on the type and, for recognition after entry, on the pathway (config.step_offsets).
        if type_changed or (
            pathway_changed
            and config.step_offsets(case.case_type, case.pathway) != config.step_offsets(case.case_type, old["pathway"])
        ):
            _replan_steps(case)
            _replay_events(case)
            _refresh_stage(case)
            _refresh_deadlines(case, common.today())
            change.save("stage", "next_due_on", "has_overdue")
        if "pathway" in changes and changes["pathway"] != old["pathway"]:
            _rebuild_documents(case)
        change.audit("case.update", old=old, new=changes)
    return case


def _replan_steps(case: Case) -> None:
    """Plan the steps of the case's (new) type; a step already done keeps its dates where the key matches."""
    spec = config.case_type(case.case_type)
    offsets = config.step_offsets(case.case_type, case.pathway)
    done = {s.key: s for s in CaseStep.objects.filter(case=case, done_on__isnull=False)}
    CaseStep.objects.filter(case=case).delete()
    steps = []
    for index, step in enumerate(spec["steps"]):
        previous = done.get(step["key"])
        steps.append(
            CaseStep(
                case=case,
                key=step["key"],
                label=step["label"],
                position=index,
                planned_on=previous.planned_on
                if previous
                else case.opened_on + dt.timedelta(days=offsets[step["key"]]),
                done_on=previous.done_on if previous else None,
                optional=bool(step.get("optional")),
            )
        )
    CaseStep.objects.bulk_create(steps)


def _replay_events(case: Case) -> None:
    """Apply the recorded events again under the case's (new) type: steps done, statutory timers re-planned.

    The statutory periods depend on the procedure (e.g. BA approval 1 week in § 81a, 2 weeks otherwise), so
    those timers are computed afresh from their starting events. The adviser's restarting SLA timer does not
    depend on the type and keeps its state (pauses included).
    """
    timer_specs = config.timers()
    statutory = [kind for kind, spec in timer_specs.items() if not spec.get("restarts")]
    DeadlineTimer.objects.filter(case=case, kind__in=statutory).delete()
    spec = config.case_type(case.case_type)
    for event in CaseEvent.objects.filter(case=case).order_by("occurred_on", "id"):
        done_keys = [step["key"] for step in spec["steps"] if step.get("done_on") == event.kind]
        if done_keys:
            CaseStep.objects.filter(case=case, key__in=done_keys, done_on__isnull=True).update(
                done_on=event.occurred_on
            )
        for kind in statutory:
            if timer_specs[kind].get("stops_on") == event.kind:
                DeadlineTimer.objects.filter(case=case, kind=kind, stopped_on__isnull=True).update(
                    stopped_on=event.occurred_on
                )
        for kind in statutory:
            if timer_specs[kind].get("starts_on") == event.kind:
                _start_timer(case, kind, event.occurred_on)


def case_close(
    *,
    actor,
    case: Case,
    status: str,
    on: dt.date | None = None,
    withdrawal_reason: str = "",
    withdrawal_note: str = "",
) -> Case:
    """Close the case as completed, withdrawn (with the reason, issue 15) or rejected."""
    on = on or common.today()
    if status not in (Case.Status.CLOSED, Case.Status.WITHDRAWN, Case.Status.REJECTED):
        raise CaseRuleError(_("Unbekannter Abschluss."))
    withdrawal_reason, withdrawal_note = _withdrawal(status, withdrawal_reason, withdrawal_note)
    with case_change(case, actor=actor) as change:
        case = change.case
        old = {"status": case.status}
        case.status = status
        case.closed_on = on
        case.withdrawal_reason, case.withdrawal_note = withdrawal_reason, withdrawal_note
        DeadlineTimer.objects.filter(case=case, stopped_on__isnull=True).update(stopped_on=on)
        _refresh_stage(case)
        _refresh_deadlines(case, on)
        change.save(
            "status", "closed_on", "stage", "next_due_on", "has_overdue", "withdrawal_reason", "withdrawal_note"
        )
        change.timeline("case.closed", kind=Activity.Kind.SYSTEM, internal=False, case_status=status)
        change.audit(
            "case.close",
            old=old,
            new={"status": status, **({"withdrawal_reason": withdrawal_reason} if withdrawal_reason else {})},
        )
    return case


def _withdrawal(status: str, reason: str, note: str) -> tuple[str, str]:
    """The reason is required for a withdrawal and belongs to nothing else."""
    reason, note = (reason or "").strip(), (note or "").strip()
    if status == Case.Status.WITHDRAWN:
        if reason not in Case.WithdrawalReason.values:
            raise CaseRuleError(_("Bitte wählen Sie, warum der Fall zurückgezogen wird."))
        return reason, note[:500]
    if reason or note:
        raise CaseRuleError(_("Ein Grund des Rückzugs gehört nur zu einem zurückgezogenen Fall."))
    return "", ""


@transaction.atomic
def case_handover(*, actor, case: Case, to_team: Organisation, note: str) -> Case:
    """Hand the case to FAI NRW or to (another) Regionalagentur. The new team sees the whole history."""
    if to_team.kind not in (Organisation.Kind.FAI, Organisation.Kind.REGIONALAGENTUR):
        raise CaseRuleError(_("Übergabe nur an FAI NRW oder eine Regionalagentur."))
    if not note.strip():
        raise CaseRuleError(_("Bitte eine Übergabenotiz schreiben."))
    with case_change(case, actor=actor) as change:
        case = change.case
        if to_team.pk == case.team_id:
            raise CaseRuleError(_("Der Fall liegt bereits bei diesem Team."))
        from_team_id, from_region_id = case.team_id, case.region_id
        case.team = to_team
        if to_team.kind == Organisation.Kind.REGIONALAGENTUR:
            case.region_id = to_team.region_id
        case.adviser = None
        change.save("team", "region", "adviser")
        handover = Handover.objects.create(
            case=case,
            from_team_id=from_team_id,
            to_team=to_team,
            from_region_id=from_region_id,
            to_region_id=case.region_id,
            note=note,
            actor=actor if _is_user(actor) else None,
        )
        DeadlineTimer.unscoped.filter(case=case).update(region_id=case.region_id)
        # The candidates move with the case — unless one still has an open case in another region, whose team
        # would otherwise lose sight of them.
        held_elsewhere = (
            Case.unscoped.filter(status=Case.Status.OPEN, candidates=models.OuterRef("pk"))
            .exclude(pk=case.pk)
            .exclude(region_id=case.region_id)
        )
        Candidate.unscoped.filter(cases=case).exclude(models.Exists(held_elsewhere)).update(region_id=case.region_id)
        change.timeline(
            "case.handover", kind=Activity.Kind.SYSTEM, internal=False, team=to_team.name, team_id=to_team.pk
        )
        change.timeline("case.handover_note", kind=Activity.Kind.NOTE, internal=True, note=note)
        change.audit(
            "case.handover",
            old={"team": from_team_id, "region": from_region_id},
            new={"team": to_team.pk, "region": case.region_id, "handover": handover.pk},
        )
    _notify_team_after_commit(
        team=to_team,
        template="cases/mail/handover",
        context={"reference": case.reference},
        audit_action="case.handover_notify",
        audit_object=case,
        actor=actor,
    )
    return case


NOTE_KINDS = (Activity.Kind.NOTE, Activity.Kind.CALL, Activity.Kind.MEETING, Activity.Kind.EMAIL)


def activity_add(*, actor, case: Case, kind: str, text: str, internal: bool = True) -> Activity:
    """A timeline entry the adviser writes (note, call, meeting, e-mail): kept as typed."""
    if kind not in NOTE_KINDS:
        raise CaseRuleError(_("Unbekannte Art des Eintrags."))
    with case_change(case, actor=actor) as change:
        activity = change.timeline("note", kind=kind, internal=internal, text=text)
        change.audit("case.activity", new={"activity": activity.pk, "kind": kind, "internal": internal})
    return activity


def task_create(*, actor, case: Case, title: str, due_on: dt.date | None, assignee=None) -> Task:
    with case_change(case, actor=actor) as change:
        task = Task.objects.create(case=change.case, title=title, due_on=due_on, assignee=assignee, created_by=actor)
        change.timeline("task.created", kind=Activity.Kind.TASK, title=title)
        # Tasks are internal work of the advisers: the employer does not see the entry.
        change.audit(
            "task.create",
            obj=task,
            employer_sees=False,
            new={"case": change.case.pk, "assignee": getattr(assignee, "pk", None), "due_on": due_on},
        )
    return task


def case_add_candidate(
    *,
    actor,
    case: Case,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    citizenship: str = "",
    qualification: str = "",
    profession: str = "",
    languages: dict | None = None,
) -> Candidate:
    """A further candidate for an existing case (same employer and region as the case)."""
    with case_change(case, actor=actor) as change:
        case = change.case
        if case.status != Case.Status.OPEN:
            raise CaseRuleError(_("Der Fall ist abgeschlossen."))
        candidate = candidate_create(
            actor=actor,
            region=case.region,
            employer=case.employer,
            first_name=first_name,
            last_name=last_name,
            email=email,
            citizenship=citizenship,
            qualification=qualification,
            profession=profession,
            languages=languages or {},
        )
        case.candidates.add(candidate)
        change.timeline("case.candidate_added", kind=Activity.Kind.SYSTEM)
        change.audit("case.add_candidate", new={"candidate": candidate.pk})
    return candidate


def task_complete(*, actor, task: Task) -> Task:
    with case_change(task.case_id, actor=actor) as change:  # the case first: the order every change locks in
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.done_at is None:
            task.done_at = timezone.now()
            task.save(update_fields=["done_at"])
            change.timeline("task.done", kind=Activity.Kind.TASK, title=task.title)
            change.audit("task.complete", obj=task, employer_sees=False, new={"done": True})
    return task


def power_of_attorney_record(*, actor, case: Case, kind: str, granted_on: dt.date) -> PowerOfAttorney:
    with case_change(case, actor=actor) as change:
        poa = PowerOfAttorney.objects.create(case=change.case, kind=kind, granted_on=granted_on, recorded_by=actor)
        change.timeline(
            "power_of_attorney.recorded", kind=Activity.Kind.MILESTONE, internal=False, power=kind, date=granted_on
        )
        change.audit(
            "power_of_attorney.record", obj=poa, new={"case": change.case.pk, "kind": kind, "granted_on": granted_on}
        )
    return poa


def power_of_attorney_revoke(*, actor, poa: PowerOfAttorney, revoked_on: dt.date) -> PowerOfAttorney:
    with case_change(poa.case_id, actor=actor) as change:
        poa = PowerOfAttorney.objects.select_for_update().get(pk=poa.pk)
        if poa.revoked_on is not None:
            raise CaseRuleError(_("Die Vollmacht ist bereits widerrufen."))
        if revoked_on < poa.granted_on:
            raise CaseRuleError(_("Der Widerruf kann nicht vor der Erteilung liegen."))
        poa.revoked_on = revoked_on
        poa.save(update_fields=["revoked_on"])
        change.timeline(
            "power_of_attorney.revoked", kind=Activity.Kind.MILESTONE, internal=False, power=poa.kind, date=revoked_on
        )
        change.audit("power_of_attorney.revoke", obj=poa, new={"revoked_on": revoked_on})
    return poa
