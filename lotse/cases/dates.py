"""Legal time periods: NRW public holidays and the end of a period under §§ 187, 188, 193 BGB.

The rule applied (§ 31 Abs. 1 VwVfG NRW, and § 31 VwVfG for federal authorities such as the BA, both refer to
§§ 187 to 193 BGB):

* § 187 Abs. 1 BGB: a period that starts with an event (a submission, a receipt) does not count the day of the
  event itself.
* § 188 Abs. 2 BGB: a period in weeks ends at the end of the day of the last week that has the same weekday as
  the event day; a period in months ends on the day of the last month with the same number as the event day.
* § 188 Abs. 3 BGB: if that day does not exist in the last month (31 March + 1 month), the period ends on the
  last day of that month.
* § 193 BGB / § 31 Abs. 3 VwVfG NRW: if the last day is a Saturday, Sunday or a public holiday at the place of
  the authority (NRW), the period ends at the end of the next working day.

Whether § 193 BGB moves the end of a "deemed given" period (Zustimmungsfiktion, § 36 Abs. 2 BeschV) is disputed;
Lotse applies it, because that gives the later date: an adviser is never told an approval is deemed given
before it surely is (docs/decisions/0021-legal-deadlines.md).
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@lru_cache(maxsize=64)
def nrw_holidays(year: int) -> dict[dt.date, str]:
    """The statutory public holidays of North Rhine-Westphalia (Feiertagsgesetz NW § 2)."""
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): "Neujahr",
        easter - dt.timedelta(days=2): "Karfreitag",
        easter + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        easter + dt.timedelta(days=39): "Christi Himmelfahrt",
        easter + dt.timedelta(days=50): "Pfingstmontag",
        easter + dt.timedelta(days=60): "Fronleichnam",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 11, 1): "Allerheiligen",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }
    return days


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in nrw_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_end(event_day: dt.date, amount: int, unit: str) -> dt.date:
    """The last day of a period of `amount` `unit` (days, weeks, months) that starts with an event on `event_day`."""
    if unit == "days":
        end = event_day + dt.timedelta(days=amount)  # § 187(1): the event day does not count
    elif unit == "weeks":
        end = event_day + dt.timedelta(weeks=amount)  # § 188(2): same weekday as the event
    elif unit == "months":
        end = add_months(event_day, amount)  # § 188(2), (3)
    else:
        raise ValueError(f"unknown unit {unit!r}")
    return next_working_day(end)  # § 193 BGB


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (0 if end <= start)."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
