"""Reads for the reporting pages: display-ready tables from the count table only (never the source tables).

Which rows come back is decided by the count table's scope (the ministry gets published cells only, a region its
own); the audience decides the layout. A cell the ministry cannot see is shown as suppressed ("•"), never as 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lotse.core import numbers
from lotse.core.permissions import MINISTRY, REGIONAL, Audience
from lotse.reporting.dimensions import DIMENSIONS, NO_REGION, NRW, REGION
from lotse.reporting.models import BuildRun, FillState, ReportCell
from lotse.reporting.periods import KINDS, MONTH, QUARTER, YEAR, Period, PeriodError
from lotse.reporting.sources import source_of
from lotse.reporting.stats import DURATION, STATS, Measure, Stat

SUPPRESSED = "•"
CACHE_SECONDS = 600


class ReportNotFound(Exception):
    """A period, breakdown or region that the user cannot get (does not exist, or is not theirs)."""


@dataclass(frozen=True)
class Cell:
    count: int | None  # None: suppressed for the ministry
    p50: float | None = None
    p90: float | None = None
    duration: bool = False

    @property
    def suppressed(self) -> bool:
        return self.count is None

    def text(self, duration: bool) -> str:
        if self.count is None:
            return SUPPRESSED
        if duration:
            if not self.count:
                return "–"
            return f"{_number(self.p50)} / {_number(self.p90)} ({number_format(self.count, force_grouping=True)})"
        return number_format(self.count, force_grouping=True)

    @property
    def shown(self) -> str:
        """The cell as the table shows it (durations carry p50/p90)."""
        return self.text(duration=self.duration)


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return number_format(round(value, 1), decimal_pos=0 if float(value).is_integer() else 1, force_grouping=True)


@dataclass
class Row:
    key: str | int
    label: str
    cells: list[Cell]
    total: bool = False


@dataclass
class Table:
    stat: Stat
    period: Period
    by: str
    region: int
    region_label: str
    columns: list[Measure]
    rows: list[Row]
    total_row: Row
    ministry: bool
    note: str = ""
    chart_measures: tuple[str, ...] = ()

    @property
    def duration(self) -> bool:
        return self.stat.kind == DURATION

    @property
    def any_suppressed(self) -> bool:
        return any(cell.suppressed for row in [*self.rows, self.total_row] for cell in row.cells)

    @property
    def by_label(self) -> str:
        if not self.by:
            return ""
        return _("Region") if self.by == REGION else str(DIMENSIONS[self.by].label)

    @property
    def caption(self) -> str:
        parts = [str(self.stat.label), self.period.label]
        if self.by:
            parts.append(f"{_('nach')} {self.by_label}")
        if self.by != REGION:
            parts.append(self.region_label)
        return ", ".join(parts)

    @property
    def chart_rows(self) -> list[Row]:
        return self.rows or [self.total_row]

    @property
    def unit_label(self) -> str:
        if self.stat.unit == "days":
            return _("Tage: Median / 90. Perzentil (Anzahl Fälle)")
        if self.stat.unit == "hours":
            return _("Stunden: Median / 90. Perzentil (Anzahl Anfragen)")
        return _("Anzahl")

    def slug(self) -> str:
        return f"{self.stat.key}-{self.period.key}-{self.by}"


# ------------------------------------------------------------------------------------------------ periods and state


def data_state() -> dict:
    """How far the table is filled, and the last run: shown on every page (figures as of …)."""
    states = list(FillState.objects.all())
    through = [s.filled_through for s in states]
    firsts = [s.first_day for s in states if s.first_day]
    return {
        "filled_through": min(through) if through and all(through) else None,
        "first_day": min(firsts) if firsts else None,
        "last_run": BuildRun.objects.filter(status=BuildRun.Status.DONE).first(),
        "version": max((s.updated_at for s in states), default=None),
    }


def available_periods(audience: Audience, state: dict | None = None) -> dict[str, list[Period]]:
    """Per kind, newest first. The ministry gets complete periods only (a figure that still grows day by day would
    give single cases away between two looks)."""
    state = state or data_state()
    first, through = state["first_day"], state["filled_through"]
    result: dict[str, list[Period]] = {kind: [] for kind in KINDS}
    if not first or not through or first > through:
        return result
    for kind in KINDS:
        period = Period.containing(kind, through)
        while period.end > first:
            if audience.kind != MINISTRY or period.last_day <= through:
                result[kind].append(period)
            period = period.previous()
    return result


def choose_period(audience: Audience, key: str | None, state: dict | None = None) -> Period | None:
    periods = available_periods(audience, state)
    if key:
        try:
            period = Period.parse(key)
        except PeriodError as error:
            raise ReportNotFound(key) from error
        if period not in periods[period.kind]:
            raise ReportNotFound(key)
        return period
    for kind in (QUARTER, MONTH, YEAR):
        if periods[kind]:
            return periods[kind][0]
    return None


# ------------------------------------------------------------------------------------------------ labels


def region_names() -> dict[int, str]:
    from lotse.reference.models import Arbeitsmarktregion  # noqa: PLC0415

    return dict(Arbeitsmarktregion.objects.order_by("name").values_list("pk", "name"))


def region_label(region: int) -> str:
    if region == NRW:
        return _("NRW insgesamt")
    if region == NO_REGION:
        return _("ohne einzelne Region (landesweit, überregional, unbekannt)")
    return region_names().get(region, str(region))


def breakdowns(audience: Audience, stat: Stat) -> list[tuple[str, str]]:
    choices = [] if audience.kind == REGIONAL else [(REGION, _("Region"))]
    return choices + [(key, str(DIMENSIONS[key].label)) for key in stat.dimensions]


def default_breakdown(audience: Audience, stat: Stat) -> str:
    return breakdowns(audience, stat)[0][0] if breakdowns(audience, stat) else ""


def stat_note(stat: Stat) -> str:
    if stat.key == "self_checks" and not source_of(stat.key).placeholder:
        return ""
    return str(stat.note) if stat.note else ""


# ------------------------------------------------------------------------------------------------ tables


def choose_region(audience: Audience, slug_or_pk: str | None) -> int:
    """The region a breakdown is shown for: a region user's own, for FAI NRW any (default NRW), the ministry NRW."""
    if audience.kind == REGIONAL:
        own = sorted(audience.region_ids)
        chosen = numbers.parse_id(str(slug_or_pk)) if slug_or_pk else None
        if chosen is not None and chosen in own:
            return chosen
        if slug_or_pk:
            raise ReportNotFound(slug_or_pk)
        return own[0]
    if not slug_or_pk or audience.kind == MINISTRY:
        if slug_or_pk and str(slug_or_pk) != str(NRW):
            raise ReportNotFound(slug_or_pk)
        return NRW
    text = str(slug_or_pk)
    chosen = numbers.parse_id(text[1:]) if text.startswith("-") else numbers.parse_id(text)
    if chosen is not None and text.startswith("-"):
        chosen = -chosen
    if chosen is not None and chosen in {*region_names(), NRW, NO_REGION}:
        return chosen
    raise ReportNotFound(slug_or_pk)


