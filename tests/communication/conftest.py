"""Fixtures of the communication tests: the world of tests/conftest.py plus an FAI admin, topics and a subscriber
helper."""

import pytest

from lotse.accounts.models import Membership
from lotse.core.scoping import system_access
from tests.conftest import _user


@pytest.fixture
def people(world):
    with system_access("test setup"):
        extra = {
            "fai_admin": _user("admin@fai.test.example", world["orgs"]["fai"], Membership.Role.ADMIN),
            "fai_events": _user("events@fai.test.example", world["orgs"]["fai"], Membership.Role.EVENT_MANAGER),
            "analyst_a": _user("analyst@a.test.example", world["orgs"]["ra_a"], Membership.Role.ANALYST),
        }
    return {**world["users"], **extra}


@pytest.fixture
def tags(db):
    from lotse.events.models import Tag

    return {
        slug: Tag.objects.create(slug=slug, name_de=name, name_en=name)
        for slug, name in (("anerkennung", "Anerkennung"), ("pflege", "Pflege"), ("81a", "§ 81a"))
    }


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """`with run_on_commit():` runs what the code queued for after its transaction (mails, jobs) at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
