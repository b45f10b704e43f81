"""Background jobs of reporting, run by the database worker (`lotse db-worker`, ADR 0004).

Cron runs `lotse reporting-fill` nightly (or enqueues `fill_reports`); a recomputation of one period started on the
status page runs as `rebuild_period`. Both are safe to repeat: a unit of work replaces its cells.
"""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from lotse.reporting import build
from lotse.reporting.periods import Period


@task()
def fill_reports(until: str | None = None) -> dict:
    run = build.reporting_fill(until=dt.date.fromisoformat(until) if until else None)
    return {"run": run.pk, "units": run.units_done, "cells": run.cells_written}


@task()
def rebuild_period(period: str, requested_by: int | None = None) -> dict:
    from lotse.accounts.models import User  # noqa: PLC0415

    user = User.objects.filter(pk=requested_by).first() if requested_by else None
    run = build.reporting_rebuild(period=Period.parse(period), requested_by=user)
    return {"run": run.pk, "units": run.units_done, "cells": run.cells_written}
