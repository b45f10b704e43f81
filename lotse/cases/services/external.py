"""Timeline entries written by other apps and by background jobs (welcome plan ticks, § 45c hand-over, re-assessment).

One entry point for code outside case work: the entry is one change of the case (`common.case_change`: the case's row
locked, its version bumped, the entry stored as a code of lotse/cases/timeline.py with its parameters and rendered in
the reader's language; docs/decisions/0100). A new kind of entry adds its code and message to the timeline module.
"""

from __future__ import annotations

from lotse.cases.models import Activity, Case
from lotse.cases.services.common import case_change


def timeline_entry(
    *, case: Case, actor, code: str, internal: bool, kind: str = Activity.Kind.SYSTEM, **params
) -> Activity:
    with case_change(case, actor=actor) as change:
        return change.timeline(code, kind=kind, internal=internal, **params)


def welcome_item_made(*, case: Case, actor, code: str, **params) -> Activity:
    """A welcome plan or § 45c notice was made for the case (lotse.welcome): counted on the case, whose overview
    reads them only when there are any, and put on its timeline for both sides."""
    with case_change(case, actor=actor) as change:
        change.case.welcome_items += 1
        change.save("welcome_items")
        return change.timeline(code, kind=Activity.Kind.SYSTEM, internal=False, **params)
