"""The repeated parts of the case pages: rows prepared in lotse.cases.display and lotse.core.navigation, drawn by
templates (escaped by the template engine), labelled, linked, dates in the language's format."""

import datetime as dt
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from lotse.cases import display
from lotse.core import navigation


def case(pk, **kwargs):
    values = {
        "id": pk,
        "reference": f"LOT-2026-{pk:06d}",
        "employer_name": "Müller & <Söhne>",
        "team_name": "Regionalagentur Düsseldorf",
        "pathway": "eu_blue_card",
        "stage": "recognition",
        "case_type": "fast_track_blue_card",
        "has_overdue": False,
        "next_due_on": dt.date(2026, 12, 1),
    }
    return {**values, **kwargs}


def case_rows(cases, *, candidate_names, with_deadline):
    rows = display.case_rows(cases, candidate_names=candidate_names)
    return render_to_string("cases/_case_rows.html", {"rows": rows, "with_deadline": with_deadline})


def test_rows_escape_label_and_link(db):
    html = case_rows(
        [case(7), case(8, has_overdue=True)],
        candidate_names={7: "Priya <b>Sharma</b>"},
        with_deadline=True,
    )
    assert html.count("<tr>") == 2
    assert 'href="/faelle/7/">LOT-2026-000007</a>' in html
    assert "Müller &amp; &lt;Söhne&gt;" in html and "<Söhne>" not in html
    assert "Priya &lt;b&gt;Sharma&lt;/b&gt;" in html
    assert "Blaue Karte EU" in html and ">eu_blue_card<" not in html
    assert "01.12.2026" in html and "überschritten" in html and "kern-badge--danger" in html
    assert '<td class="kern-table__cell">–</td>' in html  # case 8 has no visible candidate


def test_employers_get_no_deadline_column(db):
    html = case_rows([case(7)], candidate_names={}, with_deadline=False)
    assert html.count("<td") == 5 and "01.12.2026" not in html


def test_dates_follow_the_language(db):
    with translation.override("en"):
        html = case_rows([case(7)], candidate_names={}, with_deadline=True)
    assert "1 Dec 2026" in html and "Blue Card" in html


def test_step_list_ticks_done_steps_and_marks_optional_ones(db):
    steps = [
        SimpleNamespace(key="ba", label="Zustimmung <BA>", done=True, optional=False, when="erledigt am 02.03.2026"),
        SimpleNamespace(key="zab", label="ZAB", done=False, optional=True, when="geplant für 09.03.2026"),
    ]
    html = render_to_string("cases/_step_list.html", {"steps": steps})
    assert '<li class="kern-body" data-step="ba"><strong>✓ Zustimmung &lt;BA&gt;</strong> – erledigt am' in html
    assert '<li class="kern-body" data-step="zab">ZAB (optional) – geplant für 09.03.2026</li>' in html


def test_timer_table_states_and_empty(db):
    def timer(kind, **kwargs):
        values = {
            "kind": kind,
            "label": "Zustimmung der BA",
            "period": "1 Woche",
            "legal_reference": "§ 36 Abs. 2 BeschV",
            "started_on": dt.date(2026, 3, 2),
            "due_on": dt.date(2026, 3, 9),
            "stopped_on": None,
        }
        return SimpleNamespace(**{**values, **kwargs})

    rows = display.timer_rows(
        [
            (timer("ba_approval"), "deemed"),
            (timer("recognition", stopped_on=dt.date(2026, 3, 5)), "stopped"),
            (timer("visa"), "red"),
            (timer("adviser_sla"), "paused"),
        ]
    )
    html = render_to_string("cases/_timer_table.html", {"timers": rows})
    assert html.count("<tr data-timer=") == 4 and "<caption" in html
    assert 'data-state="deemed"' in html and "keine Antwort bis 09.03.2026" in html
    assert "erledigt am 05.03.2026" in html and "kern-badge--danger" in html and "pausiert" in html
    assert "02.03.2026" in html and "(1 Woche)" in html
    assert render_to_string("cases/_timer_table.html", {"timers": []}) == (
        '<p class="kern-body">Noch keine Frist läuft.</p>'
    )


def test_dashboard_rows_link_to_the_list_and_the_case(db):
    template = Template(
        "{% for row in stages %}<a href=\"{{ row.url }}\">{{ row.label }}</a>>{{ row.count }}<{% endfor %}"
        "{% for item in overdue %}<a href=\"{{ item.url }}\">{{ item.reference }}</a> ({{ item.company }}): "
        '{{ item.label }} – fällig {{ item.due_on|date:"SHORT_DATE_FORMAT" }}{% endfor %}'
    )
    stages = display.stage_rows([("Zustimmung der BA", "ba_approval", 12)])
    overdue = display.overdue_items([(7, "LOT-2026-000007", "Müller & Co", "Visumtermin", dt.date(2026, 3, 9))])
    html = template.render(Context({"stages": stages, "overdue": overdue}))
    assert 'href="/faelle/?status=open&amp;stage=ba_approval">Zustimmung der BA</a>' in html and ">12<" in html
    assert '<a href="/faelle/7/">LOT-2026-000007</a> (Müller &amp; Co): Visumtermin' in html
    assert "fällig 09.03.2026" in html


def test_open_documents_show_status_label_and_rejection_reason(db):
    documents = [
        SimpleNamespace(label="Reisepass", label_display="Reisepass", status="required", reject_reason=""),
        SimpleNamespace(label="Zeugnis <Kopie>", label_display="Zeugnis <Kopie>", status="rejected",
                        reject_reason="unleserlich & unscharf"),
    ]
    items = display.open_document_items(documents)
    assert [(i.label, i.status, i.reject_reason) for i in items] == [
        ("Reisepass", "angefordert", ""),
        ("Zeugnis <Kopie>", "abgelehnt", "unleserlich & unscharf"),
    ]


def test_navigation_marks_the_current_page(db):
    request = RequestFactory().get("/faelle/uebersicht/")
    subnav = Template("{% load case_nav %}{% case_subnav %}").render(Context({"request": request}))
    assert '<nav class="subnav" aria-label="Fallarbeit">' in subnav
    assert '<a class="kern-link" href="/faelle/uebersicht/" aria-current="page">Übersicht der Region</a>' in subnav
    assert subnav.count('aria-current="page"') == 1
    tabs = Template("{% load case_nav %}{% case_tabs tabs tab %}").render(
        Context(
            {
                "tabs": [("overview", "/faelle/7/", "Überblick"), ("documents", "/faelle/7/unterlagen/", "<b>")],
                "tab": "documents",
            }
        )
    )
    assert '<a class="kern-link" href="/faelle/7/unterlagen/" aria-current="page">&lt;b&gt;</a>' in tabs
    assert tabs.count('aria-current="page"') == 1
    assert [item.current for item in navigation.case_work_items("/faelle/")] == [True, *[False] * 6]


def test_page_links_keep_the_filters_escaped(db):
    page = Paginator(list(range(60)), 25).page(2)
    html = render_to_string("components/pager.html", {"page": page, "query": 'q=a%26b&status="x"'})
    assert '<a class="kern-link" href="?q=a%26b&amp;status=&quot;x&quot;&amp;page=1">vorherige Seite</a>' in html
    assert "<span>Seite 2 von 3</span>" in html and "page=3" in html
    assert render_to_string("components/pager.html", {"page": Paginator([1], 25).page(1)}) == ""
