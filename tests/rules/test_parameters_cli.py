"""`lotse parameters --expiring DAYS`: lists the series that need a new value, exit 1 if any."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from lotse.rules.parameters_cli import run

ROOT = Path(__file__).resolve().parents[2]


def call(*args: str, today: date = date(2026, 12, 3)) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), stdout=out, stderr=err, today=today)
    return code, out.getvalue(), err.getvalue()


def test_series_ending_soon_are_listed_with_exit_1():
    code, out, err = call("--expiring", "60")
    assert code == 1 and err == ""
    assert "blue_card_standard" in out and "2026-12-31" in out and "in 28 days" in out


def test_nothing_due_is_exit_0():
    code, out, _ = call("--expiring", "30", "--as-of", "2026-06-01")
    assert code == 0 and "No parameter series" in out


def test_already_carried_forward_series_are_listed():
    code, out, _ = call("--expiring", "0", today=date(2027, 2, 1))
    assert code == 1 and "carried forward as provisional" in out


def test_json():
    code, out, _ = call("--expiring", "60", "--json")
    rows = json.loads(out)
    assert code == 1 and {row["parameter"] for row in rows} >= {"age_45", "bbg_pension_annual"}


@pytest.mark.parametrize("days", ["-1", "abc", "1e999999999", "99999999"])
def test_bad_days_are_exit_2(days):
    code, out, err = call("--expiring", days)
    assert code == 2 and out == "" and "--expiring" in err


def test_through_the_lotse_command_without_django():
    done = subprocess.run(
        [sys.executable, "-m", "lotse.cli", "parameters", "--expiring", "60", "--as-of", "2026-12-03"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 1 and "bbg_pension_annual" in done.stdout
