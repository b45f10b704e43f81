"""`lotse db-worker`: django-tasks-db's worker with a heartbeat for /health/ and reconnects after a database restart.

Same options as the library's command, which this one replaces (lotse.ops comes before django_tasks_db in
INSTALLED_APPS). `--batch` runs what is due and exits, without a heartbeat: a one-off run is no resident worker.
"""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as LibraryCommand

from lotse.ops.worker import Heartbeat, ResilientWorker


class Command(LibraryCommand):
    help = "Run the background worker (database queue), with a heartbeat for /health/."

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*", returncode=2)
        reload = reload and not batch
        heartbeat = None if batch else Heartbeat(worker_id)
        worker = ResilientWorker(
            heartbeat=heartbeat,
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
        )
        in_reloaded_child = os.environ.get(DJANGO_AUTORELOAD_ENV) == "true"
        if not reload or in_reloaded_child:  # the reloader's parent process only watches files
            worker.configure_signals()
            if heartbeat:
                heartbeat.start()
        if reload:
            run_with_reloader(worker.run)
            return
        try:
            worker.run()
        finally:
            if heartbeat:
                heartbeat.stop()
