"""Case types, events and deadline timers from configuration (config/case_types.yaml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings

from lotse.cases import dates
from lotse.rules.errors import ParameterNotInForce
from lotse.rules.parameters import parameters_as_of

CONFIG_FILE = Path(__file__).parent / "config" / "case_types.yaml"
TERMINAL_EVENTS = {"case_closed"}


@lru_cache(maxsize=1)
def config() -> dict:
    with CONFIG_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def events() -> dict[str, str]:
    return config()["events"]


def case_types() -> dict[str, dict]:
    return config()["case_types"]


def case_type(key: str) -> dict:
    return case_types()[key]


def case_type_choices() -> list[tuple[str, str]]:
    return [(key, value["label"]) for key, value in case_types().items()]


def default_case_type(pathway: str, *, accelerated: bool = True) -> str:
    for key, value in case_types().items():
        if pathway in value["pathways"] and (value["procedure"] == "accelerated") == accelerated:
            return key
    for key, value in case_types().items():
        if pathway in value["pathways"]:
            return key
    return "regular_visa"


def step_offsets(case_type_key: str, pathway: str) -> dict[str, int]:
    """Each step's planned offset in days from the case's start. For a pathway whose recognition happens in
    Germany (`recognition_after_entry`, e.g. the recognition partnership, § 16d Abs. 3 AufenthG) the recognition
    steps are never planned before the entry: whatever the case type says, they come after it."""
    steps = case_type(case_type_key)["steps"]
    offsets = {step["key"]: int(step["offset_days"]) for step in steps}
    rule = (config().get("recognition_after_entry") or {}).get(pathway)
    if rule and "entry" in offsets:
        entry = offsets["entry"]
        for key in rule["steps"]:
            if key in offsets and offsets[key] <= entry:
                offsets[key] = entry + int(rule["days_after_entry"])
    return offsets


def timers() -> dict[str, dict]:
    return config()["timers"]


def deemed_approval(kind: str) -> dict | None:
    """{"step": …, "legal_reference": …} if the timer's expiry counts as approval given, else None."""
    spec = timers().get(kind) or {}
    return spec.get("deemed_approval")


def deemed_kinds() -> list[str]:
    return [kind for kind in timers() if deemed_approval(kind)]


def internal_timer_kinds() -> list[str]:
    """Timers of the advisers' own work (service level): never shown to employers."""
    return [kind for kind, spec in timers().items() if spec.get("internal")]


def amber_days() -> int:
    return int(config().get("amber_days", 3))


def request_retention_months() -> int:
    """Months an advice request that never became a case keeps its personal data (from its receipt)."""
    configured = getattr(settings, "LOTSE_CASES_REQUEST_RETENTION_MONTHS", None)
    return int(configured if configured is not None else config().get("request_retention_months", 12))


def retention_months() -> dict[str, int]:
    months = dict(config()["retention_months"])
    months.update(getattr(settings, "LOTSE_CASES_RETENTION_MONTHS", {}) or {})
    return months


@dataclass(frozen=True)
class Period:
    amount: int
    unit: str
    legal_reference: str
    source: str

    def end(self, event_day: dt.date) -> dt.date:
        return dates.period_end(event_day, self.amount, self.unit)

    @property
    def label(self) -> str:
        units = {"days": "Tage", "weeks": "Wochen", "months": "Monate"}
        if self.amount == 1:
            units = {"days": "Tag", "weeks": "Woche", "months": "Monat"}
        return f"{self.amount} {units[self.unit]}"


def timer_period(kind: str, *, procedure: str, on: dt.date) -> Period | None:
    """The period of a timer for a procedure on a day, or None if the timer does not apply to the procedure."""
    spec = timers()[kind]
    if "fixed" in spec:
        fixed = spec["fixed"]
        return Period(int(fixed["amount"]), fixed["unit"], fixed["legal_reference"], fixed["source"])
    name = spec["parameter"].get(procedure)
    if name is None:
        return None
    parameters = parameters_as_of(on)
    try:
        entry = parameters.entry(name)
    except ParameterNotInForce:
        return None
    parameter = parameters.parameter(name)
    return Period(int(entry.value), parameter.unit, parameter.legal_reference, entry.source)
