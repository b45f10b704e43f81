"""The database goes away under a running app and worker; users get a 503 page, never a trace; both recover alone.

The connections are cut with pg_terminate_backend (what a PostgreSQL restart or failover does to every client);
the full restart runs in bench/load.py against a private cluster. Stopping the server here is not possible: it is
shared.
"""

import json
import time
import urllib.parse

import pytest
from django.db import connection
from django.utils import timezone

from lotse.ops.models import WorkerHeartbeat
from tests.ops.processes import database_away_url, environment, get, start_gunicorn, start_worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def cut_connections() -> int:
    """Terminate every other session on the test database: the servers' and workers' connections."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def warm_up(base: str) -> None:
    for _ in range(3):
        status, _headers, body = get(base + "/workshops/")
        assert status == 200, body[:300]


@pytest.mark.parametrize("health_checks, first_status", [("1", 200), ("0", 503)])
def test_app_reconnects_after_its_connection_was_cut(
    live_db_url, processes, reference_data, health_checks, first_status
):
    """With CONN_HEALTH_CHECKS (the default) the next request gets a fresh connection. Without it, that request
    fails – and the user sees the 503 page; the one after it works again."""
    process, base = start_gunicorn(environment(live_db_url, CONN_HEALTH_CHECKS=health_checks), workers=1, threads=1)
    processes.append(process)
    warm_up(base)
    assert cut_connections() >= 1
    status, headers, body = get(base + "/workshops/")
    assert status == first_status
    if status == 503:
        assert b"Bitte versuchen Sie es in einer Minute erneut" in body and b"Please try again" in body
        assert b"Traceback" not in body and headers["Retry-After"] == "30"
    assert get(base + "/workshops/")[0] == 200


def test_worker_survives_cut_connections_and_keeps_working(live_db_url, processes, tmp_path, reference_data):
    from django_tasks_db.models import DBTaskResult

    env = environment(live_db_url, DJANGO_SETTINGS_MODULE="tests.ops.server_settings")
    server, base = start_gunicorn(env)
    worker = start_worker(env, "worker-r")
    processes += [server, worker]
    wait_for(lambda: WorkerHeartbeat.objects.filter(worker_id="worker-r").exists(), message="heartbeat")
    time.sleep(0.5)  # the worker is polling
    cut = timezone.now()
    assert cut_connections() >= 2  # the worker's loop and its heartbeat thread
    ledger = tmp_path / "ledger.txt"
    body = urllib.parse.urlencode({"token": "after-cut", "ledger": str(ledger)}).encode()
    status, _headers, answer = get(base + "/test/probe/", data=body)
    assert status == 200, answer[:300]
    job = json.loads(answer)["id"]
    wait_for(
        lambda: DBTaskResult.objects.filter(pk=job, status="SUCCESSFUL").exists(),
        timeout=30,
        message="the job queued after the cut",
    )
    assert worker.alive(), worker.output()[-2000:]
    assert ledger.read_text().split()[0] == "after-cut"
    # The heartbeat thread reconnects too (it beats every 10 s).
    wait_for(
        lambda: WorkerHeartbeat.objects.filter(worker_id="worker-r", last_seen_at__gt=cut).exists(),
        timeout=25,
        message="a heartbeat after the cut",
    )


def test_database_unreachable_users_see_please_try_again(processes):
    """Nothing listens on the database port: pages answer 503 in German and English with the request id, the
    health check 503, the log a JSON line with the same id – no 500, no trace for the user."""
    process, base = start_gunicorn(environment(database_away_url()))
    processes.append(process)
    status, headers, body = get(base + "/workshops/", headers={"Accept-Language": "en"})
    page = body.decode()
    assert status == 503
    assert "Bitte versuchen Sie es in einer Minute erneut" in page and "Please try again in a minute" in page
    assert "Traceback" not in page and "OperationalError" not in page and "127.0.0.1" not in page
    request_id = headers["X-Request-ID"]
    assert request_id in page and headers["Cache-Control"] == "no-store"

    status, _headers, body = get(base + "/health/")
    report = json.loads(body)
    assert status == 503 and report["status"] == "failing" and report["checks"]["database"] == {"status": "failing"}

    process.stop()
    lines = [json.loads(line) for line in process.output().splitlines() if line.startswith("{")]
    logged = [line for line in lines if line.get("request_id") == request_id and line["logger"] == "django.request"]
    assert logged and logged[0]["level"] == "ERROR" and "Service Unavailable" in logged[0]["message"]
    # One line with the cause, not a traceback per request (there are hundreds a second during a restart).
    assert logged[0]["database_error"].startswith("OperationalError: ") and "exception" not in logged[0]


def test_job_cut_off_from_the_database_is_marked_failed_and_the_worker_goes_on(
    live_db_url, processes, tmp_path, db_queue
):
    """Neither the job's result nor its failure can be written while the connection is gone: the worker records
    the job as failed ("outcome unknown") once it has reconnected, instead of leaving it RUNNING for ever."""
    from django_tasks_db.models import DBTaskResult

    from tests.ops.jobs import lose_connection, probe

    cut_off = lose_connection.enqueue()
    after = probe.enqueue("after", str(tmp_path / "ledger.txt"))
    worker = start_worker(environment(live_db_url), "worker-c")
    processes.append(worker)
    wait_for(
        lambda: DBTaskResult.objects.filter(pk=after.id, status="SUCCESSFUL").exists(),
        timeout=30,
        message="the next job",
    )
    job = DBTaskResult.objects.get(pk=cut_off.id)
    assert job.status == "FAILED" and "outcome unknown" in job.traceback
    assert worker.alive()
