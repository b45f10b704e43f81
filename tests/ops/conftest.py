import pytest
from django.db import connection

from tests.ops.processes import database_url


@pytest.fixture
def live_db_url(require_postgres):
    """The test database's URL for child processes (use with django_db(transaction=True): they see commits)."""
    return database_url(connection.settings_dict)


@pytest.fixture
def processes():
    """Collects started processes and stops every one of them after the test."""
    started = []
    yield started
    for process in started:
        process.cleanup()


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
