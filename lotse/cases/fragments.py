"""Repeated parts of the case pages, written in Python: the case list's rows, a case's steps and deadlines, and
the rows of the regional dashboard.

Through the template engine each row cost 15 to 30 µs, most of these pages' rendering (bench/cases.py); in Python
a few. Everything goes through format_html, which escapes. Dates are written as everywhere else: 25.11.2026.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from lotse.cases.labels import pathway_title, stage_label
from lotse.cases.models import Document
from lotse.core.links import url_for


def case_rows(cases: list[dict], *, candidate_names: dict[int, str], with_deadline: bool) -> SafeString:
    """<tr> per case (as selectors.case_list reads them): reference (linked), company, candidates, pathway,
    stage, team and, for advisers, the next deadline."""
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
                url_for("cases:detail", case["id"]),
                case["reference"],
                case["employer_name"],
                candidate_names.get(case["id"]) or "–",
                pathway_title(case["pathway"] or ""),
                stage_label(case["stage"] or "", case["case_type"] or ""),
                case["team_name"],
                _deadline_cell(case, overdue) if with_deadline else mark_safe(""),
            )
            for case in cases
        ),
    )


def _deadline_cell(case: dict, overdue: SafeString) -> SafeString:
    if case["has_overdue"]:
        return format_html('<td class="kern-table__cell">{}</td>', overdue)
    due = case["next_due_on"].strftime("%d.%m.%Y") if case["next_due_on"] else "–"
    return format_html('<td class="kern-table__cell">{}</td>', due)


def step_list(steps) -> SafeString:
    """The case's steps (from selectors: with `done` and `when` set), done ones ticked."""
    optional = format_html(" ({})", gettext("optional"))
    items = format_html_join(
        "\n",
        '<li class="kern-body" data-step="{}">{} – {}</li>',
        (
            (
                step.key,
                format_html("<strong>✓ {}</strong>", step.label)
                if step.done
                else format_html("{}{}", step.label, optional if step.optional else ""),
                step.when,
            )
            for step in steps
        ),
    )
    return format_html('<ol class="kern-list">{}</ol>', items)


_BADGES = {  # state: (KERN badge colour, text)
    "red": ("danger", gettext_noop("überschritten")),
    "amber": ("warning", gettext_noop("läuft bald ab")),
    "paused": ("info", gettext_noop("pausiert (wartet auf Behörde)")),
    "green": ("info", gettext_noop("läuft")),
}
_TIMER_HEADERS = (
    gettext_noop("Frist"),
    gettext_noop("Rechtsgrundlage"),
    gettext_noop("Beginn"),
    gettext_noop("Fällig am"),
    gettext_noop("Stand"),
)


def _timer_badge(timer, state: str) -> SafeString:
    if state == "deemed":
        colour = "success"
        text = gettext("gilt als erteilt (§ 36 Abs. 2 BeschV, keine Antwort bis %(d)s)") % {"d": _date(timer.due_on)}
    elif state == "stopped":
        colour, text = "success", gettext("erledigt am %(d)s") % {"d": _date(timer.stopped_on)}
    else:
        colour, text = _BADGES[state][0], gettext(_BADGES[state][1])
    return format_html(
        '<span class="kern-badge kern-badge--{}"><span class="kern-label">{}</span></span>', colour, text
    )


def timer_table(timers) -> SafeString:
    """The case's deadlines: [(timer, state)] as selectors give them."""
    if not timers:
        return format_html('<p class="kern-body">{}</p>', gettext("Noch keine Frist läuft."))
    rows = format_html_join(
        "\n",
        '<tr data-timer="{}" data-state="{}"><th class="kern-table__cell" scope="row">{} '
        '<span class="kern-body--muted">({})</span></th><td class="kern-table__cell">{}</td>'
        '<td class="kern-table__cell">{}</td><td class="kern-table__cell">{}</td><td class="kern-table__cell">{}</td>'
        "</tr>",
        (
            (
                timer.kind,
                state,
                timer.label,
                timer.period,
                timer.legal_reference,
                _date(timer.started_on),
                _date(timer.due_on),
                _timer_badge(timer, state),
            )
            for timer, state in timers
        ),
    )
    headers = format_html_join(
        "",
        '<th class="kern-table__header" scope="col">{}</th>',
        ((gettext(header),) for header in _TIMER_HEADERS),
    )
    return format_html(
        '<div class="kern-table-responsive"><table class="kern-table kern-table--small">'
        '<caption class="visually-hidden">{}</caption><thead class="kern-table__head"><tr>{}</tr></thead>'
        '<tbody class="kern-table__body">{}</tbody></table></div>',
        gettext("Fristen"),
        headers,
        rows,
    )


def open_document_items(documents) -> SafeString:
    """<li> per open document: label, status and the reason of a rejection. The status labels are looked up once
    (get_status_display() builds a dict of all translated labels per call)."""
    statuses = {value: str(label) for value, label in Document.Status.choices}
    return format_html_join(
        "\n",
        '<li class="kern-body">{} – {}{}</li>',
        (
            (d.label, statuses.get(d.status, d.status), format_html(": {}", d.reject_reason) if d.reject_reason else "")
            for d in documents
        ),
    )


def stage_rows(stages) -> SafeString:
    """Dashboard: a row per stage [(label, key, open cases)], each linked to the list of those cases."""
    if not stages:
        return format_html(
            '<tr><td class="kern-table__cell" colspan="2">{}</td></tr>', gettext("Keine offenen Fälle.")
        )
    list_url = url_for("cases:list")
    return format_html_join(
        "\n",
        '<tr><th class="kern-table__cell" scope="row"><a class="kern-link" href="{}?status=open&amp;stage={}">{}</a>'
        '</th><td class="kern-table__cell">{}</td></tr>',
        ((list_url, key, label, count) for label, key, count in stages),
    )


def overdue_items(timers) -> SafeString:
    """Dashboard: an item per overdue timer [(case id, reference, company, label, due on)]."""
    if not timers:
        return format_html('<li class="kern-body">{}</li>', gettext("Keine."))
    due = gettext("fällig")
    return format_html_join(
        "\n",
        '<li class="kern-body"><a class="kern-link" href="{}">{}</a> ({}): {} – {} {}</li>',
        (
            (url_for("cases:detail", case_id), reference, company, label, due, _date(due_on))
            for case_id, reference, company, label, due_on in timers
        ),
    )


def _date(day) -> str:
    return day.strftime("%d.%m.%Y")
