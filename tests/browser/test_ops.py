"""The page users see while the database is away, in a real browser: both languages, accessible, no trace."""

import pytest

from tests.browser.conftest import check_axe, screenshot
from tests.ops.processes import database_away_url, environment, start_gunicorn

pytestmark = pytest.mark.browser


def test_database_away_page_in_the_browser(chromium):
    server, base = start_gunicorn(environment(database_away_url()))
    try:
        context = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        response = page.goto(base + "/workshops/")
        assert response.status == 503
        assert page.locator("h1").inner_text() == "Bitte versuchen Sie es in einer Minute erneut"
        assert page.locator("[lang=en] h2").inner_text() == "Please try again in a minute"
        assert response.headers["x-request-id"] in page.locator("code").inner_text()
        assert page.locator("link[rel=stylesheet]").count() == 3  # styled like every other page
        assert "Traceback" not in page.content()
        check_axe(page, "503 page")
        screenshot(page, "ops-503-database-away")
        page.set_viewport_size({"width": 390, "height": 800})
        screenshot(page, "ops-503-database-away-mobile")
        context.close()
    finally:
        server.cleanup()
