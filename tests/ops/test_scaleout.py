"""Scale-out: two app servers and two workers on loopback against one PostgreSQL; each job runs exactly once."""

import json
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

from lotse.ops.models import WorkerHeartbeat
from tests.conftest import log_in
from tests.ops.processes import environment, get, start_gunicorn, start_worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)  # the servers and workers see what the test commits

JOBS = 60


def test_two_app_servers_and_two_workers_run_each_job_once(live_db_url, processes, tmp_path, world, settings):
    from django_tasks_db.models import DBTaskResult

    env = environment(live_db_url, DJANGO_SETTINGS_MODULE="tests.ops.server_settings")
    servers = []
    for _ in range(2):
        process, base = start_gunicorn(env, workers=1, threads=4)
        processes.append(process)
        servers.append(base)
    for worker_id in ("worker-1", "worker-2"):
        processes.append(start_worker(env, worker_id))
    wait_for(lambda: WorkerHeartbeat.objects.count() == 2, message="both workers' heartbeats")

    # Jobs are queued through both app servers at once, while both workers are taking them.
    ledger = tmp_path / "ledger.txt"

    def enqueue(index: int) -> dict:
        body = urllib.parse.urlencode({"token": f"job-{index}", "ledger": str(ledger)}).encode()
        status, _headers, answer = get(servers[index % 2] + "/test/probe/", data=body)
        assert status == 200, answer[:500]
        return json.loads(answer)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(enqueue, range(JOBS)))
    assert len({a["server_pid"] for a in answers}) == 2  # both app servers queued jobs
    ids = [a["id"] for a in answers]
    wait_for(
        lambda: DBTaskResult.objects.filter(pk__in=ids, status="SUCCESSFUL").count() == JOBS,
        timeout=60,
        message=f"{JOBS} jobs done",
    )

    runs = Counter(line.split()[0] for line in ledger.read_text().splitlines())
    assert sorted(runs) == sorted(f"job-{i}" for i in range(JOBS))
    assert set(runs.values()) == {1}, [token for token, n in runs.items() if n != 1]
    worker_ids = [r.worker_ids for r in DBTaskResult.objects.filter(pk__in=ids)]
    assert all(len(claimed_by) == 1 for claimed_by in worker_ids)  # claimed once, never twice
    assert {claimed_by[0] for claimed_by in worker_ids} == {"worker-1", "worker-2"}  # and both did work
    assert len({line.split()[1] for line in ledger.read_text().splitlines()}) == 2

    # Stateless app servers: a session made anywhere is valid on both; each sees both workers.
    settings.SECRET_KEY = env["SECRET_KEY"]  # the servers' key signs the session
    client = Client()
    log_in(client, world["users"]["adviser_a"])
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    for base in servers:
        status, _headers, body = get(base + "/start/", headers={"Cookie": cookie})
        assert status == 200 and b"Abmelden" in body
        status, _headers, body = get(base + "/health/")
        assert json.loads(body)["checks"]["workers"]["workers"] == 2

    # Workers stopped cleanly take their heartbeat with them.
    for process in processes[2:]:
        assert process.stop() == 0, process.output()[-2000:]
    assert WorkerHeartbeat.objects.count() == 0
