"""The ministry's analyst in Chromium: from the start page to the figures, the suppressed cells, a breakdown, and
the XLSX download; axe-clean on every page."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from lotse.accounts.models import Membership, Organisation, User
from lotse.core.scoping import system_access
from lotse.reporting import build
from lotse.reporting.stats import STATS
from tests.browser.conftest import check_axe, log_in, screenshot
from tests.conftest import PASSWORD
from tests.reporting.factories import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def figures(reference_data):
    from lotse.reference.models import Arbeitsmarktregion

    with system_access("test setup"):
        regions = list(Arbeitsmarktregion.objects.order_by("pk")[:3])
        fai = Organisation.objects.create(name="FAI NRW", kind="fai")
        mags = Organisation.objects.create(name="MAGS", kind="ministerium")
        build_world(3, regions=regions, start=dt.date(2025, 7, 1), days=180, cases=220, employers=30, team=fai)
    analyst = User.objects.create_user(email="analyst@mags.example", password=PASSWORD, full_name="Max Weber")
    Membership.objects.create(user=analyst, organisation=mags, role=Membership.Role.ANALYST)
    build.reporting_rebuild_all(until=dt.date(2025, 12, 31))
    return analyst


def test_the_analyst_opens_the_figures_and_downloads_xlsx(page, figures):
    log_in(page, figures.email)
    check_axe(page, "start page of the analyst")
    page.get_by_role("link", name="Auswertung öffnen").click()
    page.get_by_label("Zeitraum").select_option("2025-Q4")
    page.get_by_role("button", name="Anzeigen").click()
    assert "4. Quartal 2025" in page.get_by_test_id("as-of").inner_text()
    table = page.get_by_test_id("report-table-cases_opened")
    figures_shown = [c for c in table.locator("td").all_inner_texts() if c.strip().replace(".", "").isdigit()]
    assert figures_shown and all(int(c.replace(".", "")) >= 5 for c in figures_shown)
    assert "•" in table.inner_text()  # small values are suppressed, not shown
    check_axe(page, "dashboard of the ministry")
    screenshot(page, "reporting-dashboard-ministry")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Alle Tabellen 4. Quartal 2025 als Excel (XLSX)").click()
    workbook = load_workbook(io.BytesIO(download_info.value.path().read_bytes()))
    sheets = {sheet.title for sheet in workbook.worksheets}
    assert "Eröffnete Fälle" in sheets and len(sheets) == len(STATS)  # one sheet per statistic
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(min_row=5, values_only=True):
            assert all(v is None or isinstance(v, str) or v >= 5 for v in row[1:]), (sheet.title, row)

    page.get_by_role("link", name="Abgeschlossene Fälle nach Ergebnis: weitere Aufschlüsselungen").click()
    page.get_by_label("Aufgeschlüsselt nach").select_option("pathway")
    page.get_by_role("button", name="Anzeigen").click()
    assert "nach Aufenthaltsweg" in page.locator("figcaption").inner_text()
    check_axe(page, "breakdown by pathway for the ministry")
    screenshot(page, "reporting-breakdown-ministry")
    page.get_by_label("Zeitraum").select_option("2025-10")
    page.get_by_role("button", name="Anzeigen").click()
    check_axe(page, "a month for the ministry")
