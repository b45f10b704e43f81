"""Dated legal parameters loaded from `parameters/*.yaml`.

Each parameter has a unit and a legal reference; each of its values a start date, an optional end date,
a source URL and a `verified` flag. `parameters_as_of(day)` returns the values in force on that day, lazily;
asking for a parameter that has no value then raises `ParameterNotInForce` instead of guessing.

The engine uses `resolved_parameters(day)`: every parameter resolved up front, in one place, so a date outside
the data's coverage is an explicit `ParameterNotInForce` before anything else is looked at. The only values
that may be absent on a covered date are those of parameters the law introduced later than the coverage starts
(e.g. the ZAB-DAB fee from 19.06.2024, the opportunity card from 01.06.2024): before their first start they
do not exist yet, and the pathway modules handle that (`in_force`), exactly as before.

Dates after the last confirmed value (contract `lotse.assessment/v1`): yearly values are published late in the
year before. Up to `CARRY_FORWARD_MONTHS` after the end of a series' last value, that value is carried forward
and marked `provisional` (the output lists it, conditions say so); only beyond that is a date not covered.
`expiring_parameters(today, days)` lists the series whose confirmed values end within `days` – for
`lotse parameters --expiring` and the administrators' reminder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from lotse.rules.errors import ParameterNotInForce

PARAMETER_DIR = Path(__file__).parent / "parameters"
# Files in PARAMETER_DIR that are catalogues, not dated parameters.
CATALOGUE_FILES = frozenset({"authorities.yaml", "professions.yaml"})

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CARRY_FORWARD_MONTHS = 24


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)  # noqa: S506 - SafeLoader/CSafeLoader only


@dataclass(frozen=True, slots=True)
class ParameterValue:
    start: date
    end: date | None
    value: Any
    source: str
    verified: bool
    note: str | None = None
    provisional: bool = False  # carried forward past `end` because no newer value is published yet

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    unit: str
    legal_reference: str
    values: tuple[ParameterValue, ...]
    file: str
    share_of_bbg: float | None = None

    def value_at(self, day: date) -> ParameterValue:
        for value in self.values:
            if value.in_force(day):
                return value
        last = self.last_value
        if last.end is not None and last.end < day <= months_after(last.end, CARRY_FORWARD_MONTHS):
            return replace(last, provisional=True)
        raise ParameterNotInForce(self.name, day)

    @property
    def last_value(self) -> ParameterValue:
        return max(self.values, key=lambda value: value.start)

    @property
    def confirmed_until(self) -> date | None:
        """The last day a published value covers (None: the last value is open-ended)."""
        return self.last_value.end


def _parse_parameter(name: str, raw: dict, file: str) -> Parameter:
    values = tuple(
        ParameterValue(
            start=item["start"],
            end=item.get("end"),
            value=item["value"],
            source=item["source"],
            verified=bool(item.get("verified", False)),
            note=item.get("note"),
        )
        for item in raw["values"]
    )
    return Parameter(
        name=name,
        description=raw["description"],
        unit=raw["unit"],
        legal_reference=raw["legal_reference"],
        values=values,
        file=file,
        share_of_bbg=raw.get("share_of_bbg"),
    )


@lru_cache(maxsize=1)
def load_parameters() -> dict[str, Parameter]:
    """All dated parameters by name (loaded once per process)."""
    parameters: dict[str, Parameter] = {}
    for path in sorted(PARAMETER_DIR.glob("*.yaml")):
        if path.name in CATALOGUE_FILES:
            continue
        for name, raw in (read_yaml(path) or {}).items():
            if name in parameters:
                raise ValueError(f"parameter {name!r} defined twice ({path.name})")
            parameters[name] = _parse_parameter(name, raw, path.name)
    return parameters


class ParameterSet:
    """The parameters in force on one day. Values are resolved lazily and memoised."""

    __slots__ = ("as_of", "_parameters", "_resolved")

    def __init__(self, as_of: date, parameters: dict[str, Parameter]):
        self.as_of = as_of
        self._parameters = parameters
        self._resolved: dict[str, ParameterValue] = {}

    def entry(self, name: str) -> ParameterValue:
        try:
            return self._resolved[name]
        except KeyError:
            entry = self._parameters[name].value_at(self.as_of)
            self._resolved[name] = entry
            return entry

    def get(self, name: str) -> Any:
        try:
            return self._resolved[name].value
        except KeyError:
            return self.entry(name).value

    def verified(self, name: str) -> bool:
        return self.entry(name).verified

    def provisional(self, name: str) -> bool:
        return self.entry(name).provisional

    def provisional_names(self) -> list[str]:
        """Every parameter resolved so far whose value is carried forward, sorted."""
        return sorted(name for name, entry in self._resolved.items() if entry.provisional)

    def parameter(self, name: str) -> Parameter:
        return self._parameters[name]


@lru_cache(maxsize=512)
def parameters_as_of(day: date) -> ParameterSet:
    return ParameterSet(day, load_parameters())


@lru_cache(maxsize=1)
def coverage_start() -> date:
    """The first day for which the parameter data holds values (the earliest start of any parameter)."""
    return min(value.start for parameter in load_parameters().values() for value in parameter.values)


@lru_cache(maxsize=1)
def coverage() -> tuple[date, date | None]:
    """(first, last) day on which every parameter can be resolved, carried-forward values included;
    last None = open-ended."""
    ends = [
        months_after(parameter.confirmed_until, CARRY_FORWARD_MONTHS)
        for parameter in load_parameters().values()
        if parameter.confirmed_until is not None
    ]
    return coverage_start(), min(ends) if ends else None


def expiring_parameters(today: date, days: int) -> list[dict]:
    """Series whose confirmed values end within `days` after `today`, or have already ended (their value is then
    carried forward as provisional). Soonest first. Pure: the nightly reminder and the CLI share it."""
    horizon = today + timedelta(days=days)
    rows = []
    for parameter in load_parameters().values():
        end = parameter.confirmed_until
        if end is None or end > horizon:
            continue
        rows.append(
            {
                "parameter": parameter.name,
                "description": parameter.description,
                "legal_reference": parameter.legal_reference,
                "file": parameter.file,
                "confirmed_until": end,
                "days_left": (end - today).days,
                "provisional_from": end + timedelta(days=1),
                "carried_forward_until": months_after(end, CARRY_FORWARD_MONTHS),
                "last_value": parameter.last_value.value,
                "source": parameter.last_value.source,
            }
        )
    return sorted(rows, key=lambda row: (row["confirmed_until"], row["parameter"]))


def parameters_fingerprint(day: date) -> str:
    """A digest of the parameter values in force on `day` (value, dates, source, provisional flag of every series).

    It changes when a value is added or corrected in the files and when a new yearly value comes into force, so the
    nightly job can tell that the law the open cases were assessed under has changed (issue 10: re-assessment).
    """
    digest = hashlib.sha256()
    for name, parameter in sorted(load_parameters().items()):
        try:
            entry = parameter.value_at(day)
        except ParameterNotInForce:
            state = None
        else:
            state = [entry.start, entry.end, entry.value, entry.source, entry.verified, entry.provisional]
        digest.update(json.dumps([name, state], sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _introduced_later(parameter: Parameter, day: date) -> bool:
    """True if `day` lies before the first value of a parameter that the law introduced after coverage_start."""
    first = min(value.start for value in parameter.values)
    return coverage_start() <= day < first and first > coverage_start()


@lru_cache(maxsize=512)
def resolved_parameters(day: date) -> ParameterSet:
    """The parameters in force on `day`, all resolved now. Raises ParameterNotInForce for the first parameter
    (in name order) without a value on `day`, unless that parameter only begins later by law."""
    parameters = load_parameters()
    resolved = ParameterSet(day, parameters)
    for name in sorted(parameters):
        parameter = parameters[name]
        try:
            resolved.entry(name)
        except ParameterNotInForce:
            if not _introduced_later(parameter, day):
                raise ParameterNotInForce(name, day, coverage()) from None
    return resolved
