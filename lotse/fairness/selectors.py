"""Reads of the self-check: a result ready to show, an employer's history with progress, the company panel."""

from __future__ import annotations

from dataclasses import dataclass

from lotse.fairness.models import SelfCheck
from lotse.navigator.selectors import country_name
from lotse.rules.fairness import selfcheck
from lotse.rules.localized import pick


def result_for(answers: dict, *, lang: str) -> selfcheck.Result:
    """The result; answers to questions the content no longer has (a saved check of an older version) are left
    out instead of failing."""
    known = set(selfcheck.question_ids())
    usable = {k: v for k, v in answers.items() if k.startswith("context.") or (k in known and v in selfcheck.SCALE)}
    return selfcheck.evaluate(usable, lang=lang, country_name=country_name)


def area_titles(lang: str) -> list[tuple[str, str]]:
    return [(area["id"], pick(area["title"], lang)) for area in selfcheck.content()["areas"]]


@dataclass
class HistoryRow:
    check: SelfCheck
    cells: list[dict]  # per area: {"percent", "delta"}
    red_flags: int


def history(*, organisation_id: int, lang: str, limit: int = 20) -> tuple[list[tuple[str, str]], list[HistoryRow]]:
    """The employer's saved checks, newest first, each with the change per area against the check before it.
    Goes through the scoped manager: only who may see the employer's checks gets rows."""
    checks = list(SelfCheck.objects.filter(organisation_id=organisation_id).order_by("-created_at", "-id")[:limit])
    areas = area_titles(lang)
    rows = []
    for index, check in enumerate(checks):
        before = checks[index + 1].scores if index + 1 < len(checks) else None
        delta = selfcheck.progress(before, check.scores) if before is not None else {}
        rows.append(
            HistoryRow(
                check=check,
                cells=[{"percent": check.scores.get(area), "delta": delta.get(area)} for area, _title in areas],
                red_flags=len(check.red_flags),
            )
        )
    return areas, rows


def latest(*, organisation_id: int) -> SelfCheck | None:
    return SelfCheck.objects.filter(organisation_id=organisation_id).order_by("-created_at", "-id").first()
