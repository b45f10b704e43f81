"""Plausible dates in forms: every date field of every form refuses a year like 1 or 9999.

A date in year 1 was accepted and stored; a timer started then was overdue before it began and stopped before it
started. `PlausibleDateField`/`PlausibleDateTimeField` take the bounds as dates or as callables (evaluated at
validation, so "today + 5 years" is today's), default 1900-01-01 to 2100-12-31; forms use tighter bounds where the
domain allows (case work and plans: from 2000 to five years ahead). A test fails if a form declares a plain
DateField/DateTimeField. See docs/decisions/0132.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
CASE_WORK_EARLIEST = dt.date(2000, 1, 1)

Bound = dt.date | Callable[[], dt.date] | None


def years_ahead(years: int) -> Callable[[], dt.date]:
    """A bound `years` years after today (29 February becomes 28 February)."""

    def bound() -> dt.date:
        today = timezone.localdate()
        try:
            return today.replace(year=today.year + years)
        except ValueError:
            return today.replace(year=today.year + years, day=28)

    return bound


def _resolve(bound: Bound, default: dt.date) -> dt.date:
    if bound is None:
        return default
    return bound() if callable(bound) else bound


class _PlausibleMixin:
    def __init__(self, *args, earliest: Bound = None, latest: Bound = None, **kwargs):
        self.earliest, self.latest = earliest, latest  # before super(): Field.__init__ asks widget_attrs()
        super().__init__(*args, **kwargs)

    def bounds(self) -> tuple[dt.date, dt.date]:
        return _resolve(self.earliest, EARLIEST), _resolve(self.latest, LATEST)

    def _check_range(self, day: dt.date) -> None:
        low, high = self.bounds()
        if not low <= day <= high:
            raise forms.ValidationError(
                _("Bitte geben Sie ein Datum zwischen dem %(min)s und dem %(max)s ein."),
                code="date_range",
                params={
                    "min": formats.date_format(low, "SHORT_DATE_FORMAT"),
                    "max": formats.date_format(high, "SHORT_DATE_FORMAT"),
                },
            )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") in ("date", "datetime-local"):
            low, high = self.bounds()
            suffix = "T00:00" if widget.input_type == "datetime-local" else ""
            attrs.setdefault("min", low.isoformat() + suffix)
            attrs.setdefault("max", high.isoformat() + ("T23:59" if suffix else ""))
        return attrs


class PlausibleDateField(_PlausibleMixin, forms.DateField):
    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            self._check_range(value)


class PlausibleDateTimeField(_PlausibleMixin, forms.DateTimeField):
    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            self._check_range(value.date() if isinstance(value, dt.datetime) else value)


class RecentDateField(PlausibleDateField):
    """A date of case work, plans and calendars: from 2000 to five years ahead."""

    def __init__(self, *args, earliest: Bound = CASE_WORK_EARLIEST, latest: Bound = None, **kwargs):
        super().__init__(*args, earliest=earliest, latest=latest or years_ahead(5), **kwargs)


class RecentDateTimeField(PlausibleDateTimeField):
    """A date and time of an event session: from 2000 to five years ahead."""

    def __init__(self, *args, earliest: Bound = CASE_WORK_EARLIEST, latest: Bound = None, **kwargs):
        super().__init__(*args, earliest=earliest, latest=latest or years_ahead(5), **kwargs)
