"""The job that fills the count table (after Zulip's analytics: one fill state per statistic, units of work that
commit together with their state, so a crashed run is resumed where it stopped).

* `reporting_fill(until=…)`: brings every statistic up to `until` (default: yesterday): the months not yet filled,
  the month in progress, and the months that late changes touched (cases changed since the last run).
* `reporting_rebuild(period=…)`: recomputes one month, quarter or year from the source tables.
* `reporting_rebuild_all()`: empties the table and fills it from the first day of data.

Month cells are counted from the facts; quarters and years of counts and durations are rolled up from the months in
the table, distinct counts (companies) are counted from the facts of the whole quarter or year. Afterwards the
ministry's tables of each touched year are protected again (lotse.reporting.suppression).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone

from lotse.core.scoping import system_access
from lotse.reporting import aggregate, suppression
from lotse.reporting.dimensions import DIMENSIONS, NO_REGION, NRW
from lotse.reporting.models import BuildRun, FillState, ReportCell
from lotse.reporting.periods import MONTH, QUARTER, YEAR, Period, months_between
from lotse.reporting.sources import source_of
from lotse.reporting.stats import DISTINCT, DURATION, STATS, Stat

logger = logging.getLogger(__name__)
BATCH = 5000

Progress = Callable[[BuildRun], None]


def yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def region_keys() -> list[int]:
    from lotse.reference.models import Arbeitsmarktregion  # noqa: PLC0415

    return sorted(Arbeitsmarktregion.objects.values_list("pk", flat=True))


def reporting_start() -> dt.date | None:
    """The first day of data of any statistic: periods before it are empty by definition."""
    days = [d for d in FillState.objects.values_list("first_day", flat=True) if d]
    return min(days) if days else None


def filled_through() -> dt.date | None:
    """The last day all statistics are filled to."""
    days = list(FillState.objects.values_list("filled_through", flat=True))
    return min(days) if days and all(days) else None


# ---------------------------------------------------------------------------------------------- entry points


def reporting_fill(*, until: dt.date | None = None, progress: Progress | None = None, requested_by=None) -> BuildRun:
    until = until or yesterday()
    scan_started = timezone.now()
    with system_access("reporting: fill the count tables"):
        run = BuildRun.objects.create(kind="fill", target=until.isoformat(), requested_by=requested_by)
        try:
            firsts = {key: source_of(key).first_day() for key in STATS}
            start = min((d for d in firsts.values() if d), default=None)
            plan = []
            for stat in STATS.values():
                state, _created = FillState.objects.get_or_create(stat=stat.key)
                if state.state == FillState.State.STARTED:
                    logger.warning("reporting: %s resumes after an interrupted run (%s)", stat.key, state.working_on)
                months = _months_to_fill(stat, state, firsts[stat.key], until)
                plan.append((stat, state, months))
            run.units_total = sum(len(_by_year(months)) for _stat, _state, months in plan)
            run.save(update_fields=["units_total"])
            for stat, state, months in plan:
                for year_months in _by_year(months):
                    _fill_unit(stat, year_months, until=until, start=start, first_day=firsts[stat.key], run=run)
                    if progress:
                        progress(run)
                if firsts[stat.key] is None:  # no data at all yet: filled by definition
                    FillState.objects.filter(pk=state.pk).update(filled_through=until, first_day=None)
                FillState.objects.filter(pk=state.pk).update(scanned_at=scan_started)
        except Exception as error:
            _fail(run, error)
            raise
        return _done(run)


def reporting_rebuild(*, period: Period, progress: Progress | None = None, requested_by=None) -> BuildRun:
    """Recompute one period from the source tables (e.g. after a correction that the change scan cannot see)."""
    with system_access("reporting: rebuild a period"):
        run = BuildRun.objects.create(kind="rebuild", target=period.key, requested_by=requested_by)
        try:
            start = reporting_start()
            units = []
            for stat in STATS.values():
                state = FillState.objects.filter(stat=stat.key).first()
                if state is None or state.filled_through is None or state.first_day is None:
                    continue
                months = [m for m in period.months() if m.start <= state.filled_through and m.end > state.first_day]
                if months:
                    units.append((stat, state, months))
            run.units_total = len(units)
            run.save(update_fields=["units_total"])
            for stat, state, months in units:
                _fill_unit(stat, months, until=state.filled_through, start=start, first_day=state.first_day, run=run)
                if progress:
                    progress(run)
        except Exception as error:
            _fail(run, error)
            raise
        return _done(run)


def reporting_rebuild_all(*, until: dt.date | None = None, progress: Progress | None = None, requested_by=None):
    """Empty the table and fill it again from the first day of data."""
    with system_access("reporting: full rebuild"), transaction.atomic():
        ReportCell.unscoped.all().delete()
        FillState.objects.all().delete()
    return reporting_fill(until=until, progress=progress, requested_by=requested_by)


def _done(run: BuildRun) -> BuildRun:
    run.status, run.finished_at = BuildRun.Status.DONE, timezone.now()
    run.save(update_fields=["status", "finished_at", "units_done", "cells_written"])
    return run


def _fail(run: BuildRun, error: Exception) -> None:
    logger.exception("reporting: run %s failed", run.pk)
    BuildRun.objects.filter(pk=run.pk).update(
        status=BuildRun.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000], finished_at=timezone.now()
    )


# ---------------------------------------------------------------------------------------------- planning


def _months_to_fill(stat: Stat, state: FillState, first_day: dt.date | None, until: dt.date) -> list[Period]:
    if first_day is None or first_day > until:
        return []
    wanted = months_between(first_day, until)
    if state.filled_through is None or state.first_day is None or first_day < state.first_day:
        return wanted  # never filled, or data appeared before the old start: everything
    # The month in progress (or the next ones) and the months late changes touched.
    fresh = [m for m in wanted if m.last_day > state.filled_through]
    dirty: set[Period] = set()
    if state.scanned_at:
        for day in source_of(stat.key).changed_days(state.scanned_at):
            if first_day <= day <= until:
                dirty.add(Period.containing(MONTH, day))
    return sorted(set(fresh) | dirty)


def _by_year(months: list[Period]) -> list[list[Period]]:
    years: dict[int, list[Period]] = defaultdict(list)
    for month in sorted(months):
        years[month.start.year].append(month)
    return [years[year] for year in sorted(years)]


# ---------------------------------------------------------------------------------------------- one unit of work


def _fill_unit(stat: Stat, months: list[Period], *, until: dt.date, start, first_day, run: BuildRun) -> None:
    """Recompute `months` of one year (and their quarter and year) and protect the year's ministry tables. One
    transaction, together with the fill state: after a crash the next run finds the state before this unit."""
    year = months[0].parent(YEAR)
    FillState.objects.filter(stat=stat.key).update(state=FillState.State.STARTED, working_on=year.key)
    with transaction.atomic():
        state = FillState.objects.select_for_update().get(stat=stat.key)
        written = _recompute(stat, months, until=until)
        if any(month.last_day <= until for month in months):
            # The ministry's tables hold complete periods only: a day of the month in progress leaves them as they are.
            _protect_year(stat, year, until=until, start=start)
        reached = min(months[-1].last_day, until)
        state.filled_through = max(reached, state.filled_through or reached)
        state.first_day = first_day
        state.state, state.working_on = FillState.State.DONE, ""
        state.save()
    run.units_done += 1
    run.cells_written += written
    BuildRun.objects.filter(pk=run.pk).update(units_done=run.units_done, cells_written=run.cells_written)


def _recompute(stat: Stat, months: list[Period], *, until: dt.date) -> int:
    source = source_of(stat.key)
    quarters = sorted({m.parent(QUARTER) for m in months})
    year = months[0].parent(YEAR)
    if stat.kind == DISTINCT:
        # Companies count once per period: months, quarters and the year from the facts of the year so far.
        facts = list(source.facts(year.start, min(year.last_day, until), until))
        cells = {}
        for kind, wanted in ((MONTH, months), (QUARTER, quarters), (YEAR, [year])):
            relevant = [f for f in facts if any(p.start <= f.day < p.end for p in wanted)]
            cells.update(aggregate.cells_from_facts(stat, relevant, kind))
        return _replace(stat, {*months, *quarters, year}, cells)
    month_cells = {}
    for run in _contiguous(months):
        facts = source.facts(run[0].start, min(run[-1].last_day, until), until)
        month_cells.update(aggregate.cells_from_facts(stat, facts, MONTH))
    written = _replace(stat, set(months), month_cells)
    # Quarters and the year from all their months in the table (the ones just written and the others).
    stored = _month_cells(stat, year)
    rolled = {}
    for kind in (QUARTER, YEAR):
        rolled.update(
            {k: v for k, v in aggregate.roll_up(stat, stored, kind).items() if k[0] in set(quarters) | {year}}
        )
    return written + _replace(stat, set(quarters) | {year}, rolled)


def _contiguous(months: list[Period]) -> Iterable[list[Period]]:
    run: list[Period] = []
    for month in sorted(months):
        if run and month.start != run[-1].end:
            yield run
            run = []
        run.append(month)
    if run:
        yield run


def _month_cells(stat: Stat, year: Period) -> dict:
    rows = ReportCell.unscoped.filter(
        stat=stat.key, period_kind=MONTH, period_start__gte=year.start, period_start__lt=year.end
    ).values_list("period_start", "region", "dimension", "value", "measure", "count", "histogram")
    cells = {}
    for start, region, dimension, value, measure, count, histogram in rows:
        hist = {int(k): v for k, v in histogram.items()} if histogram else None
        cells[(Period(MONTH, start), region, dimension, value, measure)] = aggregate.CellValue(count, histogram=hist)
    return cells


def _replace(stat: Stat, periods: set[Period], cells: dict) -> int:
    """Delete the statistic's rows of `periods` and write `cells` (zeros are not stored)."""
    by_kind: dict[str, list[dt.date]] = defaultdict(list)
    for period in periods:
        by_kind[period.kind].append(period.start)
    for kind, starts in by_kind.items():
        ReportCell.unscoped.filter(stat=stat.key, period_kind=kind, period_start__in=starts).delete()
    keep_histogram = stat.kind == DURATION
    rows = [
        (
            stat.key,
            measure,
            period.kind,
            period.start,
            region,
            dimension,
            value,
            cell.count,
            cell.p50,
            cell.p90,
            {str(k): v for k, v in cell.histogram.items()}
            if keep_histogram and period.kind == MONTH and cell.histogram
            else None,
        )
        for (period, region, dimension, value, measure), cell in cells.items()
        if cell.count
    ]
    _insert(rows)
    return len(rows)


