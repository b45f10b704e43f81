"""Repeated parts of the case pages, written in Python: the case list's rows, a case's steps and deadlines, the
open documents, and the rows of the regional dashboard.

Through the template engine each row cost 15 to 30 µs, most of these pages' rendering (bench/cases.py); here a
few. Every value goes through `esc` (lotse.core.html), which escapes as the templates do. Dates are written as
everywhere else in Lotse: 25.11.2026.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from lotse.cases.labels import pathway_title, stage_label
from lotse.cases.models import Document
from lotse.core.html import esc
from lotse.core.links import url_for

_CELL = '<td class="kern-table__cell">{}</td>'


def case_rows(cases: list[dict], *, candidate_names: dict[int, str], with_deadline: bool) -> SafeString:
    """<tr> per case (as selectors.case_list reads them): reference (linked), company, candidates, pathway,
    stage, team and, for advisers, the next deadline."""
    overdue = _badge("danger", gettext("überschritten"))
    rows = []
    for case in cases:
        cells = [
            case["employer_name"],
            candidate_names.get(case["id"]) or "–",
            pathway_title(case["pathway"] or ""),
            stage_label(case["stage"] or "", case["case_type"] or ""),
            case["team_name"],
        ]
        if with_deadline:
            cells.append(overdue if case["has_overdue"] else _date(case["next_due_on"]))
        rows.append(
            f'<tr><th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{esc(url_for("cases:detail", case["id"]))}">{esc(case["reference"])}</a></th>'
            + "".join(_CELL.format(esc(cell)) for cell in cells)
            + "</tr>"
        )
    return mark_safe("\n".join(rows))  # every value above went through esc()


def step_list(steps) -> SafeString:
    """The case's steps (from selectors: with `done` and `when` set), done ones ticked."""
    optional = f" ({esc(gettext('optional'))})"
    items = []
    for step in steps:
        if step.done:
            label = f"<strong>✓ {esc(step.label)}</strong>"
        else:
            label = esc(step.label) + (optional if step.optional else "")
        items.append(f'<li class="kern-body" data-step="{esc(step.key)}">{label} – {esc(step.when)}</li>')
    return mark_safe(f'<ol class="kern-list">{"".join(items)}</ol>')  # escaped above


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


def _badge(colour: str, text: str) -> SafeString:
    return mark_safe(  # colour is one of ours, the text is escaped
        f'<span class="kern-badge kern-badge--{colour}"><span class="kern-label">{esc(text)}</span></span>'
    )


def _timer_badge(timer, state: str) -> SafeString:
    if state == "deemed":
        text = gettext("gilt als erteilt (§ 36 Abs. 2 BeschV, keine Antwort bis %(d)s)") % {"d": _date(timer.due_on)}
        return _badge("success", text)
    if state == "stopped":
        return _badge("success", gettext("erledigt am %(d)s") % {"d": _date(timer.stopped_on)})
    colour, text = _BADGES[state]
    return _badge(colour, gettext(text))


def timer_table(timers) -> SafeString:
    """The case's deadlines: [(timer, state)] as selectors give them."""
    if not timers:
        return mark_safe(f'<p class="kern-body">{esc(gettext("Noch keine Frist läuft."))}</p>')
    rows = "\n".join(
        f'<tr data-timer="{esc(timer.kind)}" data-state="{esc(state)}"><th class="kern-table__cell" scope="row">'
        f'{esc(timer.label)} <span class="kern-body--muted">({esc(timer.period)})</span></th>'
        + "".join(
            _CELL.format(esc(cell))
            for cell in (
                timer.legal_reference,
                _date(timer.started_on),
                _date(timer.due_on),
                _timer_badge(timer, state),
            )
        )
        + "</tr>"
        for timer, state in timers
    )
    headers = "".join(f'<th class="kern-table__header" scope="col">{esc(gettext(h))}</th>' for h in _TIMER_HEADERS)
    return mark_safe(  # escaped above
        '<div class="kern-table-responsive"><table class="kern-table kern-table--small">'
        f'<caption class="visually-hidden">{esc(gettext("Fristen"))}</caption>'
        f'<thead class="kern-table__head"><tr>{headers}</tr></thead>'
        f'<tbody class="kern-table__body">{rows}</tbody></table></div>'
    )


