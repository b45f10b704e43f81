"""What GET /health/ checks: the database, the background workers and the legal parameters.

Each check returns a dict with a `status` of "ok", "warning" or "failing" and figures to go with it; nothing in it
names a host, a person or an error text (the endpoint is public; the details go to the log).
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta

from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.models import DBTaskResult, get_date_max

from lotse.ops.models import WorkerHeartbeat
from lotse.ops.worker import STALE_AFTER
from lotse.rules.parameters import expiring_parameters

OK, WARNING, FAILING = "ok", "warning", "failing"
_SEVERITY = {OK: 0, WARNING: 1, FAILING: 2}
# A job that is due and not started after this long means the workers are too few or stuck.
QUEUE_LATE_AFTER = timedelta(minutes=5)
# Yearly values (salary thresholds, fees) are published late in the year before: warn two months ahead.
PARAMETER_WARNING_DAYS = 60

logger = logging.getLogger(__name__)


def worst(statuses) -> str:
    return max(statuses, key=_SEVERITY.__getitem__, default=OK)


def check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("health: database unreachable: %s", error)
        return {"status": FAILING}
    return {"status": OK, "latency_ms": round((time.perf_counter() - started) * 1000, 2)}


def check_workers(now) -> dict:
    """Workers seen within STALE_AFTER; jobs due but not started; jobs left running by a vanished worker."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if not isinstance(backend, DatabaseBackend):  # e.g. the immediate backend: jobs run inside the request
        return {"status": OK, "backend": type(backend).__name__, "workers": 0}
    alive = set(WorkerHeartbeat.objects.filter(last_seen_at__gte=now - STALE_AFTER).values_list("worker_id", flat=True))
    no_deferral = get_date_max()
    queue = DBTaskResult.objects.ready().aggregate(
        due=Count("pk"),
        oldest_enqueued=Min("enqueued_at", filter=Q(run_after=no_deferral)),
        oldest_deferred=Min("run_after", filter=~Q(run_after=no_deferral)),
    )
    oldest = min((t for t in (queue["oldest_enqueued"], queue["oldest_deferred"]) if t is not None), default=None)
    waiting_seconds = max((now - oldest).total_seconds(), 0) if oldest else 0
    orphaned = sum(
        1
        for worker_ids, started_at in DBTaskResult.objects.running().values_list("worker_ids", "started_at")
        if (not worker_ids or worker_ids[-1] not in alive) and started_at and started_at < now - STALE_AFTER
    )
    if not alive:
        status = FAILING
    elif waiting_seconds > QUEUE_LATE_AFTER.total_seconds() or orphaned:
        status = WARNING
    else:
        status = OK
    return {
        "status": status,
        "workers": len(alive),
        "jobs_due": queue["due"],
        "oldest_due_seconds": round(waiting_seconds),
        "orphaned_jobs": orphaned,
    }


def check_parameters(today: date) -> dict:
    rows = expiring_parameters(today, PARAMETER_WARNING_DAYS)
    return {
        "status": WARNING if rows else OK,
        "within_days": PARAMETER_WARNING_DAYS,
        "expiring": [
            {
                "parameter": row["parameter"],
                "confirmed_until": row["confirmed_until"].isoformat(),
                "days_left": row["days_left"],
            }
            for row in rows
        ],
    }


def health_report() -> dict:
    now = timezone.now()
    checks = {"database": check_database()}
    if checks["database"]["status"] == OK:
        try:
            checks["workers"] = check_workers(now)
        except DatabaseError as error:  # the database went away between the two checks
            logger.warning("health: worker check failed: %s", error)
            checks["workers"] = {"status": FAILING}
    else:
        checks["workers"] = {"status": FAILING}  # cannot be known without the database
    checks["parameters"] = check_parameters(timezone.localdate(now))
    return {
        "status": worst(check["status"] for check in checks.values()),
        "time": now.isoformat(timespec="seconds"),
        "checks": checks,
    }
