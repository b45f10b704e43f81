"""The count table equals direct counts of the source tables, on random data (property test)."""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lotse.core.scoping import system_access
from lotse.reporting.build import reporting_rebuild_all
from tests.reporting.direct import expected
from tests.reporting.factories import build_world

pytestmark = pytest.mark.django_db


def _compare(actual: dict, wanted: dict) -> list[str]:
    problems = []
    for key in sorted(set(actual) | set(wanted), key=repr):
        got, want = actual.get(key), wanted.get(key)
        if got is None or want is None or got[0] != want[0]:
            problems.append(f"{key}: table {got} direct {want}")
        elif want[1] is not None and (abs(got[1] - want[1]) > 1e-9 or abs(got[2] - want[2]) > 1e-9):
            problems.append(f"{key}: table {got} direct {want}")
    return problems


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), until_offset=st.integers(20, 140))
def test_count_table_equals_direct_counts(world, three_regions, cells_of, seed, until_offset):
    with transaction.atomic():
        with system_access("test data"):
            built = build_world(seed, regions=three_regions, cases=30, employers=8)
        until = built.start + dt.timedelta(days=until_offset)
        reporting_rebuild_all(until=until)
        with system_access("direct counts"):
            wanted = expected(until)
        problems = _compare(cells_of(), wanted)
        transaction.set_rollback(True)
    assert problems == [], "\n".join(problems[:30])
