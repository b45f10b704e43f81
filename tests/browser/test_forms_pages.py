"""In Chromium with axe: the region finder with JavaScript on (errors and choices inside the htmx swap, the shipped
places), the error summary taking the focus, the footer's pages and the error pages in both languages."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_axe, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def places(reference_data):
    from lotse.reference.places import load_places

    load_places()


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_region_finder_with_javascript(page, places):
    page.goto("/regionalagentur-finden/")
    page.locator("#id_q").fill("99999")
    page.get_by_role("button", name="Suchen").click()
    summary = page.locator("#lookup [data-error-summary]")
    summary.wait_for()
    assert "Die Postleitzahl 99999 gehört zu keiner Gemeinde in Nordrhein-Westfalen." in summary.inner_text()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    expect(page.locator("#id_q-error")).to_be_visible()
    check_axe(page, "finder: unknown PLZ")
    screenshot(page, "fresh-finder-01-unknown-plz")
    # The summary's link puts the cursor into the field.
    summary.get_by_role("link").click()
    assert focused_id(page) == "id_q"

    page.locator("#id_q").fill("Neustadt")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_text("meinten Sie einen dieser Orte?").wait_for()
    assert page.locator("[data-error-summary]").count() == 0
    check_axe(page, "finder: Neustadt")
    screenshot(page, "fresh-finder-02-neustadt")
    page.get_by_role("link", name=re.compile("Bergneustadt")).click()
    page.get_by_role("heading", level=2, name=re.compile("Bergneustadt")).wait_for()

    for query in ("Mettmann", "40822"):
        page.locator("#id_q").fill(query)
        page.get_by_role("button", name="Suchen").click()
        page.get_by_role("heading", level=2, name="Mettmann (Kreis Mettmann)").wait_for()
        assert "Regionalagentur Düsseldorf - Kreis Mettmann" in page.locator("#lookup-results").inner_text()
    check_axe(page, "finder: Mettmann")
    screenshot(page, "fresh-finder-03-mettmann")


def test_error_summary_takes_the_focus_and_leads_to_the_field(page):
    page.goto("/barrierefreiheit/")
    page.get_by_role("button", name="Rückmeldung senden").click()
    page.locator("#error-summary").wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    assert page.title().startswith("Fehler: ")
    text = page.locator("#error-summary").inner_text()
    assert "Bitte beschreiben Sie, welche Barriere Ihnen begegnet ist." in text
    assert "zwingend erforderlich" not in page.content()
    check_axe(page, "error summary")
    screenshot(page, "fresh-error-summary")
    page.locator("#error-summary").get_by_role("link").first.click()
    assert focused_id(page) == "id_message"


@pytest.mark.parametrize("language", ["de", "en"])
def test_footer_and_error_pages(page, language, world, live_server):
    if language == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    pages = {
        "imprint": "/impressum/",
        "privacy": "/datenschutz/",
        "accessibility": "/barrierefreiheit/",
        "contact": "/kontakt/",
        "not-found": "/gibt-es-nicht/",
    }
    for name, path in pages.items():
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("footer").get_by_role("link", name=re.compile("Impressum|Legal notice")).count() == 1
        check_axe(page, f"{name} ({language})")
        screenshot(page, f"fresh-page-{name}-{language}")
    page.goto("/gibt-es-nicht/")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == ("Seite nicht gefunden" if language == "de" else "Page not found")
