"""The re-assessment after a change of the legal parameters in Chromium: the progress page and the case's overview
show which pathway's status changed; axe-clean, screenshots."""

import datetime as dt

import pytest

from lotse.cases.models import ReassessmentRun
from lotse.cases.services import reassessment
from lotse.rules import assess
from tests.browser.conftest import check_axe, log_in, screenshot
from tests.cases.conftest import ASSESSMENT_INPUT, make_case
from tests.cases.test_reassessment import raised_thresholds  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


def test_progress_page_and_case_overview_after_a_parameter_change(page, world, raised_thresholds):  # noqa: F811
    case = make_case(world, (ASSESSMENT_INPUT, assess(ASSESSMENT_INPUT, as_of=dt.date(2026, 3, 2))), "a")
    raised_thresholds()
    run = reassessment.reassessment_run(reassessment.reassessment_start(reason=ReassessmentRun.Reason.MANUAL))
    assert run.changed == 1

    log_in(page, "fai@test.example")
    page.goto("/faelle/neubewertungen/")
    status = page.get_by_test_id("run-status").inner_text()
    assert "1 von 1 Fällen bewertet" in status and "1 Fall mit geändertem Status" in status
    assert page.locator("#run-progress").get_attribute("value") == "1"
    assert "Blaue Karte EU" in page.inner_text("main") and "nicht möglich" in page.inner_text("main")
    check_axe(page, "re-assessment progress")
    screenshot(page, "reassessment-01-progress")

    page.get_by_role("link", name=case.reference).click()
    page.goto(f"/faelle/{case.pk}/")
    assert "nicht möglich" in page.get_by_test_id("reassessment").inner_text()
    check_axe(page, "case overview with the re-assessment")
    screenshot(page, "reassessment-02-case")
