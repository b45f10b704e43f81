"""Geometry of the server-rendered bar charts (the SVG markup is in reporting/_chart.html).

Horizontal bars, one per table row, the label above its bar so that long names need no truncation; measures that
add up to a total are stacked. Every colour has at least 3:1 contrast to the white background and segments are
separated by a white gap (WCAG 1.4.11), and the table below each chart carries the same figures as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lotse.reporting.selectors import SUPPRESSED, Table

COLORS = ("#0b3c6e", "#c2410c", "#15803d", "#7e22ce", "#475569")
NEUTRAL = "#475569"
WIDTH, PLOT, ROW, BAR = 720, 540, 40, 16


@dataclass
class Segment:
    x: float
    width: float
    color: str
    title: str


@dataclass
class ChartRow:
    label: str
    label_y: float
    bar_y: float
    segments: list[Segment] = field(default_factory=list)
    marker_x: float | None = None  # p90 of a duration
    value: str = ""
    value_x: float = 0.0


@dataclass
class Chart:
    id: str
    title: str
    description: str
    height: int
    rows: list[ChartRow]
    legend: list[tuple[str, str]]
    marker_label: str = ""
    bar_height: int = BAR
    width: int = WIDTH


def bar_chart(table: Table, *, chart_id: str) -> Chart:
    """Counts: one bar per table row (stacked parts). Durations: one bar per milestone of the total row, the
    median as the bar and the 90th percentile as a tick."""
    duration = table.duration
    if duration:
        bars = [(str(m.label), cell) for m, cell in zip(table.columns, table.total_row.cells, strict=True)]
        highest = max([cell.p90 or 0 for _label, cell in bars if cell.count] + [0])
    else:
        bars = [(row.label, row) for row in table.chart_rows]
        keys = [m.key for m in table.columns]
        index = keys.index(table.stat.total) if table.stat.total else 0
        highest = max([row.cells[index].count or 0 for row in table.chart_rows] + [0])
    measures = [table.stat.measure(key) for key in table.chart_measures] if table.stat.total else table.columns[:1]
    scale = PLOT / highest if highest else 0
    chart_rows = []
    for number, (label, item) in enumerate(bars):
        y = number * ROW
        chart_row = ChartRow(label=label, label_y=y + 12, bar_y=y + 17)
        if duration:
            _duration_row(chart_row, item, scale)
        else:
            _count_row(chart_row, table, item, measures, scale)
        chart_rows.append(chart_row)
    if duration:
        legend = [(COLORS[0], _("Median"))]
    else:
        legend = [(COLORS[i % len(COLORS)], str(m.label)) for i, m in enumerate(measures)]
        if any(segment.color == NEUTRAL for row in chart_rows for segment in row.segments):
            legend.append((NEUTRAL, _("insgesamt (Aufteilung gesperrt)")))
    return Chart(
        id=chart_id,
        title=table.caption,
        description=_("Balkendiagramm mit %(rows)s Balken; die Werte stehen in der Tabelle unter dem Diagramm.")
        % {"rows": len(bars)},
        height=max(len(bars), 1) * ROW + 8,
        rows=chart_rows,
        legend=legend,
        marker_label=_("90. Perzentil") if duration else "",
    )


def _count_row(chart_row: ChartRow, table: Table, row, measures, scale: float) -> None:
    keys = [m.key for m in table.columns]
    parts = [(m, row.cells[keys.index(m.key)]) for m in measures]
    if table.stat.total:
        total = row.cells[keys.index(table.stat.total)]
    else:
        total = parts[0][1]
        parts = parts[:1]
    if total.suppressed:
        chart_row.value = SUPPRESSED
        return
    x = 0.0
    if any(cell.suppressed for _m, cell in parts):  # the total is known, its split is not
        chart_row.segments.append(Segment(0, total.count * scale, NEUTRAL, _("Aufteilung gesperrt")))
        x = total.count * scale
    else:
        for index, (measure, cell) in enumerate(parts):
            width = cell.count * scale
            if width:
                title = f"{measure.label}: {number_format(cell.count, force_grouping=True)}"
                chart_row.segments.append(Segment(x, width, COLORS[index % len(COLORS)], title))
            x += width
    chart_row.value = number_format(total.count, force_grouping=True)
    chart_row.value_x = x + 6


def _duration_row(chart_row: ChartRow, cell, scale: float) -> None:
    if cell.suppressed:
        chart_row.value = SUPPRESSED
        return
    if not cell.count:
        chart_row.value = "–"
        return
    chart_row.segments.append(Segment(0, (cell.p50 or 0) * scale, COLORS[0], f"{_('Median')}: {cell.p50:g}"))
    chart_row.marker_x = (cell.p90 or 0) * scale
    chart_row.value = cell.text(duration=True)
    chart_row.value_x = max(chart_row.marker_x, (cell.p50 or 0) * scale) + 6
