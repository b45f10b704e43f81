"""Disclosure control: no published cell below 5, and no suppressed cell recoverable from the published ones by
subtraction — checked with an independent exact solver over the rationals."""

import datetime as dt
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lotse.core.scoping import visibility_for
from lotse.reporting import build
from lotse.reporting.models import ReportCell
from lotse.reporting.periods import Period
from lotse.reporting.stats import STATS
from lotse.reporting.suppression import determined, protect
from tests.reporting.factories import build_world


def recoverable(published: dict, unknown: set, constraints) -> set:
    """Unknown cells an attacker can compute from the published cells: Gauss–Jordan elimination over Fractions
    (sparse rows), then the unknowns that stand alone in a row of the reduced system are fixed in every solution."""
    rows = []
    for total, parts in constraints:
        row: dict = {}
        for part in parts:
            if part in unknown:
                row[part] = row.get(part, Fraction(0)) + 1
        if total in unknown:
            row[total] = row.get(total, Fraction(0)) - 1
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    reduced: list[tuple] = []  # (pivot, row)
    for row in rows:
        for pivot, pivot_row in reduced:
            if pivot in row:
                factor = row[pivot]
                for k, v in pivot_row.items():
                    row[k] = row.get(k, Fraction(0)) - factor * v
                row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        pivot = min(row, key=repr)
        row = {k: v / row[pivot] for k, v in row.items()}
        for i, (other_pivot, other) in enumerate(reduced):
            if pivot in other:
                factor = other[pivot]
                merged = {k: other.get(k, Fraction(0)) - factor * row.get(k, Fraction(0)) for k in other.keys() | row}
                reduced[i] = (other_pivot, {k: v for k, v in merged.items() if v})
        reduced.append((pivot, row))
    return {pivot for pivot, row in reduced if len(row) == 1}


def table(values_rows, values_cols):
    """A two-way table with margins: cells (r, c), totals (r, 'T'), ('T', c), ('T', 'T')."""
    values, constraints = {}, []
    for r, row in enumerate(values_rows):
        for c, v in enumerate(row):
            values[(r, c)] = v
    n_rows, n_cols = len(values_rows), len(values_rows[0])
    for r in range(n_rows):
        values[(r, "T")] = sum(values[(r, c)] for c in range(n_cols))
        constraints.append(((r, "T"), [(r, c) for c in range(n_cols)]))
    for c in range(n_cols):
        values[("T", c)] = sum(values[(r, c)] for r in range(n_rows))
        constraints.append((("T", c), [(r, c) for r in range(n_rows)]))
    values[("T", "T")] = sum(values[(r, "T")] for r in range(n_rows))
    constraints.append((("T", "T"), [(r, "T") for r in range(n_rows)]))
    constraints.append((("T", "T"), [("T", c) for c in range(n_cols)]))
    return values, constraints


def test_a_single_small_cell_takes_three_others_with_it():
    values, constraints = table([[3, 10, 12], [20, 30, 40], [25, 35, 45]], None)
    hidden = protect(values, constraints)
    assert (0, 0) in hidden
    assert len([k for k in hidden if "T" not in k]) >= 4  # a rectangle at least
    published = {k: v for k, v in values.items() if k not in hidden}
    assert recoverable(published, hidden, constraints) == set()


def test_row_subtraction_alone_would_give_the_cell_away():
    values, constraints = table([[3, 10], [20, 30]], None)
    assert determined({(0, 0)}, constraints) == {(0, 0)}  # 13 - 10 = 3
    hidden = protect(values, constraints)
    assert recoverable({}, hidden, constraints) == set()


def test_a_bridge_between_two_protected_blocks_is_found():
    """Each line has two suppressed cells, yet one cell is a bridge of the suppression graph and is determined."""
    rows = [[1, 1, 50, 50], [1, 1, 50, 50], [50, 50, 1, 1], [50, 50, 1, 1]]
    values, constraints = table(rows, None)
    unknown = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (0, 2)}
    assert (0, 2) in determined(unknown, constraints)
    assert (0, 2) in recoverable({}, unknown, constraints)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 40), min_size=2, max_size=5), min_size=2, max_size=5).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_random_tables_are_protected(rows):
    values, constraints = table(rows, None)
    hidden = protect(values, constraints)
    assert all(values[k] >= 5 for k in values if k not in hidden)
    assert {k for k in values if values[k] < 5} <= hidden
    published = {k: v for k, v in values.items() if k not in hidden}
    assert recoverable(published, hidden, constraints) == set()
    assert determined(hidden, constraints) == set()


@pytest.mark.django_db
def test_the_ministry_sees_no_small_cell_and_can_recover_none(world, three_regions):
    """On built tables, with the ministry's own visibility: every cell it can read is ≥ 5, and the cells it cannot
    read (with zero known for none of them) cannot be computed from those it can, across regions, breakdowns,
    measures, months, quarters and the year."""
    from lotse.core.scoping import system_access

    with system_access("test data"):
        for seed in range(2):
            build_world(seed, regions=three_regions, start=dt.date(2025, 1, 1), days=365, cases=120, employers=25)
    build.reporting_rebuild_all(until=dt.date(2025, 12, 31))
    with visibility_for(world["users"]["mags"]):
        seen = {
            (stat, Period(kind, start), region, dimension, value, measure): count
            for stat, kind, start, region, dimension, value, measure, count in ReportCell.objects.values_list(
                "stat", "period_kind", "period_start", "region", "dimension", "value", "measure", "count"
            )
        }
    assert seen, "the ministry must see some figures"
    assert min(seen.values()) >= 5
    with system_access("test"):
        regions, start = build.region_keys(), build.reporting_start()
    checked = 0
    for stat in STATS.values():
        for year in (Period.parse("2024"), Period.parse("2025")):
            values, constraints = build.family(
                stat, year, {}, regions=regions, until=dt.date(2025, 12, 31), start=start
            )
            mine = {k[1:]: v for k, v in seen.items() if k[0] == stat.key and year.contains(k[1].start)}
            outside = [k for k in mine if k not in values]
            assert not outside, outside[:5]
            unknown = {k for k in values if k not in mine}
            assert recoverable(mine, unknown, constraints) == set(), stat.key
            checked += len(values)
    assert checked > 1000
    # Regions × breakdowns are never shown to the ministry.
    assert not any(region != 0 and dimension for (_s, _p, region, dimension, _v, _m) in seen)