def _cells(queryset) -> dict[tuple, Cell]:
    durations = {key for key, stat in STATS.items() if stat.kind == DURATION}
    return {
        (stat, region, dimension, value, measure): Cell(count, p50, p90, stat in durations)
        for stat, region, dimension, value, measure, count, p50, p90 in queryset.values_list(
            "stat", "region", "dimension", "value", "measure", "count", "p50", "p90"
        )
    }


def _table(audience: Audience, stat: Stat, period: Period, by: str, region: int, cells: dict, *, ministry: bool):
    """Rows by region (`by` = "region"), by one breakdown's values within `region`, or none (`by` = ""): the total."""
    missing = Cell(None, duration=stat.kind == DURATION) if ministry else Cell(0, duration=stat.kind == DURATION)
    measures = list(stat.measures)

    def row(key, label, region_key, dimension, value, total=False) -> Row:
        cells_of_row = [cells.get((stat.key, region_key, dimension, value, m.key), missing) for m in measures]
        return Row(key, label, cells_of_row, total)

    if by == REGION:
        rows = [row(r, region_label(r), r, "", "") for r in [*region_names(), NO_REGION]]
        if not ministry:  # "no single region" only where it has figures
            rows = [r for r in rows if r.key != NO_REGION or any(c.count for c in r.cells)]
        total = row(NRW, region_label(NRW), NRW, "", "", total=True)
    elif by:
        rows = [row(value, label, region, by, value) for value, label in DIMENSIONS[by].values()]
        total = row("", _("Insgesamt"), region, "", "", total=True)
    else:
        rows = []
        total = row(region, region_label(region), region, "", "", total=True)
    return Table(
        stat=stat,
        period=period,
        by=by,
        region=region,
        region_label=region_label(region),
        columns=measures,
        rows=rows,
        total_row=total,
        ministry=ministry,
        note=stat_note(stat),
        chart_measures=stat.part_measures if stat.total else tuple(m.key for m in measures),
    )


