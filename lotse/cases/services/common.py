"""What every case-work service shares: the errors, the date, the row lock with its version bump, the timeline
entry and the team's notification.

Concurrency: every change to a case locks its row (`select_for_update`) and bumps `Case.version`; edit forms
carry the version they were rendered with and `case_update` refuses a stale one (optimistic locking), so two
advisers editing the same case never silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lotse.accounts.models import Membership, Organisation
from lotse.cases.models import Activity, Case, CaseStep
from lotse.core.mail import send_mail


class CaseConflict(Exception):
    """The case changed since the form was shown (optimistic locking)."""


class CaseRuleError(ValueError):
    """A business rule refused the change; the message is for the user."""


def today() -> dt.date:
    """The local date. Services call it as `common.today()` so that a test can freeze it in one place."""
    return timezone.localdate()


def _team_emails(team: Organisation | None) -> list[str]:
    if team is None:
        return []
    return list(
        Membership.objects.filter(
            organisation=team, role__in=[Membership.Role.ADVISER, Membership.Role.ADMIN]
        ).values_list("user__email", flat=True)
    )


def _notify_team_after_commit(
    *, team: Organisation | None, template: str, context: dict, audit_action: str, audit_object, actor
) -> None:
    """E-mail the team's advisers once the transaction has committed (never for a rolled-back change)."""
    recipients = _team_emails(team)
    transaction.on_commit(
        lambda: send_mail(
            to=recipients,
            template=template,
            context=context,
            audit_action=audit_action,
            audit_object=audit_object,
            actor=actor,
        )
    )


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _activity(*, case: Case, actor, kind: str, text: str, internal: bool = True) -> Activity:
    return Activity.objects.create(
        case=case,
        kind=kind,
        text=text,
        internal=internal,
        actor=actor if _is_user(actor) else None,
        team=case.team,
    )


def _lock(case: Case | int) -> Case:
    pk = case.pk if isinstance(case, Case) else case
    return Case.objects.select_for_update().get(pk=pk)


def _bump(case: Case, *fields: str) -> None:
    case.version = F("version") + 1
    case.save(update_fields=[*fields, "version", "updated_at"])
    case.refresh_from_db(fields=["version"])


def _refresh_stage(case: Case) -> None:
    steps = list(CaseStep.objects.filter(case=case).order_by("position"))
    open_steps = [s for s in steps if s.done_on is None and not s.optional]
    if case.status != Case.Status.OPEN:
        case.stage = case.status
    else:
        case.stage = open_steps[0].key if open_steps else "done"
