"""The case list's table rows, written in Python.

A page shows up to 1,000 cases; through the template engine each row cost about 30 µs (bench/cases.py), in
Python a few. Everything is escaped by format_html.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from lotse.cases.labels import pathway_title, stage_label
from lotse.core.links import url_for


def case_rows(cases, *, candidates: dict[int, list], with_deadline: bool) -> SafeString:
    """<tr> per case (as selectors.case_list reads them): reference (linked), company, candidates, pathway,
    stage, team and, for advisers, the next deadline. `candidates`: the visible candidates per case id."""
    overdue = format_html(
        '<span class="kern-badge kern-badge--danger"><span class="kern-label">{}</span></span>',
        gettext("überschritten"),
    )
    return format_html_join(
        "\n",
        '<tr><th class="kern-table__cell" scope="row"><a class="kern-link" href="{}">{}</a></th>'
        '<td class="kern-table__cell">{}</td><td class="kern-table__cell">{}</td>'
        '<td class="kern-table__cell">{}</td><td class="kern-table__cell">{}</td>'
        '<td class="kern-table__cell">{}</td>{}</tr>',
        (
            (
                url_for("cases:detail", case.pk),
                case.reference,
                case.employer_name,
                ", ".join(str(c) for c in candidates.get(case.pk, ())) or "–",
                pathway_title(case.pathway or ""),
                stage_label(case.stage or "", case.case_type or ""),
                case.team_name,
                _deadline_cell(case, overdue) if with_deadline else mark_safe(""),
            )
            for case in cases
        ),
    )


def _deadline_cell(case, overdue: SafeString) -> SafeString:
    if case.has_overdue:
        return format_html('<td class="kern-table__cell">{}</td>', overdue)
    due = case.next_due_on.strftime("%d.%m.%Y") if case.next_due_on else "–"
    return format_html('<td class="kern-table__cell">{}</td>', due)
