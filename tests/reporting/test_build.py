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


def test_saved_self_checks_are_counted_through_the_fairness_source(world):
    """The fair-recruitment app plugs its source in (FairnessConfig.ready); a saved check counts on its local day,
    in its employer's region, by the employer's WZ section and size; other sources cannot be plugged in by name."""
    from django.utils import timezone

    from lotse.cases.models import CompanyProfile
    from lotse.fairness.models import SelfCheck
    from lotse.reporting import sources
    from lotse.reporting.dimensions import NO_REGION

    assert not sources.source_of("self_checks").placeholder
    region = world["regions"]["a"].pk
    employer = world["orgs"]["employer_a"]
    with system_access("test"):
        CompanyProfile.unscoped.create(organisation=employer, wz_code="86.10", size_class="small", name_key="a")
        for day in (dt.date(2026, 1, 5), dt.date(2026, 1, 9), dt.date(2026, 2, 1)):
            check = SelfCheck.unscoped.create(organisation=employer, region_id=region, content_version="t")
            moment = timezone.make_aware(dt.datetime.combine(day, dt.time(0, 30)))  # local time: that day
            SelfCheck.unscoped.filter(pk=check.pk).update(created_at=moment)
    build.reporting_fill(until=dt.date(2026, 1, 31))
    with system_access("test"):
        cells = {
            (r.period_kind, r.region, r.dimension, r.value): r.count
            for r in ReportCell.unscoped.filter(stat="self_checks", measure="done")
        }
    assert cells[("month", region, "", "")] == 2 and cells[("month", 0, "", "")] == 2
    assert cells[("month", region, "wz_section", "Q")] == 2 and cells[("month", region, "size", "small")] == 2
    assert NO_REGION not in {key[1] for key in cells}

    def nothing(first_day, last_day, as_of):
        return ()

    with pytest.raises(KeyError):
        sources.register("unknown_stat", sources.Source(nothing, lambda: None))
