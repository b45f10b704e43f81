"""The case list's rows are written in Python: escaped, labelled, and with the deadline column for advisers only."""

import datetime as dt
from types import SimpleNamespace

from lotse.cases.tables import case_rows


def case(pk, **kwargs):
    values = {
        "pk": pk,
        "reference": f"LOT-2026-{pk:06d}",
        "employer_name": "Müller & <Söhne>",
        "team_name": "Regionalagentur Düsseldorf",
        "pathway": "eu_blue_card",
        "stage": "recognition",
        "case_type": "fast_track_blue_card",
        "has_overdue": False,
        "next_due_on": dt.date(2026, 12, 1),
    }
    return SimpleNamespace(**{**values, **kwargs})


def test_rows_escape_label_and_link(db):
    html = case_rows(
        [case(7), case(8, has_overdue=True)],
        candidates={7: ["Priya <b>Sharma</b>"]},
        with_deadline=True,
    )
    assert html.count("<tr>") == 2
    assert 'href="/faelle/7/">LOT-2026-000007</a>' in html
    assert "Müller &amp; &lt;Söhne&gt;" in html and "<Söhne>" not in html
    assert "Priya &lt;b&gt;Sharma&lt;/b&gt;" in html
    assert "Blaue Karte EU" in html and ">eu_blue_card<" not in html
    assert "01.12.2026" in html and "überschritten" in html
    assert '<td class="kern-table__cell">–</td>' in html  # case 8 has no visible candidate


def test_employers_get_no_deadline_column(db):
    html = case_rows([case(7)], candidates={}, with_deadline=False)
    assert html.count("<td") == 5 and "01.12.2026" not in html
