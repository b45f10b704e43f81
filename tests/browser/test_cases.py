"""The whole case flow in Chromium, axe-clean on every page:
navigator result → advice request → accepted as case → documents received → § 81a agreement → BA timer runs →
handover to FAI NRW → the employer sees the new status.

The first step is the real navigator: the employer walks the interview and sends the result to its
Regionalagentur with "Beratung anfragen".
"""

import datetime as dt

import pytest

from lotse.accounts.models import Membership, Organisation, User
from lotse.core.scoping import system_access
from tests.browser.conftest import check_axe, log_in, screenshot
from tests.browser.test_navigator import INDIAN_DEVELOPER, walk
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def people(small_gemeinden):
    from lotse.reference.models import Arbeitsmarktregion

    region = Arbeitsmarktregion.objects.get(slug="duesseldorf-kreis-mettmann")
    with system_access("test setup"):
        orgs = {
            "ra": Organisation.objects.create(
                name="Regionalagentur Düsseldorf", kind="regionalagentur", region=region
            ),
            "fai": Organisation.objects.create(name="FAI NRW", kind="fai"),
            "employer": Organisation.objects.create(
                name="Mettmanner Metallbau GmbH",
                kind="unternehmen",
                region=region,
                city="Mettmann",
                postcode="40822",
            ),
        }
    people = {}
    for key, org, role in [
        ("adviser", "ra", "adviser"),
        ("fai", "fai", "adviser"),
        ("employer", "employer", "member"),
    ]:
        user = User.objects.create_user(
            email=f"{key}@test.example", password=PASSWORD, full_name=f"Test {key}"
        )
        Membership.objects.create(user=user, organisation=orgs[org], role=role)
        people[key] = user
    return people, orgs


def submit_navigator_request(page):
    """Step 1: the logged-in employer's navigator result becomes an advice request of its region."""
    from lotse.cases.models import AdviceRequest

    log_in(page, "employer@test.example")
    walk(page, "case-flow", INDIAN_DEVELOPER)
    page.get_by_role("button", name="Beratung anfragen").click()
    page.get_by_role("heading", name="Beratung anfragen").wait_for()
    page.get_by_label("Ihr Name").fill("Petra Lange")
    page.get_by_label("Ihre E-Mail-Adresse").fill("personal@mettmann.example")
    page.get_by_label("Ihre Nachricht").fill("Wir möchten eine Softwareentwicklerin aus Indien einstellen.")
    page.get_by_role("button", name="Anfrage senden").click()
    page.get_by_role("heading", name="Ihre Anfrage ist angekommen").wait_for()
    check_axe(page, "advice request sent")
    with system_access("test: find the request the navigator created"):
        return AdviceRequest.objects.latest("pk")


def create_advice_request(orgs):
    """A request as the navigator creates it, without walking the interview again (for page checks)."""
    from lotse.reference.lookup import local_authority_for_ags
    from lotse.rules import assess
    from tests.cases.conftest import ASSESSMENT_INPUT, new_advice_request

    output = assess(ASSESSMENT_INPUT, local_authority_resolver=local_authority_for_ags)
    with system_access("test setup"):
        return new_advice_request(
            (ASSESSMENT_INPUT, output),
            employer=orgs["employer"],
            contact_name="Petra Lange",
            contact_email="personal@mettmann.example",
            candidate_consent=True,
        )


