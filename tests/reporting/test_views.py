"""Reporting pages: who may open what, what the ministry sees (no cell below 5, in HTML, CSV, XLSX and PDF), and
that a region sees its own figures only."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lotse.accounts.models import Membership
from lotse.core.scoping import system_access
from lotse.reporting import build
from lotse.reporting.models import ReportCell
from tests.conftest import _user, log_in, make_world
from tests.pdfs import assert_tagged_pdf, pdftotext
from tests.reporting.conftest import regions_of, shared_data
from tests.reporting.factories import build_world

pytestmark = pytest.mark.django_db
UNTIL = dt.date(2025, 12, 31)


@pytest.fixture(scope="module")
def _shared(django_db_setup, django_db_blocker):
    """Half a year of case work in three regions, filled up to the end of 2025: built once for the module (the
    tests only read it; what a test writes is rolled back after it)."""
    with shared_data(django_db_blocker):
        world = make_world()
        with system_access("test data"):
            build_world(1, regions=regions_of(world), start=dt.date(2025, 7, 1), days=180, cases=220, employers=30)
        build.reporting_rebuild_all(until=UNTIL)
        yield world


@pytest.fixture
def filled(_shared, db):
    return _shared


def urls():
    return {
        "dashboard": reverse("reporting:dashboard"),
        "stat": reverse("reporting:stat", args=["cases_closed"]) + "?zeitraum=2025-Q4&nach=pathway",
        "csv": reverse("reporting:export", args=["cases_closed", "csv"]) + "?zeitraum=2025-Q4&nach=pathway",
        "xlsx": reverse("reporting:export", args=["cases_opened", "xlsx"]) + "?zeitraum=2025-Q4&nach=wz_section",
        "all_xlsx": reverse("reporting:overview_export") + "?zeitraum=2025-Q4",
        "pdf": reverse("reporting:quarterly_report", args=["2025-Q4"]),
        "status": reverse("reporting:status"),
    }


def test_access_matrix(client, filled):
    """Every reporting URL × every role: FAI NRW all, the ministry all but the job status, a region its own pages
    but not the ministry's report; employers, event managers, plain members and users without organisation none."""
    users = dict(filled["users"])
    with system_access("test"):
        users["event_manager"] = _user("ev@ihk.example", filled["orgs"]["fai"], Membership.Role.EVENT_MANAGER)
        users["fai_member"] = _user("m@fai.example", filled["orgs"]["fai"], Membership.Role.MEMBER)
    every = dict.fromkeys(urls(), 200)
    expected = {
        "fai": every,
        "mags": {**every, "status": 404},
        "adviser_a": {**every, "pdf": 403, "status": 404},
        "adviser_b": {**every, "pdf": 403, "status": 404},
    }
    for who, user in users.items():
        log_in(client, user)
        allowed = expected.get(who, dict.fromkeys(urls(), 403))
        for name, url in urls().items():
            if who.startswith("adviser") and name in ("stat", "csv"):
                url = url.replace("nach=pathway", "nach=citizenship")
            response = client.get(url)
            assert response.status_code == allowed[name], (who, name, response.status_code)


def test_anonymous_users_are_sent_to_the_login(client, filled):
    for url in urls().values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("reporting:rebuild"), {"zeitraum": "2025-Q4"}).status_code == 302


def test_only_fai_administration_may_start_a_rebuild(client, filled):
    log_in(client, filled["users"]["fai"])  # an adviser
    assert client.post(reverse("reporting:rebuild"), {"zeitraum": "2025-Q4"}).status_code == 403
    with system_access("test"):
        admin = _user("admin@fai.example", filled["orgs"]["fai"], Membership.Role.ADMIN)
    log_in(client, admin)
    response = client.post(reverse("reporting:rebuild"), {"zeitraum": "2025-13"}, follow=True)
    assert "ist kein Zeitraum" in response.content.decode()
    response = client.post(reverse("reporting:rebuild"), {"zeitraum": "2025-Q4"}, follow=True)
    assert "beauftragt" in response.content.decode()


def numbers_in_html(html: str) -> list[int]:
    cells = re.findall(r'<td class="kern-table__cell num">([^<]*)</td>', html)
    return [int(c.replace(".", "")) for c in cells if re.fullmatch(r"[\d.]+", c)]