def report_table(*, audience: Audience, stat: Stat, period: Period, by: str, region: int, ministry_version=False):
    """One table: rows by region or by one breakdown's values (within `region`), one column per measure."""
    if by != REGION and by not in stat.dimensions:
        raise ReportNotFound(by)
    if by == REGION and audience.kind == REGIONAL:
        raise ReportNotFound(by)
    ministry = audience.kind == MINISTRY or ministry_version
    if ministry and region != NRW:
        raise ReportNotFound(region)
    key = f"reporting:table:{audience.cache_key}:{ministry}:{stat.key}:{period.key}:{by}:{region}:{get_language()}"
    return _cached(key, lambda: _build_table(audience, stat, period, by, region, ministry))


def _build_table(audience, stat, period, by, region, ministry):
    queryset = ReportCell.objects.filter(stat=stat.key, period_kind=period.kind, period_start=period.start)
    if ministry:
        queryset = queryset.filter(published=True)
    if by == REGION:
        queryset = queryset.filter(dimension="")
    else:
        queryset = queryset.filter(region=region, dimension__in=["", by])
    return _table(audience, stat, period, by, region, _cells(queryset), ministry=ministry)


def report_overview(*, audience: Audience, period: Period, ministry_version=False) -> list[Table]:
    """Every statistic for a period: by region (ministry, FAI NRW), or by its first breakdown in the own region."""
    ministry = audience.kind == MINISTRY or ministry_version
    key = f"reporting:overview:{audience.cache_key}:{ministry}:{period.key}:{get_language()}"

    def build() -> list[Table]:
        queryset = ReportCell.objects.filter(period_kind=period.kind, period_start=period.start)
        if ministry:
            queryset = queryset.filter(published=True)
        if audience.kind == REGIONAL and not ministry:
            region = sorted(audience.region_ids)[0]
            queryset = queryset.filter(region=region)
        else:
            region = NRW
            queryset = queryset.filter(dimension="")
        cells = _cells(queryset)
        tables = []
        for stat in STATS.values():
            if region == NRW:
                by = REGION
            else:
                by = stat.dimensions[0] if stat.dimensions else ""
            tables.append(_table(audience, stat, period, by, region, cells, ministry=ministry))
        return tables

    return _cached(key, build)


def _cached(key: str, build):
    """Tables change only when the job writes: cached per fill state (the key carries its version)."""
    version = FillState.objects.order_by("-updated_at").values_list("updated_at", flat=True).first()
    full_key = f"{key}:{version.timestamp() if version else 0}"
    value = cache.get(full_key)
    if value is None:
        value = build()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


def as_of_label(state: dict) -> str:
    through: dt.date | None = state["filled_through"]
    if not through:
        return _("Noch keine Auswertung berechnet.")
    from django.utils.formats import date_format  # noqa: PLC0415

    return _("Stand der Daten: %(day)s") % {"day": date_format(through, "DATE_FORMAT")}
