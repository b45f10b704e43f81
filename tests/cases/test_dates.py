"""Legal periods: §§ 187, 188, 193 BGB with NRW public holidays (§ 31 VwVfG NRW)."""

import datetime as dt

import pytest

from lotse.cases import config
from lotse.cases.dates import easter_sunday, is_working_day, nrw_holidays, period_end

D = dt.date


@pytest.mark.parametrize(
    "year,easter",
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_nrw_holidays_2026():
    holidays = nrw_holidays(2026)
    assert D(2026, 4, 3) in holidays  # Karfreitag
    assert D(2026, 4, 6) in holidays  # Ostermontag
    assert D(2026, 5, 14) in holidays  # Christi Himmelfahrt
    assert D(2026, 5, 25) in holidays  # Pfingstmontag
    assert D(2026, 6, 4) in holidays  # Fronleichnam (NRW, not in Berlin)
    assert D(2026, 11, 1) in holidays  # Allerheiligen (NRW)
    assert D(2026, 10, 31) not in holidays  # Reformationstag is not an NRW holiday
    assert len(holidays) == 11


def test_one_week_ending_on_a_holiday_moves_to_next_working_day():
    # BA asked on Thursday 28 May 2026; one week ends Thursday 4 June = Fronleichnam (NRW) → Friday 5 June.
    assert period_end(D(2026, 5, 28), 1, "weeks") == D(2026, 6, 5)


def test_period_ending_on_weekend_then_holiday_skips_both():
    # Event Saturday 28 March 2026 + 1 week = Saturday 4 April; Sunday 5 April (Easter), Monday 6 April
    # (Ostermontag) → Tuesday 7 April 2026.
    assert period_end(D(2026, 3, 28), 1, "weeks") == D(2026, 4, 7)
    # Good Friday: request on Friday 27 March + 1 week = Friday 3 April (Karfreitag), weekend, Easter Monday.
    assert period_end(D(2026, 3, 27), 1, "weeks") == D(2026, 4, 7)


def test_months_end_on_last_day_when_day_missing():
    # § 188(3) BGB: 31 Dec 2025 + 2 months → 28 Feb 2026 (a Saturday) → § 193 → Monday 2 March 2026.
    assert period_end(D(2025, 12, 31), 2, "months") == D(2026, 3, 2)
    assert period_end(D(2026, 1, 15), 3, "months") == D(2026, 4, 15)


def test_working_day():
    assert not is_working_day(D(2026, 12, 26))
    assert is_working_day(D(2026, 12, 28))


def test_timer_periods_come_from_the_rules_parameters():
    ba_fast = config.timer_period("ba_approval", procedure="accelerated", on=D(2026, 3, 1))
    ba_regular = config.timer_period("ba_approval", procedure="regular", on=D(2026, 3, 1))
    assert (ba_fast.amount, ba_fast.unit) == (1, "weeks")
    assert (ba_regular.amount, ba_regular.unit) == (2, "weeks")
    assert "§ 36 Abs. 2 BeschV" in ba_fast.legal_reference
    recognition = config.timer_period("recognition", procedure="accelerated", on=D(2026, 3, 1))
    assert (recognition.amount, recognition.unit) == (2, "months")
    assert config.timer_period("recognition", procedure="regular", on=D(2026, 3, 1)).amount == 3
    visa = config.timer_period("visa_appointment", procedure="accelerated", on=D(2026, 3, 1))
    assert (visa.amount, visa.unit) == (3, "weeks") and "§ 31a" in visa.legal_reference
    assert config.timer_period("visa_appointment", procedure="regular", on=D(2026, 3, 1)) is None
    validity = config.timer_period("preapproval_validity", procedure="regular", on=D(2026, 3, 1))
    assert (validity.amount, validity.unit) == (6, "months")
