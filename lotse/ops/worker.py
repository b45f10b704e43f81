"""The background worker's heartbeat and its resilience to database restarts.

django-tasks-db's worker claims each job in a transaction (SELECT … FOR UPDATE SKIP LOCKED, then RUNNING with its
id), so however many workers run, a job is started once. What it lacks for operations:

- a sign of life: a thread writes a `WorkerHeartbeat` row every HEARTBEAT_SECONDS, also while a long job runs;
  the health check counts workers seen within STALE_AFTER;
- jobs of a worker that vanished (killed, machine lost) stay RUNNING for ever: every heartbeat marks such jobs
  FAILED ("worker lost"), so the health check and the job's status tell the truth; jobs are not re-run
  automatically (the events sweep and the deadline check are re-run by their cron safety nets);
- a database restart ends the library's loop with an exception: here the worker waits and reconnects, and a job
  whose result could not be recorded is marked FAILED once the database is back.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connection, connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from lotse.ops.logs import log_context
from lotse.ops.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 10
STALE_AFTER = timedelta(seconds=60)  # six missed beats
PRUNE_AFTER = timedelta(days=1)
RECONNECT_DELAYS = (1, 2, 5)  # seconds; the last one repeats
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

logger = logging.getLogger(__name__)


def reap_orphaned_jobs(now) -> int:
    """Mark FAILED the jobs RUNNING for a worker that has not been seen within STALE_AFTER."""
    alive = set(WorkerHeartbeat.objects.filter(last_seen_at__gte=now - STALE_AFTER).values_list("worker_id", flat=True))
    orphaned = [
        pk
        for pk, worker_ids in DBTaskResult.objects.running()
        .filter(started_at__lt=now - STALE_AFTER)
        .values_list("pk", "worker_ids")
        if not worker_ids or worker_ids[-1] not in alive
    ]
    if orphaned:
        logger.warning("marking %d job(s) of vanished workers as failed", len(orphaned))
        mark_failed(orphaned, "The worker running this job stopped sending heartbeats (killed or lost).")
    return len(orphaned)


def mark_failed(pks, reason: str) -> None:
    DBTaskResult.objects.filter(pk__in=pks, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path="lotse.ops.worker.JobInterrupted",
        traceback=reason,
        return_value=None,
    )


class Heartbeat(threading.Thread):
    """Writes the worker's row every HEARTBEAT_SECONDS from its own thread (and database connection)."""

    def __init__(self, worker_id: str):
        super().__init__(name="lotse-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.tasks_run = 0
        self.running_task = ""
        self.running_since = None
        self._stop_event = threading.Event()

    def task_started(self, task_path: str) -> None:
        self.running_task, self.running_since = task_path[:255], timezone.now()

    def task_finished(self) -> None:
        self.running_task, self.running_since = "", None
        self.tasks_run += 1

    def run(self) -> None:
        try:
            while not self._stop_event.is_set():
                self.beat()
                self._stop_event.wait(HEARTBEAT_SECONDS)
            self.forget()
        finally:
            connection.close()  # this thread's own connection

    def beat(self) -> None:
        now = timezone.now()
        close_old_connections()  # as at the start of a request: a connection cut since the last beat is replaced
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={
                    "hostname": socket.gethostname()[:255],
                    "pid": os.getpid(),
                    "started_at": self.started_at,
                    "last_seen_at": now,
                    "tasks_run": self.tasks_run,
                    "running_task": self.running_task,
                    "running_since": self.running_since,
                },
            )
            WorkerHeartbeat.objects.filter(last_seen_at__lt=now - PRUNE_AFTER).delete()
            reap_orphaned_jobs(now)
        except DatabaseError as error:
            logger.warning("heartbeat not recorded (%s); next try in %d s", error, HEARTBEAT_SECONDS)
            connection.close()
        except Exception:  # a bug here must not silence the heartbeat for good
            logger.exception("heartbeat failed")

    def forget(self) -> None:
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            pass  # the row goes stale and is pruned

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=HEARTBEAT_SECONDS)


class ResilientWorker(Worker):
    """django-tasks-db's worker that survives a database restart and reports to its heartbeat."""

    def __init__(self, *, heartbeat: Heartbeat | None = None, **kwargs):
        super().__init__(**kwargs)
        self.heartbeat = heartbeat
        self._unrecorded: list = []  # jobs that ran while the database went away

    def run(self) -> None:
        attempt, last_failure = 0, float("-inf")
        while True:
            try:
                self._record_unrecorded()
                return super().run()
            except DATABASE_UNAVAILABLE as error:
                if not self.running:
                    return None
                if time.monotonic() - last_failure > 60:  # a new outage starts with the short delay again
                    attempt = 0
                last_failure = time.monotonic()
                delay = RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)]
                attempt += 1
                logger.warning("database unavailable (%s); the worker reconnects in %d s", error, delay)
                self._close_connections()
                time.sleep(delay)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        if self.heartbeat:
            self.heartbeat.task_started(db_task_result.task_path)
        try:
            with log_context(task_id=str(db_task_result.pk)):
                super().run_task(db_task_result)
        except DATABASE_UNAVAILABLE:
            # Neither success nor failure could be written: say so once the database is back.
            self._unrecorded.append(db_task_result.pk)
            raise
        finally:
            if self.heartbeat:
                self.heartbeat.task_finished()

    def _record_unrecorded(self) -> None:
        if self._unrecorded:
            mark_failed(self._unrecorded, "The database connection was lost while the job ran; outcome unknown.")
            self._unrecorded.clear()

    @staticmethod
    def _close_connections() -> None:
        for conn in connections.all(initialized_only=True):
            try:
                conn.close()
            except DatabaseError:
                pass
