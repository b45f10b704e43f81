"""From facts to cells (pure Python, no database): counts, duration histograms with percentiles, distinct counts.

A cell key is (period, region, dimension, value, measure). Every fact lands in its region's and in the NRW cells,
each once as total ("", "") and once per breakdown value; quarters and years of "count" and "duration" statistics
are rolled up from their months (`roll_up`), "distinct" ones are counted from the facts of the whole period.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from lotse.reporting.dimensions import NRW
from lotse.reporting.periods import Period
from lotse.reporting.sources import Fact
from lotse.reporting.stats import COUNT, DISTINCT, DURATION, Stat

Key = tuple[Period, int, str, str, str]  # period, region, dimension, value, measure


@dataclass
class CellValue:
    count: int
    p50: float | None = None
    p90: float | None = None
    histogram: dict[int, int] | None = None


def percentile(histogram: dict[int, int], q: float) -> float | None:
    """The q-quantile with linear interpolation between the closest ranks (PostgreSQL's percentile_cont)."""
    n = sum(histogram.values())
    if not n:
        return None
    position = q * (n - 1)
    lower_rank, upper_rank = math.floor(position), math.ceil(position)
    lower = upper = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    return float(lower + (upper - lower) * (position - lower_rank))


def accumulate(stat: Stat, facts: Iterable[Fact], kind: str) -> dict[tuple, object]:
    """Accumulators per (period, region, dimension, value, measure) for periods of `kind`."""
    accumulators: dict[tuple, object]
    if stat.kind == COUNT:
        accumulators = defaultdict(int)
    elif stat.kind == DURATION:
        accumulators = defaultdict(Counter)
    else:
        accumulators = defaultdict(dict)
    names = stat.dimensions
    periods: dict[dt.date, Period] = {}
    for fact in facts:
        period = periods.get(fact.day)
        if period is None:
            period = periods[fact.day] = Period.containing(kind, fact.day)
        breakdowns = [("", ""), *zip(names, fact.dims, strict=True)]
        for region in (fact.region, NRW):
            for dimension, value in breakdowns:
                key = (period, region, dimension, value, fact.measure)
                if stat.kind == COUNT:
                    accumulators[key] += 1
                elif stat.kind == DURATION:
                    accumulators[key][fact.value] += 1
                else:
                    accumulators[key][fact.entity] = fact.value
    return accumulators


def finish(stat: Stat, accumulators: dict[tuple, object]) -> dict[Key, CellValue]:
    """Cells from accumulators: the total measure added, distinct sets split into first contact and repeat."""
    cells: dict[Key, CellValue] = {}
    for (period, region, dimension, value, measure), acc in accumulators.items():
        if stat.kind == COUNT:
            cells[(period, region, dimension, value, measure)] = CellValue(acc)
        elif stat.kind == DURATION:
            histogram = dict(acc)
            cells[(period, region, dimension, value, measure)] = CellValue(
                sum(histogram.values()), percentile(histogram, 0.5), percentile(histogram, 0.9), histogram
            )
        else:
            start, end = period.start.toordinal(), period.end.toordinal()
            first = sum(1 for first_day in acc.values() if start <= first_day < end)
            for key, count in (("first_contact", first), ("repeat", len(acc) - first)):
                if count:
                    cells[(period, region, dimension, value, key)] = CellValue(count)
    if stat.total and stat.kind == COUNT:
        totals: dict[tuple, int] = defaultdict(int)
        for (period, region, dimension, value, _measure), cell in cells.items():
            totals[(period, region, dimension, value)] += cell.count
        for (period, region, dimension, value), count in totals.items():
            cells[(period, region, dimension, value, stat.total)] = CellValue(count)
    if stat.total and stat.kind == DISTINCT:
        for (period, region, dimension, value, _measure), acc in accumulators.items():
            cells[(period, region, dimension, value, stat.total)] = CellValue(len(acc))
    return cells


def cells_from_facts(stat: Stat, facts: Iterable[Fact], kind: str) -> dict[Key, CellValue]:
    return finish(stat, accumulate(stat, facts, kind))


def roll_up(stat: Stat, month_cells: dict[Key, CellValue], kind: str) -> dict[Key, CellValue]:
    """Quarter or year cells of a count or duration statistic from its month cells."""
    if stat.kind == DISTINCT:
        raise ValueError("distinct counts do not add up over time")
    counts: dict[Key, int] = defaultdict(int)
    histograms: dict[Key, Counter] = defaultdict(Counter)
    for (month, region, dimension, value, measure), cell in month_cells.items():
        key = (month.parent(kind), region, dimension, value, measure)
        if stat.kind == COUNT:
            counts[key] += cell.count
        else:
            histograms[key].update(cell.histogram or {})
    if stat.kind == COUNT:
        return {key: CellValue(count) for key, count in counts.items()}
    return {key: CellValue(sum(h.values()), percentile(h, 0.5), percentile(h, 0.9)) for key, h in histograms.items()}