def open_document_items(documents) -> SafeString:
    """<li> per open document: label, status and the reason of a rejection. The status labels are looked up once
    (get_status_display() builds a dict of all translated labels per call)."""
    statuses = {value: str(label) for value, label in Document.Status.choices}
    return mark_safe(  # escaped
        "\n".join(
            f'<li class="kern-body">{esc(d.label)} – {esc(statuses.get(d.status, d.status))}'
            + (f": {esc(d.reject_reason)}" if d.reject_reason else "")
            + "</li>"
            for d in documents
        )
    )


def stage_rows(stages) -> SafeString:
    """Dashboard: a row per stage [(label, key, open cases)], each linked to the list of those cases."""
    if not stages:
        return mark_safe(
            f'<tr><td class="kern-table__cell" colspan="2">{esc(gettext("Keine offenen Fälle."))}</td></tr>'
        )
    list_url = esc(url_for("cases:list"))
    return mark_safe(  # escaped
        "\n".join(
            f'<tr><th class="kern-table__cell" scope="row"><a class="kern-link" '
            f'href="{list_url}?status=open&amp;stage={esc(key)}">{esc(label)}</a></th>{_CELL.format(esc(count))}</tr>'
            for label, key, count in stages
        )
    )


def overdue_items(timers) -> SafeString:
    """Dashboard: an item per overdue timer [(case id, reference, company, label, due on)]."""
    if not timers:
        return mark_safe(f'<li class="kern-body">{esc(gettext("Keine."))}</li>')
    due = esc(gettext("fällig"))
    return mark_safe(  # escaped
        "\n".join(
            f'<li class="kern-body"><a class="kern-link" href="{esc(url_for("cases:detail", case_id))}">'
            f"{esc(reference)}</a> ({esc(company)}): {esc(label)} – {due} {_date(due_on)}</li>"
            for case_id, reference, company, label, due_on in timers
        )
    )


def page_links(page, query: str = "") -> SafeString:
    """Links to the previous and next page of a list, keeping its filters (`query`, already URL-encoded)."""
    if not page.has_other_pages():
        return mark_safe("")
    prefix = f"?{esc(query)}&amp;" if query else "?"
    parts = []
    if page.has_previous():
        parts.append(
            f'<a class="kern-link" href="{prefix}page={page.previous_page_number()}">'
            f"{esc(gettext('vorherige Seite'))}</a>"
        )
    position = gettext("Seite %(n)s von %(total)s") % {"n": page.number, "total": page.paginator.num_pages}
    parts.append(f"<span>{esc(position)}</span>")
    if page.has_next():
        parts.append(
            f'<a class="kern-link" href="{prefix}page={page.next_page_number()}">{esc(gettext("nächste Seite"))}</a>'
        )
    label = esc(gettext("Seiten"))
    return mark_safe(f'<nav aria-label="{label}" class="kern-body">{" ".join(parts)}</nav>')  # escaped above


_SUBNAV = (
    ("cases:list", gettext_noop("Fälle")),
    ("cases:inbox", gettext_noop("Beratungsanfragen")),
    ("cases:my_tasks", gettext_noop("Meine Aufgaben")),
    ("cases:dashboard", gettext_noop("Übersicht der Region")),
    ("cases:companies", gettext_noop("Unternehmen")),
    ("cases:reassessments", gettext_noop("Neubewertungen")),
    ("cases:contact_privacy", gettext_noop("Datenschutz")),
)


def case_subnav(current_path: str) -> SafeString:
    """The navigation of case work, the current page marked."""
    return _nav(
        f'class="subnav" aria-label="{esc(gettext("Fallarbeit"))}"',
        ((url_for(name), gettext(label)) for name, label in _SUBNAV),
        current_path,
    )


def case_tabs(tabs, current: str) -> SafeString:
    """The tabs of a case page: [(key, url, label)], the current one marked."""
    urls = {key: url for key, url, _label in tabs}
    return _nav(
        f'class="case-tabs" aria-label="{esc(gettext("Bereiche des Falls"))}"',
        ((url, label) for _key, url, label in tabs),
        urls.get(current, ""),
    )


def _nav(attributes: str, links, current_url: str) -> SafeString:
    current = ' aria-current="page"'
    items = "".join(
        f'<li><a class="kern-link" href="{esc(url)}"{current if url == current_url else ""}>{esc(label)}</a></li>'
        for url, label in links
    )
    return mark_safe(f"<nav {attributes}><ul>{items}</ul></nav>")  # escaped above


def _date(day) -> str:
    return day.strftime("%d.%m.%Y") if day else "–"
