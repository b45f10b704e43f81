"""Timeline entries written by other apps and by background jobs (welcome plan ticks, § 45c hand-over, re-assessment).

One entry point, so that the entries' storage (a sentence today; a code with parameters once the timeline stores
data, docs/decisions/0100) changes in one place. `code` and `params` name what happened; `text` is the German
sentence stored for now.
"""

from __future__ import annotations

from lotse.cases.models import Activity, Case
from lotse.cases.services.common import _activity


def timeline_entry(
    *, case: Case, actor, code: str, text: str, internal: bool, kind: str = Activity.Kind.SYSTEM, **params
) -> Activity:
    del code, params  # kept by the caller's contract; stored once the timeline stores codes
    return _activity(case=case, actor=actor, kind=kind, text=text, internal=internal)
