"""Background work of the events app, run by the database worker (`lotse db-worker`).

One idempotent `events_sweep` task does everything that is due: expiring unconfirmed holds and unanswered
offers (passing the place on), sending scheduled e-mail rules, anonymising participants after the retention
time. Services queue it for each future moment they create (`run_after`); `lotse events-sweep` runs it from cron
as a safety net. Extra runs are harmless.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone
from django_tasks import default_task_backend, task

from lotse.core.scoping import system_access

logger = logging.getLogger(__name__)


@task()
def events_sweep() -> dict:
    from lotse.events import services  # noqa: PLC0415

    with system_access("events: scheduled sweep"):
        return services.sweep()


def schedule_sweep(at: datetime) -> None:
    """Queue a sweep at `at` (or now). Backends without deferral (the immediate one in tests) run nothing."""
    try:
        if at <= timezone.now():
            events_sweep.enqueue()
        elif default_task_backend.supports_defer:
            events_sweep.using(run_after=at).enqueue()
    except Exception:  # noqa: BLE001  scheduling must never break the request; cron's sweep catches up
        logger.exception("could not queue the events sweep")
