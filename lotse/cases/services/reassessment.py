"""Re-assessing the open cases when the legal parameters change, and the reminder before a series runs out.

Issue 10, "Law": salary thresholds, fees and the like change (a corrected or added value in
lotse/rules/parameters/*.yaml, or a new yearly value coming into force on 1 January). The nightly job
(`parameters_check`, called by `lotse check-deadlines`) compares a digest of the values in force today with the one the
last run used; when it differs, it starts a `ReassessmentRun` and queues it for the database worker. The run assesses
every open case's stored input again as of its date, records the pathways whose status changed on the case
(`CaseReassessment`: pathway, old → new, as of), and where one changed writes a timeline entry and mails the adviser
(or the team when the case has no adviser). Each case is one transaction together with the run's counters and
cursor, so a run cut off by a crash resumes after the last finished case and never records a case twice.

The same nightly job mails the administrators (admins of FAI NRW, and superusers) when a series' confirmed values end
within 60, 30 or 7 days: once per series, end date and threshold (`ParameterWarning`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.models import Membership, Organisation, User
from lotse.cases.models import (
    Activity,
    Case,
    CaseReassessment,
    ParameterWarning,
    ReassessmentRun,
)
from lotse.cases.services import common
from lotse.cases.services.common import _lock, _team_emails, case_change
from lotse.core import audit
from lotse.core.mail import send_mail
from lotse.core.scoping import system_access

logger = logging.getLogger(__name__)

WARNING_THRESHOLDS = (60, 30, 7)  # days before a series' confirmed values end
STATUS_WORDS = {"eligible": "möglich", "needs_information": "Angaben fehlen", "not_eligible": "nicht möglich"}


class ReassessmentBusy(Exception):
    """A run is still in progress; start another only after it finished (or resume it)."""


def status_word(status: str | None) -> str:
    return STATUS_WORDS.get(status or "", status or "–")


def _open_cases():
    return Case.unscoped.filter(status=Case.Status.OPEN)


def current_fingerprint(on: dt.date) -> str:
    from lotse.rules.parameters import parameters_fingerprint  # noqa: PLC0415

    return parameters_fingerprint(on)


def unfinished_run() -> ReassessmentRun | None:
    return ReassessmentRun.objects.filter(status=ReassessmentRun.Status.RUNNING).order_by("-id").first()


@transaction.atomic
def reassessment_start(*, reason: str, on: dt.date | None = None, actor=None) -> ReassessmentRun:
    """Create a run over every open case as of `on` (today). Refused while another run is unfinished."""
    on = on or common.today()
    if ReassessmentRun.objects.select_for_update().filter(status=ReassessmentRun.Status.RUNNING).exists():
        raise ReassessmentBusy(_("Eine Neubewertung läuft noch; sie wird fortgesetzt, bevor eine neue beginnt."))
    run = ReassessmentRun.objects.create(
        reason=reason,
        as_of=on,
        fingerprint=current_fingerprint(on),
        total=_open_cases().count(),
        started_by=actor if common._is_user(actor) else None,
    )
    audit.record(
        actor=actor or "system",
        action="reassessment.start",
        obj=run,
        context={"reason": reason, "as_of": on, "total": run.total},
    )
    return run


def _baseline(case: Case) -> dict[str, str]:
    """The statuses the case's pathways had before: of its last successful re-assessment, else of its opening."""
    last = (
        CaseReassessment.unscoped.filter(case=case, error="").order_by("-created_at", "-id").values("statuses").first()
    )
    if last is not None:
        return dict(last["statuses"])
    return {
        pathway["id"]: pathway.get("status")
        for pathway in (case.assessment_output or {}).get("pathways", [])
        if pathway.get("id")
    }


def _assess(case: Case, on: dt.date) -> dict:
    from lotse.reference.lookup import local_authority_for_ags  # noqa: PLC0415
    from lotse.rules import assess  # noqa: PLC0415

    data = dict(case.assessment_input or {})
    data.pop("as_of", None)
    return assess(data, as_of=on, local_authority_resolver=local_authority_for_ags)


def _pathway_titles() -> dict[str, str]:
    from lotse.cases.labels import pathway_titles  # noqa: PLC0415

    return pathway_titles("de")


