"""Builds a dated welcome plan from a worker's situation, on the reviewed tasks in data/tasks.yaml.

The situation: pathway, arrival date, optional first working day, family (none / with / later) and German level.
Each task gets a due date from its anchor (arrival, first working day, or the settlement date) and says who does
it, why, and on which sources it rests. Places and contacts are resolved by the Django app; this module only
computes.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from lotse.rules.localized import load_yaml, pick

DATA = Path(__file__).parent / "data"
DEFAULT_START_AFTER_ARRIVAL_DAYS = 7  # used when no first working day is given; the plan says so


@cache
def content() -> dict:
    return load_yaml(DATA / "tasks.yaml")


def languages() -> list[str]:
    return list(content()["languages"])


class SituationError(ValueError):
    """A situation the plan cannot be made from; `field` names the input."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Situation:
    pathway: str
    arrival: date
    family: str = "none"
    german: str = "none"
    start: date | None = None  # first working day

    def validate(self) -> None:
        data = content()
        if self.pathway not in data["pathways"]:
            raise SituationError("pathway", f"unknown pathway {self.pathway!r}")
        if self.family not in data["family"]:
            raise SituationError("family", f"unknown family option {self.family!r}")
        if self.german not in data["german_levels"]:
            raise SituationError("german", f"unknown German level {self.german!r}")
        if self.start is not None and self.start < self.arrival:
            raise SituationError("start", "the first working day is before the arrival")

    @property
    def first_working_day(self) -> date:
        return self.start or self.arrival + timedelta(days=DEFAULT_START_AFTER_ARRIVAL_DAYS)


@dataclass
class Task:
    id: str
    phase: str
    who: str
    due: date
    title: str
    why: str
    plain: str
    sources: list[str]
    verified: bool
    contact: str | None = None
    link: str | None = None
    legal_deadline: bool = False


@dataclass
class Plan:
    version: str
    lang: str
    situation: Situation
    start_assumed: bool
    tasks: list[Task] = field(default_factory=list)

    def phase(self, phase: str) -> list[Task]:
        return [task for task in self.tasks if task.phase == phase]


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _rank(level: str) -> int:
    return content()["german_levels"].index(level)


def _applies(when: dict | None, situation: Situation) -> bool:
    if not when:
        return True
    pathway = content()["pathways"][situation.pathway]
    checks = {
        "family": lambda v: situation.family in v,
        "pathway": lambda v: situation.pathway in v,
        "german_below": lambda v: _rank(situation.german) < _rank(v),
        "german_at_least": lambda v: _rank(situation.german) >= _rank(v),
        "pathway_integration_course": lambda v: bool(pathway["integration_course"]) == v,
        "settlement": lambda v: pathway["settlement"] in v,
    }
    unknown = set(when) - set(checks)
    if unknown:
        raise ValueError(f"unknown condition(s) {sorted(unknown)} in tasks.yaml")
    return all(checks[key](value) for key, value in when.items())


def settlement_months(situation: Situation) -> int | None:
    rule = content()["pathways"][situation.pathway]["settlement"]
    months = content()["settlement_months"].get(rule)
    if months is None:
        return None
    if "B1" in months and _rank(situation.german) >= _rank("B1"):
        return months["B1"]
    return months["default"]


def _due(spec: dict, situation: Situation) -> date | None:
    anchor = spec["anchor"]
    if anchor == "arrival":
        return situation.arrival + timedelta(days=spec["days"])
    if anchor == "start":
        return situation.first_working_day + timedelta(days=spec["days"])
    if anchor == "settlement":
        months = settlement_months(situation)
        return add_months(situation.arrival, months) if months is not None else None
    raise ValueError(f"unknown anchor {anchor!r} in tasks.yaml")


# Tasks whose date is a statutory deadline (the others are recommended planning dates).
LEGAL_DEADLINES = {"anmeldung", "first_day", "family_anmeldung"}


def build(situation: Situation, *, lang: str = "de") -> Plan:
    situation.validate()
    data = content()
    plan = Plan(version=data["version"], lang=lang, situation=situation, start_assumed=situation.start is None)
    for spec in data["tasks"]:
        if not _applies(spec.get("when"), situation):
            continue
        due = _due(spec["due"], situation)
        if due is None:
            continue
        plan.tasks.append(
            Task(
                id=spec["id"],
                phase=spec["phase"],
                who=spec["who"],
                due=due,
                title=pick(spec["title"], lang),
                why=pick(spec["why"], lang),
                plain=pick(spec["plain"], lang),
                sources=list(spec["sources"]),
                verified=spec["verified"],
                contact=spec.get("contact"),
                link=spec.get("link"),
                legal_deadline=spec["id"] in LEGAL_DEADLINES,
            )
        )
    phases = list(data["phases"])
    plan.tasks.sort(key=lambda task: (phases.index(task.phase), task.due))
    return plan


def task_ids() -> list[str]:
    return [spec["id"] for spec in content()["tasks"]]


def task_title(task_id: str, lang: str) -> str:
    """A task's title in `lang` (the id itself for an unknown id)."""
    for spec in content()["tasks"]:
        if spec["id"] == task_id:
            return pick(spec["title"], lang)
    return task_id


def label(section: str, key: str, lang: str) -> str:
    """A label of tasks.yaml: phases, roles, family, or a pathway's label."""
    value = content()[section][key]
    return pick(value["label"] if section == "pathways" else value, lang)
