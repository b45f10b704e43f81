"""Service levels promised to employers (data/service_levels.yaml). The values are assumptions, marked as such in
the data; the pages say "erwartet", never "garantiert"."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml

from lotse.cases import dates

DATA_FILE = Path(__file__).parent / "data" / "service_levels.yaml"


@lru_cache(maxsize=1)
def levels() -> dict:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def working_days(name: str) -> int:
    return int(levels()[name]["working_days"])


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The `count`-th NRW working day after `day` (the day itself does not count)."""
    while count > 0:
        day += dt.timedelta(days=1)
        if dates.is_working_day(day):
            count -= 1
    return day


def advice_response_due(received_on: dt.date) -> dt.date:
    """The day by which the employer can expect an answer to an advice request received on `received_on`."""
    return add_working_days(received_on, working_days("advice_request_response"))
