"""The per-company limit and the capacity hold under a rush on both databases (lotse.core.locks, ADR 0151)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.events.company_race import CAPACITY, OTHERS, PER_COMPANY, SAME_COMPANY, race, setup_event

ROOT = Path(__file__).resolve().parents[2]


def check(outcome: dict) -> None:
    everything = {**outcome["same_company"], **outcome["others"]}
    assert not [o for o in everything if o.startswith("error")], outcome  # no 500, no "database is locked"
    # Exactly the limit for the company, whatever its spelling; the rest refused with a message on "places".
    assert outcome["company_a_rows"] == PER_COMPANY, outcome
    assert outcome["same_company"].get("refused:places") == SAME_COMPANY - PER_COMPANY, outcome
    # No overbooking: every place held once, the counter agrees, the rest wait.
    assert outcome["holding"] == outcome["places_taken"] == CAPACITY, outcome
    registered = PER_COMPANY + OTHERS
    waiting = outcome["same_company"].get("waitlisted", 0) + outcome["others"].get("waitlisted", 0)
    assert waiting == registered - CAPACITY, outcome


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_company_limit_race_on_postgresql(require_postgres, ihk):
    outcome = race(setup_event(ihk["user"], ihk["org"]))
    assert outcome["vendor"] == "postgresql"
    check(outcome)


def test_company_limit_race_on_sqlite_file(tmp_path):
    """The embedded default as `make run` serves it: a SQLite file, one connection per thread."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'race.sqlite3'}", DEBUG="1", EMAIL_URL="dummy://",
               DJANGO_SETTINGS_MODULE="lotse.settings", TASKS_BACKEND="django_tasks.backends.dummy.DummyBackend")
    result = subprocess.run([sys.executable, "-m", "tests.events.company_race"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["vendor"] == "sqlite"
    check(outcome)
