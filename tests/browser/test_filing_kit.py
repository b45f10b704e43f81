"""The filing kit (§ 81a "Unterlagen-Paket") in Chromium: reached from the employer's case view and from the
adviser's case page, axe-clean, German and English; screenshots saved to look at."""

import pytest

from lotse.cases.models import Candidate, Consent
from lotse.cases.services.candidates import consent_record
from lotse.core.scoping import system_access
from tests.browser.conftest import check_axe, log_in, screenshot
from tests.cases.conftest import assessment, cases  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_filing_kit_from_both_sides(page, world, cases):  # noqa: F811
    case = cases["a"]
    with system_access("test setup"):
        consent_record(
            actor=world["users"]["adviser_a"],
            candidate=Candidate.objects.get(cases=case),
            purpose=Consent.Purpose.SHARE_WITH_EMPLOYER,
            given_on=case.opened_on,
        )
    log_in(page, "hr@a.example")
    page.goto(f"/faelle/{case.pk}/")
    page.get_by_role("link", name="Unterlagen-Paket für das beschleunigte Verfahren (§ 81a)").click()
    page.get_by_role("heading", level=1, name=f"Unterlagen-Paket {case.reference}").wait_for()
    kit = page.locator("[data-testid=kit-worker]")
    assert "Sharma" in kit.inner_text()
    assert "Blaue Karte (EU)" in page.locator("[data-testid=kit-links]").inner_text()
    assert page.locator(".kit-missing").count() >= 3  # "fehlt noch", not invented
    check_axe(page, "filing kit (employer, de)")
    screenshot(page, "filing-kit-employer-de")

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
    page.reload()
    page.get_by_role("heading", level=1, name=f"Filing kit {case.reference}").wait_for()
    check_axe(page, "filing kit (employer, en)")
    screenshot(page, "filing-kit-employer-en")

    log_in(page, "a@test.example")
    page.goto(f"/faelle/{case.pk}/")
    page.locator("[data-testid=filing-kit-link]").click()
    page.get_by_role("heading", level=1, name=f"Unterlagen-Paket {case.reference}").wait_for()
    assert page.get_by_role("link", name="Fall → Prüfung").count() >= 1  # where to enter what is missing
    check_axe(page, "filing kit (adviser, de)")