def test_the_ministry_never_sees_a_cell_below_five(client, filled):
    log_in(client, filled["users"]["mags"])
    html = client.get(reverse("reporting:dashboard") + "?zeitraum=2025-Q4").content.decode()
    numbers = numbers_in_html(html)
    assert numbers and min(numbers) >= 5
    assert "•" in html and "gesperrt" in html
    for stat, by in (("cases_closed", "pathway"), ("cases_opened", "occupation"), ("companies_advised", "size")):
        for period in ("2025-10", "2025-Q4", "2025"):
            query = f"?zeitraum={period}&nach={by}"
            page = client.get(reverse("reporting:stat", args=[stat]) + query).content.decode()
            assert all(n >= 5 for n in numbers_in_html(page))
            rows = list(
                csv.reader(
                    io.StringIO(client.get(reverse("reporting:export", args=[stat, "csv"]) + query).content.decode())
                )
            )
            values = [v for row in rows[1:] for v in row[1:]]
            assert all(v == "." or int(v) >= 5 for v in values), (stat, period, values)
    workbook = load_workbook(io.BytesIO(client.get(urls()["all_xlsx"]).content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=5, values_only=True):
            assert all(v is None or isinstance(v, str) or v >= 5 for v in row[1:]), (sheet.title, row)


def test_the_ministry_sees_only_complete_periods_and_no_region_detail(client, filled):
    log_in(client, filled["users"]["mags"])
    assert client.get(reverse("reporting:dashboard") + "?zeitraum=2026-01").status_code == 400
    region = filled["regions"]["a"].pk
    response = client.get(
        reverse("reporting:stat", args=["cases_opened"]) + f"?zeitraum=2025-Q4&nach=size&region={region}"
    )
    assert response.status_code == 200 and response.context["table"].region == 0  # the region is ignored: NRW


def test_a_region_sees_its_own_figures_only(client, filled):
    log_in(client, filled["users"]["adviser_a"])
    region_a, region_b = filled["regions"]["a"], filled["regions"]["b"]
    html = client.get(reverse("reporting:dashboard") + "?zeitraum=2025-Q4").content.decode()
    assert region_a.name in html and region_b.name not in html and "NRW insgesamt" not in html
    with system_access("test"):
        own_total = ReportCell.unscoped.get(
            stat="cases_opened",
            period_kind="quarter",
            period_start=dt.date(2025, 10, 1),
            region=region_a.pk,
            dimension="",
            measure="opened",
        ).count
        others = ReportCell.unscoped.filter(period_kind="quarter", period_start=dt.date(2025, 10, 1)).exclude(
            region=region_a.pk
        )
        assert others.exists()
    table = client.get(reverse("reporting:export", args=["cases_opened", "csv"]) + "?zeitraum=2025-Q4&nach=size")
    rows = list(csv.reader(io.StringIO(table.content.decode())))
    assert rows[-1][1] == str(own_total)
    # Another region's detail, or the statewide table by region, are not there for it.
    response = client.get(
        reverse("reporting:stat", args=["cases_opened"]) + f"?zeitraum=2025-Q4&nach=size&region={region_b.pk}"
    )
    assert response.status_code == 400 or region_b.name not in response.content.decode()
    assert (
        client.get(reverse("reporting:stat", args=["cases_opened"]) + "?zeitraum=2025-Q4&nach=region").status_code
        == 400
    )


def test_bad_filters_get_a_message_and_the_page_with_defaults(client, filled):
    log_in(client, filled["users"]["fai"])
    response = client.get(reverse("reporting:stat", args=["cases_closed"]) + "?zeitraum=1999-Q1&nach=blau")
    assert response.status_code == 400
    html = response.content.decode()
    assert "keine Auswertung" in html and "keine Aufschlüsselung" in html and "<table" in html
    export = client.get(reverse("reporting:export", args=["cases_closed", "csv"]) + "?zeitraum=kaputt")
    assert export.status_code == 400 and "keine Auswertung" in export.content.decode()
    assert client.get(reverse("reporting:stat", args=["unbekannt"])).status_code == 404
    assert client.get(reverse("reporting:quarterly_report", args=["2025-13"])).status_code == 404


def test_the_quarterly_report_is_a_tagged_pdf_ua_with_the_ministrys_figures(client, filled):
    from pypdf import PdfReader

    log_in(client, filled["users"]["mags"])
    response = client.get(urls()["pdf"])
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "de" and "/StructTreeRoot" in root
    assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode()
    assert reader.metadata.title.startswith("Quartalsbericht 4. Quartal 2025")
    # The text as poppler's pdftotext reads it (pypdf's extraction took 3 s for the 21 pages).
    assert_tagged_pdf(
        response.content, lang="de", title="Quartalsbericht", texts=("Abgeschlossene Fälle nach Ergebnis", "gesperrt")
    )
    text = pdftotext(response.content)
    for user in ("fai",):  # FAI NRW downloads the same (ministry) version
        log_in(client, filled["users"][user])
        assert pdftotext(client.get(urls()["pdf"]).content) == text
