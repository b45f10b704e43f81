"""Fixtures for case work: an assessment, advice requests and cases in two regions."""

import datetime as dt

import pytest

from lotse.cases import services
from lotse.core.scoping import system_access

ASSESSMENT_INPUT = {
    "candidate": {
        "citizenship": "IN",
        "age": 29,
        "residence": "abroad",
        "qualification": {
            "level": "academic",
            "duration_years": 4,
            "state_recognised_abroad": True,
            "german_recognition": "full",
            "profession": "software_developer",
        },
        "languages": {"german": "A2", "english": "B2"},
    },
    "job": {
        "kind": "employment",
        "isco": "2512",
        "annual_gross_salary_eur": 52000,
        "weekly_hours": 40,
        "qualified": True,
        "matches_qualification": True,
        "municipality_ags": "05158024",
    },
}


@pytest.fixture
def assessment():
    from lotse.rules import assess

    return ASSESSMENT_INPUT, assess(ASSESSMENT_INPUT, as_of=dt.date(2026, 3, 2))


def make_case(world, assessment, key="a", opened_on=None, first_name="Priya", last_name="Sharma"):
    data, output = assessment
    employer = world["orgs"][f"employer_{key}"]
    with system_access("test setup"):
        request = services.advice_request_create(
            actor=None,
            employer=employer,
            region=None,
            assessment_input=data,
            assessment_output=output,
            contact_name="Petra Lange",
            contact_email=f"hr@{key}.example",
            message="Bitte um Beratung",
            candidate_consent=True,
        )
        case = services.advice_request_accept(
            actor=world["users"][f"adviser_{key}"],
            request=request,
            employer=employer,
            pathway="eu_blue_card",
            case_type="fast_track_81a",
            team=world["orgs"][f"ra_{key}"],
            candidate_first_name=first_name,
            candidate_last_name=last_name,
            opened_on=opened_on or dt.date(2026, 3, 2),
        )
    return case


@pytest.fixture
def cases(world, assessment):
    """One case per region (A: Düsseldorf/Mettmann, B: Münsterland)."""
    return {
        "a": make_case(world, assessment, "a"),
        "b": make_case(world, assessment, "b", first_name="Ana", last_name="Kovač"),
    }
