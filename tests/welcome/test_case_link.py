"""A welcome plan and a § 45c notice made from a case: prefilled from it, ticks and the hand-over on the case's
timeline, visible to the employer on its case page, and only for those who may work on the case (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from lotse.cases.models import Activity, CaseStep
from lotse.core.scoping import system_access
from lotse.welcome.models import Notice, WelcomePlan
from tests.cases.conftest import ASSESSMENT_INPUT, make_case
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world, small_gemeinden):
    from lotse.rules import assess

    return make_case(world, (ASSESSMENT_INPUT, assess(ASSESSMENT_INPUT, as_of=dt.date(2026, 3, 2))), "a")


def _entries(case, **filters):
    """The case's timeline entries as (German sentence, internal)."""
    with system_access("test"), translation.override("de"):
        return [(a.message, a.internal) for a in Activity.unscoped.filter(case=case, **filters).order_by("id")]


def test_plan_from_the_case_page_is_prefilled_and_linked(client, world, case):
    log_in(client, world["users"]["adviser_a"])
    page = client.get(f"/faelle/{case.pk}/").content.decode()
    assert f"/willkommensplan/fall/{case.pk}/" in page and f"/willkommensplan/hinweis-45c/?fall={case.pk}" in page

    with system_access("test"):
        entry = CaseStep.unscoped.get(case=case, key="entry").planned_on
        start = CaseStep.unscoped.get(case=case, key="work_start").planned_on
    form = client.get(f"/willkommensplan/fall/{case.pk}/").content.decode()
    assert f'value="{entry:%Y-%m-%d}"' in form and f'value="{start:%Y-%m-%d}"' in form
    assert '<option value="eu_blue_card" selected>' in form
    assert 'value="Mettmann' in form  # the place of work from the case's assessment (AGS 05158024)
    assert f'value="{case.reference}"' in form

    response = client.post(
        f"/willkommensplan/fall/{case.pk}/",
        {
            "title": case.reference,
            "pathway": "eu_blue_card",
            "arrival": entry.isoformat(),
            "start": start.isoformat(),
            "family": "none",
            "german": "A2",
            "work_place": "40822",
        },
    )
    plan = WelcomePlan.unscoped.get()
    assert response.status_code == 302 and response["Location"] == f"/willkommensplan/{plan.pk}/"
    assert (plan.case_id, plan.organisation_id, plan.region_id) == (case.pk, case.employer_id, case.region_id)
    assert ("Willkommensplan angelegt (Ankunft " + f"{entry:%d.%m.%Y})", False) in _entries(case)

    # the adviser ticks a task on the plan's page: it is on the case's timeline, for the employer too
    plan_page = client.get(f"/willkommensplan/{plan.pk}/").content.decode()
    assert f"/faelle/{case.pk}/" in plan_page and "Abhaken" in plan_page
    assert client.post(f"/willkommensplan/{plan.pk}/aufgabe/anmeldung/", {"done": "1"}).status_code == 302
    text, internal = _entries(case)[-1]
    assert text.startswith("Willkommensplan: ") and text.endswith("erledigt") and internal is False

    # the employer sees the plan with its progress and the tick on its own case page, and ticks as well
    log_in(client, world["users"]["employer_a"])
    employer_page = client.get(f"/faelle/{case.pk}/").content.decode()
    assert 'data-testid="case-welcome"' in employer_page and "1 von " in employer_page
    assert "Willkommensplan: " in employer_page
    home = client.get("/start/").content.decode()  # "Mein Bereich"
    assert 'data-testid="welcome-plans"' in home and f"/willkommensplan/{plan.pk}/" in home and "1 von " in home
    client.post(f"/willkommensplan/{plan.pk}/aufgabe/anmeldung/", {"done": "0"})
    assert _entries(case)[-1][0].endswith("wieder offen")


def test_only_who_may_work_on_the_case_makes_its_plan(client, world, case):
    for user in ("adviser_b", "employer_b", "mags"):
        log_in(client, world["users"][user])
        assert client.get(f"/willkommensplan/fall/{case.pk}/").status_code in (403, 404), user
    log_in(client, world["users"]["employer_a"])
    assert client.get(f"/willkommensplan/fall/{case.pk}/").status_code == 200
    client.logout()
    assert client.get(f"/willkommensplan/fall/{case.pk}/").status_code == 302  # to the login


def test_notice_from_the_case_records_its_handover_on_the_case(client, world, case):
    log_in(client, world["users"]["adviser_a"])
    with system_access("test"):
        start = CaseStep.unscoped.get(case=case, key="work_start").planned_on
    form = client.get(f"/willkommensplan/hinweis-45c/?fall={case.pk}").content.decode()
    assert "Metall A GmbH" in form and "Priya Sharma" in form and f'value="{start:%Y-%m-%d}"' in form
    assert 'name="fall"' in form

    data = {
        "fall": str(case.pk),
        "employer_name": "Metall A GmbH",
        "worker_name": "Priya Sharma",
        "work_place": "40822",
        "first_working_day": start.isoformat(),
        "office_contact": "",
    }
    shown = client.post("/willkommensplan/hinweis-45c/", data).content.decode()
    assert "Speichern und Übergabe dokumentieren" in shown  # the case's adviser may save it for the employer
    response = client.post("/willkommensplan/hinweis-45c/", {**data, "action": "save"})
    notice = Notice.unscoped.get()
    assert response["Location"] == f"/willkommensplan/hinweis-45c/{notice.pk}/"
    assert (notice.case_id, notice.organisation_id) == (case.pk, case.employer_id)

    client.post(
        f"/willkommensplan/hinweis-45c/{notice.pk}/",
        {"handed_over_on": "2026-08-03", "handed_over_how": "contract"},
    )
    notice.refresh_from_db()
    assert notice.handed_over_on == dt.date(2026, 8, 3)
    assert (
        "Hinweis nach § 45c AufenthG übergeben am 03.08.2026 (als Anlage zum Arbeitsvertrag)",
        False,
    ) in _entries(case)
    page = client.get(f"/faelle/{case.pk}/").content.decode()
    assert "übergeben am 03.08.2026" in page

    # another region's adviser may neither see nor change it
    log_in(client, world["users"]["adviser_b"])
    assert client.get(f"/willkommensplan/hinweis-45c/{notice.pk}/").status_code == 404
    form = client.get(f"/willkommensplan/hinweis-45c/?fall={case.pk}").content.decode()
    assert 'name="fall"' not in form and "Priya" not in form
