"""A job for the scale-out test: it appends one line per run to a ledger file, so a second run would show."""

import os
import time

from django_tasks import task


@task()
def probe(token: str, ledger: str) -> int:
    time.sleep(0.05)  # long enough for the two workers to overlap
    with open(ledger, "a", encoding="utf-8") as handle:  # O_APPEND: lines of both workers never interleave
        handle.write(f"{token} {os.getpid()}\n")
    return os.getpid()


@task()
def lose_connection() -> None:
    """Cuts its own database connection, as a restart does in the middle of a job."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
