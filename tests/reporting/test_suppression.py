"""Disclosure control: no published cell below 5, and no suppressed cell recoverable from the published ones by
subtraction — checked with an independent exact solver over the rationals."""

import datetime as dt
import math
from collections import defaultdict
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
    """Unknown cells an attacker can compute from the published cells: Gauss–Jordan elimination over the rationals
    (sparse rows), then the unknowns that stand alone in a row of the fully reduced system are fixed in every solution.

    Exact without Fractions: scaling a row by a nonzero rational leaves the row space as it is, so every row is kept
    as coprime integers, and a column is eliminated from a row as `a·row − b·pivot_row`. An index of the rows holding
    each column saves scanning all rows for every pivot."""
    degree: dict = defaultdict(int)
    for total, parts in constraints:
        for cell in {total, *parts} & unknown:
            degree[cell] += 1
    # Columns are numbered cells in few sums first (it keeps the rows short) and the smallest number is the pivot.
    # Any choice gives the same answer: in the fully reduced form, a unit vector of the row space is a pivot row.
    cells = sorted(unknown, key=lambda cell: (degree[cell], repr(cell)))
    column = {cell: number for number, cell in enumerate(cells)}
    rows = []
    for total, parts in constraints:
        row: dict[int, int] = {}
        for part in parts:
            if part in column:
                row[column[part]] = row.get(column[part], 0) + 1
        if total in column:
            row[column[total]] = row.get(column[total], 0) - 1
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    reduced: dict[int, dict] = {}  # pivot -> its row; no pivot occurs in another pivot's row
    holders: dict[int, set] = defaultdict(set)  # column -> pivots whose rows hold it
    for row in rows:
        for pivot in [k for k in row if k in reduced]:
            row = _eliminate(row, reduced[pivot], pivot)
        if not row:
            continue
        pivot = min(row)
        for other_pivot in list(holders[pivot]):
            before = reduced[other_pivot]
            after = _eliminate(before, row, pivot)
            for k in before.keys() - after.keys():
                holders[k].discard(other_pivot)
            for k in after.keys() - before.keys():
                holders[k].add(other_pivot)
            reduced[other_pivot] = after
        reduced[pivot] = row
        for k in row:
            holders[k].add(pivot)
    return {cells[pivot] for pivot, row in reduced.items() if len(row) == 1}


def _eliminate(row: dict, pivot_row: dict, pivot) -> dict:
    """`row` without the column `pivot`, by an integer combination with `pivot_row`, divided by the gcd."""
    a, b = pivot_row[pivot], row[pivot]
    merged = {k: a * v for k, v in row.items()}
    for k, v in pivot_row.items():
        merged[k] = merged.get(k, 0) - b * v
    merged = {k: v for k, v in merged.items() if v}
    divisor = math.gcd(*merged.values()) if merged else 1
    if divisor != 1:
        merged = {k: v // divisor for k, v in merged.items()}
    return merged


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


def dense_rank(matrix: list[list[Fraction]]) -> int:
    """The rank of a small dense matrix, by plain Gaussian elimination over Fractions."""
    rows = [list(row) for row in matrix]
    rank = 0
    for column in range(len(rows[0]) if rows else 0):
        found = next((i for i in range(rank, len(rows)) if rows[i][column]), None)
        if found is None:
            continue
        rows[rank], rows[found] = rows[found], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][column]:
                factor = rows[i][column] / rows[rank][column]
                rows[i] = [x - factor * y for x, y in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


@settings(max_examples=80, deadline=None)
@given(
    st.integers(2, 4),
    st.integers(2, 4),
    st.lists(st.booleans(), min_size=25, max_size=25),
    st.lists(st.tuples(st.integers(0, 24), st.lists(st.integers(0, 24), max_size=4)), max_size=3),
)
def test_the_solvers_agree_with_the_rank_of_the_dense_matrix(n_rows, n_cols, hidden_flags, extra):
    """The checker itself, and `determined`: a cell is recoverable exactly when adding its unit vector leaves the rank
    of the constraint matrix (restricted to the unknown cells) unchanged; extra sums, with repeated parts, included."""
    values, constraints = table([[1] * n_cols for _ in range(n_rows)], None)
    cells = sorted(values, key=repr)
    constraints += [(cells[t % len(cells)], [cells[p % len(cells)] for p in parts]) for t, parts in extra]
    unknown = [cell for cell, flag in zip(cells, hidden_flags, strict=False) if flag]
    column = {cell: i for i, cell in enumerate(unknown)}
    matrix = []
    for total, parts in constraints:
        row = [Fraction(0)] * len(unknown)
        for part in parts:
            if part in column:
                row[column[part]] += 1
        if total in column:
            row[column[total]] -= 1
        matrix.append(row)
    rank = dense_rank(matrix)
    expected = set()
    for cell, i in column.items():
        unit = [Fraction(int(j == i)) for j in range(len(unknown))]
        if dense_rank([*matrix, unit]) == rank:
            expected.add(cell)
    assert recoverable({}, set(unknown), constraints) == expected
    assert determined(unknown, constraints) == expected  # and the product's solver (modulo a prime) with it


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
