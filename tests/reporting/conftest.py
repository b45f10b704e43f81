"""Fixtures of the reporting tests: FAI NRW as the team of the generated cases, three regions; data shared by the
tests of a module."""

from contextlib import contextmanager

import pytest

from lotse.core.scoping import system_access


def regions_of(world) -> list:
    """The world's two regions and one more."""
    from lotse.reference.models import Arbeitsmarktregion

    with system_access("test setup"):
        others = list(Arbeitsmarktregion.objects.exclude(pk__in=[r.pk for r in world["regions"].values()])[:1])
    return [world["regions"]["a"], world["regions"]["b"], *others]


@pytest.fixture
def three_regions(world):
    return regions_of(world)


@contextmanager
def shared_data(django_db_blocker):
    """For a module-scoped fixture: its data is written inside a transaction that is rolled back when the module is
    done; each test runs in a savepoint on top of it (pytest-django's own transaction), so it sees the data as
    written and changes nothing for the next test. Users get the tests' fast password hasher."""
    from django.db import transaction
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def cells_of():
    """All cells of the count table as {key: (count, p50, p90)}."""

    def read():
        from lotse.reporting.models import ReportCell

        with system_access("test read"):
            rows = ReportCell.unscoped.values_list(
                "stat", "measure", "period_kind", "period_start", "region", "dimension", "value", "count", "p50", "p90"
            )
            return {tuple(row[:7]): (row[7], row[8], row[9]) for row in rows}

    return read