def test_whole_case_flow(page, people):
    users, orgs = people
    request = submit_navigator_request(page)
    assert request.region.slug == "duesseldorf-kreis-mettmann"
    assert request.employer == orgs["employer"]

    log_in(page, "adviser@test.example")
    page.get_by_role("link", name="Fälle", exact=True).first.click()
    check_axe(page, "case list (empty)")
    page.get_by_role("link", name="Beratungsanfragen").click()
    page.get_by_role("link", name=f"Anfrage {request.reference}").click()
    check_axe(page, "advice request")
    screenshot(page, "cases-request")
    page.get_by_label("Vorname der Fachkraft").fill("Priya")
    page.get_by_label("Nachname der Fachkraft").fill("Sharma")
    page.get_by_role("button", name="Annehmen und Fall anlegen").click()
    page.wait_for_url("**/faelle/*/")
    assert "Anfrage angenommen" in page.content()
    check_axe(page, "case detail (new)")

    # Documents received: upload the passport as a PDF.
    open_before = int(page.get_by_test_id("documents-open").inner_text().split()[0])
    tabs = page.get_by_role("navigation", name="Bereiche des Falls")
    tabs.get_by_role("link", name="Unterlagen").click()
    check_axe(page, "case documents tab")
    passport = page.locator("[data-document=passport]")
    if passport.locator("details").get_attribute("open") is None:
        passport.locator("summary").click()
    passport.get_by_label("Datei hochladen").set_input_files(
        files=[{"name": "pass.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}]
    )
    passport.get_by_role("button", name="Hochladen", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("[data-document=passport] [data-testid=doc-status]").inner_text() == "eingegangen"

    # § 81a agreement signed, then the BA request: the BA timer starts (1 week).
    tabs.get_by_role("link", name="Überblick").click()
    assert int(page.get_by_test_id("documents-open").inner_text().split()[0]) == open_before - 1
    today = dt.date.today().isoformat()
    page.get_by_label("Ereignis").select_option("fast_track_agreement_signed")
    page.get_by_label("Datum").fill(today)
    page.get_by_role("button", name="Ereignis erfassen").click()
    page.wait_for_load_state()
    page.get_by_label("Ereignis").select_option("ba_request_submitted")
    page.get_by_label("Datum").fill(today)
    page.get_by_role("button", name="Ereignis erfassen").click()
    page.wait_for_load_state()
    ba = page.locator("[data-timer=ba_approval]")
    assert "§ 36 Abs. 2 BeschV" in ba.inner_text() and "1 Woche" in ba.inner_text()
    assert ba.get_attribute("data-state") in ("green", "amber")
    check_axe(page, "case detail (timers)")
    screenshot(page, "cases-detail")

    for name in ("Fachkräfte und Vollmachten", "Aufgaben", "Verlauf", "Bearbeiten und Übergabe"):
        tabs.get_by_role("link", name=name).click()
        check_axe(page, f"case tab {name}")
    screenshot(page, "cases-manage-tab")

    # Handover to FAI NRW.
    page.get_by_label("Übergeben an").select_option(label="FAI NRW")
    page.get_by_label("Übergabenotiz").fill("Bitte übernehmen: Erstkontakt ZFE NRW")
    page.get_by_role("button", name="Fall übergeben").click()
    assert "Das neue Team wird per E-Mail benachrichtigt" in page.get_by_test_id("consequences").inner_text()
    check_axe(page, "handover confirmation")
    screenshot(page, "cases-handover-confirm")
    page.get_by_role("button", name="Ja, Fall übergeben").click()
    page.wait_for_load_state()
    assert "FAI NRW" in page.locator("[data-testid=team]").inner_text()

    page.goto("/faelle/uebersicht/")
    check_axe(page, "dashboard")
    page.goto("/faelle/meine-aufgaben/")
    check_axe(page, "my tasks")

    # FAI sees the full history.
    log_in(page, "fai@test.example")
    page.goto("/faelle/")
    page.get_by_role("link", name="LOT-").first.click()
    page.get_by_role("navigation", name="Bereiche des Falls").get_by_role("link", name="Verlauf").click()
    assert "Übergabenotiz: Bitte übernehmen" in page.content()

    # The employer sees the new status, no internal notes, no candidate without consent.
    log_in(page, "employer@test.example")
    page.get_by_role("link", name="Fälle", exact=True).first.click()
    check_axe(page, "employer case list")
    page.get_by_role("link", name="LOT-").first.click()
    assert "FAI NRW" in page.locator("[data-testid=team]").inner_text()
    content = page.content()
    assert "Zustimmung der BA" in content and "Übergabenotiz" not in content and "Priya" not in content
    check_axe(page, "employer case view")
    screenshot(page, "cases-employer")


def test_other_adviser_pages_are_axe_clean(page, people):
    users, orgs = people
    create_advice_request(orgs)
    log_in(page, "adviser@test.example")
    for path, label in [
        ("/faelle/anfragen/", "inbox"),
        ("/faelle/unternehmen/", "companies"),
        ("/faelle/datenschutz/kontaktperson/?email=personal%40mettmann.example", "contact person privacy"),
        ("/faelle/unternehmen/neu/", "company new"),
    ]:
        page.goto(path)
        check_axe(page, label)
    page.get_by_label("Name des Unternehmens").fill("Mettmanner Metallbau")
    page.get_by_label("PLZ").fill("40822")
    page.get_by_role("button", name="Speichern").click()
    assert "gibt es vermutlich schon" in page.content()
    check_axe(page, "company duplicate warning")