def reassess_case(run: ReassessmentRun, case_id: int) -> CaseReassessment | None:
    """Re-assess one case within the run (one transaction with the run's counters). None if it is not open."""
    from lotse.rules import RulesError  # noqa: PLC0415

    with transaction.atomic():
        run = ReassessmentRun.objects.select_for_update().get(pk=run.pk)
        case = _lock(case_id)
        existing = CaseReassessment.unscoped.filter(run=run, case=case).first()
        if existing is not None or case.status != Case.Status.OPEN:
            run.last_case_id = max(run.last_case_id, case_id)
            run.save(update_fields=["last_case_id"])
            return existing
        before = _baseline(case)
        try:
            output = _assess(case, run.as_of)
        except (RulesError, ValueError) as error:
            result = CaseReassessment.unscoped.create(
                run=run, case=case, as_of=run.as_of, statuses=before, error=str(error)[:300]
            )
            run.errors += 1
        else:
            statuses = {p["id"]: p["status"] for p in output.get("pathways", [])}
            changes = [
                {"pathway": pathway, "old": before.get(pathway), "new": status}
                for pathway, status in statuses.items()
                if before.get(pathway) != status
            ]
            result = CaseReassessment.unscoped.create(
                run=run,
                case=case,
                as_of=run.as_of,
                rules_version=str(output.get("rules_version", "")),
                statuses=statuses,
                changes=changes,
            )
            if changes:
                run.changed += 1
                _record_change(case, result)
        run.done += 1
        run.last_case_id = case_id
        run.save(update_fields=["done", "changed", "errors", "last_case_id"])
    if result.changes:
        _notify(case, result)
    return result


def _change_lines(result: CaseReassessment, chosen: str) -> list[str]:
    titles = _pathway_titles()
    lines = []
    for change in result.changes:
        mark = " (gewählter Weg)" if change["pathway"] == chosen else ""
        lines.append(
            f"{titles.get(change['pathway'], change['pathway'])}{mark}: "
            f"{status_word(change['old'])} → {status_word(change['new'])}"
        )
    return lines


def _record_change(case: Case, result: CaseReassessment) -> None:
    with case_change(case, actor="system") as change:
        change.case.last_reassessment = result
        change.save("last_reassessment")
        change.timeline(
            "case.reassessed",
            kind=Activity.Kind.SYSTEM,
            internal=True,
            date=result.as_of,
            changes=result.changes,
            chosen=change.case.pathway,
        )
        change.audit(
            "case.reassessed", context={"run": result.run_id, "as_of": result.as_of, "changes": result.changes}
        )


