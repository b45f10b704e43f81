"""What every case-work service shares: the errors, the date, the one shape of a state change (`case_change`:
row lock, version bump, timeline entry, audit entry) and the team's notification.

Concurrency: every change to a case locks its row (`select_for_update`) and bumps `Case.version`; edit forms
carry the version they were rendered with and `case_update` refuses a stale one (optimistic locking), so two
advisers editing the same case never silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from lotse.accounts.models import Membership, Organisation
from lotse.cases import timeline
from lotse.cases.models import Activity, Case, CaseStep
from lotse.core import audit
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


class CaseChange:
    """One state change of a case in progress: the locked case, and the timeline and audit entries it writes.

    Made by `case_change`; see there. Entries are written when they are added (inside the change's transaction),
    so that a rule refused later rolls them back together with the change.
    """

    def __init__(self, case: Case, actor) -> None:
        self.case = case
        self.actor = actor
        self.fields: list[str] = []
        self.entries: list[Activity] = []
        self.audited = False

    @property
    def changed(self) -> bool:
        return bool(self.fields or self.entries or self.audited)

    def save(self, *fields: str) -> None:
        """Case fields the change set; they are saved with the version bump when the change ends."""
        self.fields.extend(field for field in fields if field not in self.fields)

    def timeline(self, code: str, *, kind: str, internal: bool = True, **params) -> Activity:
        """A timeline entry: a code of lotse.cases.timeline with keys, ISO dates, ids or typed text as params."""
        timeline.check(code, params)
        entry = Activity.objects.create(
            case=self.case,
            kind=kind,
            code=code,
            params=timeline.storable(params),
            internal=internal,
            actor=self.actor if _is_user(self.actor) else None,
            team=self.case.team,
        )
        self.entries.append(entry)
        return entry

    def audit(
        self,
        action: str,
        *,
        obj=None,
        old: dict | None = None,
        new: dict | None = None,
        context: dict | None = None,
        employer_sees: bool = True,
    ):
        """The audit entry (ids and codes only) of the change, about the case or one of its objects. The
        employer's organisation is named (so its users see the entry) unless `employer_sees=False`."""
        self.audited = True
        return audit.record(
            actor=self.actor,
            action=action,
            obj=self.case if obj is None else obj,
            region_id=self.case.region_id,
            organisation_id=self.case.employer_id if employer_sees else None,
            old=old,
            new=new,
            context=context,
        )


@contextmanager
def case_change(case: Case | int, *, actor, created: bool = False) -> Iterator[CaseChange]:
    """The one shape of a change to a case: lock its row, let the caller apply the change (checking its rules on
    the locked row) and add timeline and audit entries, then bump `Case.version` and save the fields named with
    `change.save(…)` — all in one transaction. An exception inside the block rolls everything back.

        with case_change(case, actor=actor) as change:
            if change.case.status != Case.Status.OPEN:
                raise CaseRuleError(…)
            change.case.status = …
            change.save("status")
            change.timeline("case.closed", kind=Activity.Kind.SYSTEM, internal=False, case_status=…)
            change.audit("case.close", old=…, new=…)

    A block that ends without saving a field or adding an entry changed nothing (e.g. a task already done): the
    version stays. `created=True` for a case created in the same transaction: no lock and no version bump.
    """
    with transaction.atomic():
        change = CaseChange(case if created else _lock(case), actor)
        yield change
        if change.changed and not created:
            _bump(change.case, *change.fields)


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
