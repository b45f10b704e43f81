"""Steps of a case: shown in date order, planned dates in the past flagged, and a recognition partnership
(§ 16d Abs. 3 AufenthG) never plans the recognition before the entry."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from lotse.cases import config, selectors, services
from lotse.cases.models import Case, CaseStep
from lotse.core.scoping import system_access
from tests.cases.conftest import make_case
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

D = dt.date


def steps_of(case, on):
    with system_access("test"):
        fresh = Case.objects.get(pk=case.pk)
        return selectors.case_overview(case=fresh, on=on)["steps"]


def test_steps_are_listed_in_date_order(world, cases):
    steps = steps_of(cases["a"], D(2026, 3, 2))
    days = [step.day for step in steps]
    assert days == sorted(days)
    keys = [step.key for step in steps]
    # fast_track_81a plans work start (day 150) before the residence permit (day 180), unlike its position.
    assert keys.index("work_start") < keys.index("residence_permit")


def test_planned_dates_in_the_past_are_flagged(client, world, cases):
    steps = steps_of(cases["a"], D(2026, 3, 20))  # opened 2 March: recognition and ZAB were planned that day
    late = {step.key for step in steps if step.late}
    assert {"recognition", "agreement_81a"} <= late and "entry" not in late
    html = render_to_string("cases/_step_list.html", {"steps": steps})
    assert 'data-step="recognition" data-late' in html and "Termin überschritten" in html
    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("cases:detail", args=[cases["a"].pk])).content.decode()
    assert "Termin überschritten" in page  # the case was opened in March 2026: its first steps are late


@pytest.mark.parametrize("case_type", ["recognition_partnership", "fast_track_81a", "regular_visa"])
def test_recognition_partnership_plans_recognition_after_entry(world, assessment, case_type):
    offsets = config.step_offsets(case_type, "recognition_partnership")
    for key in ("recognition", "zab_statement", "recognition_application"):
        if key in offsets:
            assert offsets[key] > offsets["entry"], (case_type, key)
    # Other pathways keep the plan of their type (recognition first).
    assert config.step_offsets("fast_track_81a", "eu_blue_card")["recognition"] == 0


def test_recognition_partnership_case_is_planned_so(world, assessment):
    assert config.default_case_type("recognition_partnership") == "recognition_partnership"
    case = make_case(world, assessment)
    with system_access("test"):
        services.case_update(
            actor=world["users"]["adviser_a"],
            case=case,
            expected_version=Case.objects.get(pk=case.pk).version,
            pathway="recognition_partnership",
        )
        planned = dict(CaseStep.objects.filter(case=case).values_list("key", "planned_on"))
    assert planned["recognition"] > planned["entry"]  # re-planned when the pathway changed