def _absolute(path: str) -> str:
    return os.environ.get("LOTSE_SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def _notify(case: Case, result: CaseReassessment) -> None:
    case = Case.unscoped.select_related("adviser", "team").get(pk=case.pk)
    recipients = [case.adviser.email] if case.adviser else _team_emails(case.team)
    try:
        sent = send_mail(
            to=recipients,
            template="cases/mail/reassessed",
            context={
                "reference": case.reference,
                "as_of": result.as_of,
                "lines": _change_lines(result, case.pathway),
                "url": _absolute(reverse("cases:recheck", args=[case.pk])),
            },
            audit_action="case.reassessed.notify",
            audit_object=case,
            actor="system",
        )
    except Exception:  # a mail outage must not stop the run; the timeline entry is there
        logger.exception("re-assessment mail for case %s failed", case.pk)
        return
    if sent:
        CaseReassessment.unscoped.filter(pk=result.pk).update(notified=True)


def reassessment_run(
    run: ReassessmentRun, *, progress: Callable[[ReassessmentRun], None] | None = None, chunk: int = 200
) -> ReassessmentRun:
    """Work through the run's open cases in id order from its cursor; safe to call again after a crash."""
    with system_access("re-assessment of open cases"):
        try:
            while True:
                run.refresh_from_db()
                ids = list(
                    _open_cases().filter(pk__gt=run.last_case_id).order_by("pk").values_list("pk", flat=True)[:chunk]
                )
                if not ids:
                    break
                for case_id in ids:
                    reassess_case(run, case_id)
                    if progress is not None:
                        run.refresh_from_db()
                        progress(run)
        except Exception as error:
            ReassessmentRun.objects.filter(pk=run.pk).update(
                status=ReassessmentRun.Status.FAILED, error=str(error)[:1000], finished_at=timezone.now()
            )
            raise
        run.refresh_from_db()
        # Cases closed during the run are not re-assessed; the total then says how many were.
        ReassessmentRun.objects.filter(pk=run.pk).update(
            status=ReassessmentRun.Status.DONE, total=run.done, finished_at=timezone.now()
        )
        run.refresh_from_db()
        audit.record(
            actor="system",
            action="reassessment.done",
            obj=run,
            context={"done": run.done, "changed": run.changed, "errors": run.errors},
        )
    return run


def reassessment_resume(run: ReassessmentRun) -> ReassessmentRun:
    """Continue a failed or interrupted run where it stopped."""
    ReassessmentRun.objects.filter(pk=run.pk).update(status=ReassessmentRun.Status.RUNNING, error="", finished_at=None)
    run.refresh_from_db()
    return reassessment_run(run)


def administrators() -> list[str]:
    """The administrators' addresses: admins of FAI NRW and superusers."""
    emails = set(
        User.objects.filter(
            Q(is_superuser=True)
            | Q(memberships__role=Membership.Role.ADMIN, memberships__organisation__kind=Organisation.Kind.FAI),
            is_active=True,
        ).values_list("email", flat=True)
    )
    return sorted(email for email in emails if email)


def parameters_warn(*, on: dt.date | None = None) -> int:
    """Mail the administrators about series whose confirmed values end within a threshold; once per series, end and
    threshold. Returns the number of series warned about."""
    from lotse.rules.parameters import expiring_parameters  # noqa: PLC0415

    on = on or common.today()
    due = []
    for row in expiring_parameters(on, max(WARNING_THRESHOLDS)):
        # the smallest threshold reached (a series first seen 20 days ahead is warned at 30, not also at 60)
        threshold = min(t for t in WARNING_THRESHOLDS if row["days_left"] <= t)
        if ParameterWarning.objects.filter(
            parameter=row["parameter"], confirmed_until=row["confirmed_until"], threshold_days__lte=threshold
        ).exists():
            continue
        due.append((row, threshold))
    if not due:
        return 0
    recipients = administrators()
    sent = send_mail(
        to=recipients,
        template="cases/mail/parameters_expiring",
        context={"rows": [row for row, _ in due], "on": on},
        audit_action="parameters.warn",
        actor="system",
    )
    if sent:
        for row, threshold in due:
            ParameterWarning.objects.get_or_create(
                parameter=row["parameter"],
                confirmed_until=row["confirmed_until"],
                threshold_days=threshold,
                defaults={"sent_on": on, "recipients": len(recipients)},
            )
    return len(due) if sent else 0


def parameters_check(*, on: dt.date | None = None, enqueue: bool = True) -> dict:
    """Nightly: warn about expiring series; start (and queue) a re-assessment when the parameters in force changed.

    The first check ever records the current state as the baseline without re-assessing (the open cases were
    assessed under it or were re-checked by hand)."""
    on = on or common.today()
    result = {"warned": parameters_warn(on=on), "run": None}
    fingerprint = current_fingerprint(on)
    last = ReassessmentRun.objects.exclude(status=ReassessmentRun.Status.FAILED).order_by("-id").first()
    if last is None:
        ReassessmentRun.objects.create(
            reason=ReassessmentRun.Reason.BASELINE,
            as_of=on,
            fingerprint=fingerprint,
            status=ReassessmentRun.Status.DONE,
            finished_at=timezone.now(),
        )
        return result
    if last.fingerprint == fingerprint or last.status == ReassessmentRun.Status.RUNNING:
        return result
    run = reassessment_start(reason=ReassessmentRun.Reason.PARAMETERS, on=on)
    result["run"] = run.pk
    if enqueue:
        from lotse.cases.tasks import reassess_cases  # noqa: PLC0415

        transaction.on_commit(lambda: reassess_cases.enqueue(run.pk))
    return result
