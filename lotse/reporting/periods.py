"""Reporting periods: calendar months, quarters and years, with the keys used in URLs ("2026-03", "2026-Q1",
"2026") and their labels."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR = "month", "quarter", "year"
KINDS = (MONTH, QUARTER, YEAR)
_KEY = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|Q(?P<quarter>[1-4])))?$")


class PeriodError(ValueError):
    """A period key that does not name a month, quarter or year."""


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: dt.date

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        if kind == MONTH:
            return cls(MONTH, day.replace(day=1))
        if kind == QUARTER:
            return cls(QUARTER, dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1))
        if kind == YEAR:
            return cls(YEAR, dt.date(day.year, 1, 1))
        raise PeriodError(kind)

    @classmethod
    def parse(cls, key: str) -> Period:
        match = _KEY.match((key or "").strip())
        if not match or not 1990 <= int(match["year"]) <= 2100:
            raise PeriodError(key)
        year = int(match["year"])
        if match["month"]:
            return cls(MONTH, dt.date(year, int(match["month"]), 1))
        if match["quarter"]:
            return cls(QUARTER, dt.date(year, 3 * int(match["quarter"]) - 2, 1))
        return cls(YEAR, dt.date(year, 1, 1))

    @property
    def months_count(self) -> int:
        return {MONTH: 1, QUARTER: 3, YEAR: 12}[self.kind]

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        month = self.start.month - 1 + self.months_count
        return dt.date(self.start.year + month // 12, month % 12 + 1, 1)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    @property
    def key(self) -> str:
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{self.quarter}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return date_format(self.start, "YEAR_MONTH_FORMAT")
        if self.kind == QUARTER:
            return _("%(quarter)s. Quartal %(year)s") % {"quarter": self.quarter, "year": self.start.year}
        return str(self.start.year)

    def months(self) -> list[Period]:
        return [Period(MONTH, _add_months(self.start, i)) for i in range(self.months_count)]

    def contains(self, day: dt.date) -> bool:
        return self.start <= day < self.end

    def parent(self, kind: str) -> Period:
        return Period.containing(kind, self.start)

    def previous(self) -> Period:
        return Period.containing(self.kind, self.start - dt.timedelta(days=1))

    def __str__(self) -> str:
        return self.key


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[Period]:
    """The months from the one containing `first` to the one containing `last`."""
    months, current = [], Period.containing(MONTH, first)
    while current.start <= last:
        months.append(current)
        current = Period(MONTH, current.end)
    return months


def periods_of_months(months) -> set[Period]:
    """The months themselves and the quarters and years they belong to."""
    result = set()
    for month in months:
        result.update({month, month.parent(QUARTER), month.parent(YEAR)})
    return result
