"""Fixtures of the reporting tests: FAI NRW as the team of the generated cases, three regions."""

import pytest

from lotse.core.scoping import system_access


@pytest.fixture
def three_regions(world):
    from lotse.reference.models import Arbeitsmarktregion

    with system_access("test setup"):
        others = list(Arbeitsmarktregion.objects.exclude(pk__in=[r.pk for r in world["regions"].values()])[:1])
    return [world["regions"]["a"], world["regions"]["b"], *others]


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