COLUMNS = (
    "stat",
    "measure",
    "period_kind",
    "period_start",
    "region",
    "dimension",
    "value",
    "count",
    "p50",
    "p90",
    "histogram",
)


def _insert(rows: list[tuple]) -> None:
    """Write cells: COPY on PostgreSQL (a full rebuild writes about a million rows), bulk inserts elsewhere."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            statement = f"COPY reporting_reportcell ({', '.join(COLUMNS)}, published) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for row in rows:
                    histogram = json.dumps(row[-1]) if row[-1] is not None else None
                    copy.write_row((*row[:-1], histogram, False))
        return
    ReportCell.unscoped.bulk_create(
        [ReportCell(**dict(zip(COLUMNS, row, strict=True))) for row in rows], batch_size=BATCH
    )


# ---------------------------------------------------------------------------------------------- the ministry's tables


def ministry_rows(stat: Stat, regions: list[int]) -> list[tuple[int, str, str]]:
    """The rows of the ministry's tables: each region (and "no single region") and NRW; every breakdown value
    statewide. Region × breakdown cells are never shown to the ministry."""
    rows = [(region, "", "") for region in [*regions, NO_REGION]] + [(NRW, "", "")]
    for dimension in stat.dimensions:
        rows += [(NRW, dimension, value) for value in DIMENSIONS[dimension].keys()]
    return rows


def complete_periods(year: Period, *, until: dt.date, start: dt.date | None) -> list[Period]:
    """The periods of `year` the ministry sees: complete by `until`, and not wholly before the first data."""
    if start is None:
        return []
    months = [m for m in year.months() if m.last_day <= until and m.end > start]
    periods = list(months)
    for quarter in sorted({m.parent(QUARTER) for m in months}):
        if quarter.last_day <= until:
            periods.append(quarter)
    if year.last_day <= until and months:
        periods.append(year)
    return periods


def family(stat: Stat, year: Period, values_by_key: dict, *, regions: list[int], until, start):
    """All cells of the ministry's tables of one statistic and year (zeros included) and the sums that link them."""
    periods = complete_periods(year, until=until, start=start)
    rows = ministry_rows(stat, regions)
    measures = [m.key for m in stat.measures]
    part_measures = stat.part_measures
    breakdowns = {dimension: DIMENSIONS[dimension].keys() for dimension in stat.dimensions}  # labels are not needed
    values = {}
    for period in periods:
        for region, dimension, value in rows:
            for measure in measures:
                key = (period, region, dimension, value, measure)
                values[key] = values_by_key.get(key, 0)
    constraints: list[suppression.Constraint] = []
    region_rows = [(region, "", "") for region in [*regions, NO_REGION]]
    for period in periods:
        for measure in measures:
            total = (period, NRW, "", "", measure)
            constraints.append((total, [(period, *row, measure) for row in region_rows]))
            for dimension, keys in breakdowns.items():
                constraints.append((total, [(period, NRW, dimension, v, measure) for v in keys]))
        if stat.total:
            for row in rows:
                constraints.append(((period, *row, stat.total), [(period, *row, m) for m in part_measures]))
    if stat.additive_in_time:
        for period in periods:
            if period.kind == MONTH:
                continue
            children_kind = MONTH if period.kind == QUARTER else QUARTER
            children = [p for p in periods if p.kind == children_kind and period.contains(p.start)]
            for row in rows:
                for measure in measures:
                    constraints.append(((period, *row, measure), [(child, *row, measure) for child in children]))
    return values, constraints


def _protect_year(stat: Stat, year: Period, *, until: dt.date, start) -> None:
    cells = ReportCell.unscoped.filter(stat=stat.key, period_start__gte=year.start, period_start__lt=year.end)
    stored = {
        (Period(kind, period_start), region, dimension, value, measure): (pk, count)
        for pk, kind, period_start, region, dimension, value, measure, count in cells.values_list(
            "pk", "period_kind", "period_start", "region", "dimension", "value", "measure", "count"
        )
    }
    values, constraints = family(
        stat,
        year,
        {key: count for key, (_pk, count) in stored.items()},
        regions=region_keys(),
        until=until,
        start=start,
    )
    hidden = suppression.protect(values, constraints)
    published = [stored[key][0] for key in values if key not in hidden and key in stored]
    cells.filter(published=True).update(published=False)
    for offset in range(0, len(published), BATCH):
        ReportCell.unscoped.filter(pk__in=published[offset : offset + BATCH]).update(published=True)
