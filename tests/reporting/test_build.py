"""The fill job: day by day it reaches the same table as a full rebuild, it picks up late changes, resumes after a
crash, and rebuilds a single period."""

import datetime as dt

import pytest

from lotse.cases.models import Case, CaseEvent
from lotse.core.scoping import system_access
from lotse.reporting import build
from lotse.reporting.models import BuildRun, FillState, ReportCell
from lotse.reporting.periods import Period
from tests.reporting.factories import build_world

pytestmark = pytest.mark.django_db
START = dt.date(2025, 11, 1)


@pytest.fixture
def data(world, three_regions):
    with system_access("test data"):
        return build_world(7, regions=three_regions, start=START, days=100, cases=40, employers=10)


def table_with_flags():
    with system_access("test read"):
        return {
            (r.stat, r.measure, r.period_kind, r.period_start, r.region, r.dimension, r.value): (
                r.count,
                r.p50,
                r.p90,
                r.published,
            )
            for r in ReportCell.unscoped.all()
        }


def test_filling_day_by_day_equals_a_full_rebuild(data):
    until = START + dt.timedelta(days=75)
    build.reporting_fill(until=START + dt.timedelta(days=20))
    day = START + dt.timedelta(days=20)
    while day < until:  # a few runs, one or more days apart
        day += dt.timedelta(days=9)
        build.reporting_fill(until=min(day, until))
    stepwise = table_with_flags()
    build.reporting_rebuild_all(until=until)
    assert stepwise == table_with_flags()
    with system_access("test"):
        assert set(FillState.objects.values_list("filled_through", flat=True)) == {until}


def test_a_late_change_to_an_old_month_is_picked_up(data):
    until = START + dt.timedelta(days=90)
    build.reporting_fill(until=until)
    with system_access("test"):
        case = Case.unscoped.filter(status="open").first()
        # Recorded today, it happened in the first month: the old month changes.
        CaseEvent.unscoped.create(case=case, kind="entry", occurred_on=START + dt.timedelta(days=3))
        Case.unscoped.filter(pk=case.pk).update(status="closed", closed_on=START + dt.timedelta(days=5))
        case.save(update_fields=["updated_at"])
    build.reporting_fill(until=until + dt.timedelta(days=1))
    incremental = table_with_flags()
    build.reporting_rebuild_all(until=until + dt.timedelta(days=1))
    assert incremental == table_with_flags()


def test_a_crashed_run_resumes_and_ends_where_a_clean_run_ends(data, monkeypatch):
    until = START + dt.timedelta(days=80)
    calls = {"n": 0}
    original = build._protect_year

    def crash_on_the_fifth_unit(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("worker killed")
        return original(*args, **kwargs)

    monkeypatch.setattr(build, "_protect_year", crash_on_the_fifth_unit)
    with pytest.raises(RuntimeError):
        build.reporting_fill(until=until)
    with system_access("test"):
        assert BuildRun.objects.latest("started_at").status == BuildRun.Status.FAILED
        assert FillState.objects.filter(state=FillState.State.STARTED).count() == 1
    monkeypatch.setattr(build, "_protect_year", original)
    run = build.reporting_fill(until=until)
    assert run.status == BuildRun.Status.DONE
    resumed = table_with_flags()
    build.reporting_rebuild_all(until=until)
    assert resumed == table_with_flags()
    with system_access("test"):
        assert not FillState.objects.filter(state=FillState.State.STARTED).exists()


def test_rebuilding_a_period_recomputes_it_from_the_sources(data):
    until = START + dt.timedelta(days=90)
    build.reporting_fill(until=until)
    before = table_with_flags()
    with system_access("test"):
        # A change the change scan cannot see (no case was updated): only a rebuild brings it in.
        ReportCell.unscoped.filter(stat="cases_opened", period_kind="month", period_start=START).delete()
    run = build.reporting_rebuild(period=Period.parse("2025-11"))
    assert run.status == BuildRun.Status.DONE and run.units_done >= 1
    assert table_with_flags() == before


def test_a_statistic_without_data_is_filled_with_nothing(world):
    run = build.reporting_fill(until=dt.date(2026, 1, 31))
    assert run.status == BuildRun.Status.DONE
    with system_access("test"):
        assert not ReportCell.unscoped.exists()
        assert set(FillState.objects.values_list("filled_through", flat=True)) == {dt.date(2026, 1, 31)}


def test_the_self_check_counts_zero_until_its_source_is_plugged_in(world, monkeypatch):
    from lotse.reporting import sources
    from lotse.reporting.dimensions import NO_REGION

    region = world["regions"]["a"].pk
    build.reporting_fill(until=dt.date(2026, 1, 31))
    with system_access("test"):
        assert not ReportCell.unscoped.filter(stat="self_checks").exists()
    assert sources.source_of("self_checks").placeholder

    def self_checks(first_day, last_day, as_of):  # what the fair-recruitment app will register
        for day, where in ((dt.date(2026, 1, 5), region), (dt.date(2026, 1, 9), region), (dt.date(2026, 1, 9), None)):
            if first_day <= day <= min(last_day, as_of):
                yield sources.Fact(day, where or NO_REGION, ("Q", "small"), "done")

    monkeypatch.setitem(sources.SOURCES, "self_checks", sources.SOURCES["self_checks"])
    sources.register("self_checks", sources.Source(self_checks, lambda: dt.date(2026, 1, 5)))
    build.reporting_fill(until=dt.date(2026, 1, 31))
    with system_access("test"):
        cells = {
            (r.period_kind, r.region, r.dimension, r.value): r.count
            for r in ReportCell.unscoped.filter(stat="self_checks", measure="done")
        }
    assert cells[("month", region, "", "")] == 2 and cells[("month", 0, "", "")] == 3
    assert cells[("year", 0, "wz_section", "Q")] == 3
    with pytest.raises(KeyError):
        sources.register("unknown_stat", sources.Source(self_checks, lambda: None))
