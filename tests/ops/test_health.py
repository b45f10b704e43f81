"""GET /health/: database, workers (heartbeat, queue, vanished workers) and parameters about to expire."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lotse.ops import health
from lotse.ops.models import WorkerHeartbeat
from lotse.ops.worker import reap_orphaned_jobs

pytestmark = pytest.mark.django_db


def beat(worker_id: str, seconds_ago: float = 0) -> WorkerHeartbeat:
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id, hostname="app-1", pid=4711, started_at=seen, last_seen_at=seen
    )


def job(status: str, *, worker: str = "", started_ago: float = 0, due_ago: float = 0) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="lotse.events.tasks.events_sweep",
        backend_name="default",
        run_after=now - timedelta(seconds=due_ago),
        worker_ids=[worker] if worker else [],
        started_at=now - timedelta(seconds=started_ago) if status == "RUNNING" else None,
    )


def test_healthy_with_a_live_worker(client, db_queue):
    beat("w1", seconds_ago=5)
    response = client.get("/health/")
    report = response.json()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert report["checks"]["database"]["status"] == "ok"
    assert report["checks"]["workers"] == {
        "status": "ok",
        "workers": 1,
        "jobs_due": 0,
        "oldest_due_seconds": 0,
        "orphaned_jobs": 0,
    }
    assert "app-1" not in response.content.decode()  # no host names on a public endpoint


def test_no_worker_is_failing_but_the_app_still_serves(client, db_queue):
    beat("gone", seconds_ago=120)  # stale: six beats missed
    response = client.get("/health/")
    assert response.status_code == 200  # a load balancer keeps this process
    assert response.json()["status"] == "failing"
    assert response.json()["checks"]["workers"]["workers"] == 0
    assert client.get("/health/?strict=1").status_code == 503  # for monitors that read only the status code


def test_late_queue_and_orphaned_jobs_warn(client, db_queue):
    beat("w1")
    job("READY", due_ago=600)
    job("RUNNING", worker="vanished", started_ago=300)
    job("RUNNING", worker="w1", started_ago=300)  # long-running, but its worker is alive
    workers = client.get("/health/").json()["checks"]["workers"]
    assert workers["status"] == "warning"
    assert workers["jobs_due"] == 1 and 590 <= workers["oldest_due_seconds"] <= 660
    assert workers["orphaned_jobs"] == 1


def test_heartbeat_marks_jobs_of_vanished_workers_failed(db_queue):
    beat("w1")
    lost = job("RUNNING", worker="vanished", started_ago=300)
    alive = job("RUNNING", worker="w1", started_ago=300)
    assert reap_orphaned_jobs(timezone.now()) == 1
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert lost.status == "FAILED" and "heartbeats" in lost.traceback and lost.finished_at
    assert alive.status == "RUNNING"


def test_immediate_backend_needs_no_worker(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    workers = client.get("/health/").json()["checks"]["workers"]
    assert workers["status"] == "ok" and workers["backend"] == "ImmediateBackend"


def test_parameters_about_to_expire():
    december = health.check_parameters(date(2026, 12, 2))
    names = {row["parameter"] for row in december["expiring"]}
    assert december["status"] == "warning" and {"blue_card_standard", "bbg_pension_annual"} <= names
    row = next(r for r in december["expiring"] if r["parameter"] == "blue_card_standard")
    assert row == {"parameter": "blue_card_standard", "confirmed_until": "2026-12-31", "days_left": 29}
    june = health.check_parameters(date(2026, 6, 1))
    assert "blue_card_standard" not in {row["parameter"] for row in june["expiring"]}
