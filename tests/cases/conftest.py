"""Fixtures for case work: an assessment, advice requests and cases in two regions."""

import datetime as dt

import pytest

from lotse.cases import services
from lotse.core.scoping import system_access
from tests.inputs import EMPLOYER_PROFILE

ASSESSMENT_INPUT = EMPLOYER_PROFILE


@pytest.fixture
def assessment():
    from lotse.rules import assess

    return ASSESSMENT_INPUT, assess(ASSESSMENT_INPUT, as_of=dt.date(2026, 3, 2))


def new_advice_request(assessment, *, employer=None, region=None, **fields):
    """An advice request as the navigator sends it (no actor): `assessment` is (input, output), e.g. the
    `assessment` fixture; contact, message and consent in `fields`. Call it with the access the test needs."""
    data, output = assessment
    return services.advice_request_create(
        actor=None,
        employer=employer,
        region=region,
        assessment_input=data,
        assessment_output=output,
        **fields,
    )


def make_case(world, assessment, key="a", opened_on=None, first_name="Priya", last_name="Sharma"):
    employer = world["orgs"][f"employer_{key}"]
    with system_access("test setup"):
        request = new_advice_request(
            assessment,
            employer=employer,
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
