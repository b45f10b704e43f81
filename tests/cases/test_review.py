"""The review's gaps: accepting teams, deemed BA approval, re-planning, cross-region duplicates, employer view,
editing, filters and the smaller fixes."""

import datetime as dt

import pytest
from django.urls import reverse

from lotse.accounts.models import Organisation
from lotse.cases import forms, services
from lotse.core.scoping import system_access, visibility_for

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def request_a(world, assessment):
    data, output = assessment
    with system_access("test"):
        return services.advice_request_create(
            actor=None,
            employer=world["orgs"]["employer_a"],
            region=None,
            assessment_input=data,
            assessment_output=output,
            contact_name="Petra",
            contact_email="p@a.example",
        )


# ------------------------------------------------------------------------------------------- 2. accepting team


def test_accept_form_offers_only_own_teams_and_fai(world):
    from lotse.cases.permissions import adviser_teams

    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        form = forms.AcceptForm(teams=adviser_teams(adviser))
        offered = set(form.fields["team"].queryset)
    assert offered == {world["orgs"]["ra_a"], world["orgs"]["fai"]}


def test_accept_refuses_foreign_team_and_region_mismatch(world, request_a):
    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        with pytest.raises(services.CaseRuleError, match="eigenes Team"):
            services.advice_request_accept(
                actor=adviser,
                request=request_a,
                employer=world["orgs"]["employer_a"],
                pathway="eu_blue_card",
                case_type="fast_track_81a",
                team=world["orgs"]["ra_b"],
            )
    with system_access("test"):
        employer_b = Organisation.objects.get(pk=world["orgs"]["employer_b"].pk)
    with visibility_for(adviser):
        with pytest.raises(services.CaseRuleError, match="eigene Region"):
            services.advice_request_accept(
                actor=adviser,
                request=request_a,
                employer=employer_b,
                pathway="eu_blue_card",
                case_type="fast_track_81a",
                team=world["orgs"]["ra_a"],
            )
        # FAI NRW works for all of NRW.
        case = services.advice_request_accept(
            actor=adviser,
            request=request_a,
            employer=employer_b,
            pathway="eu_blue_card",
            case_type="fast_track_81a",
            team=world["orgs"]["fai"],
        )
    assert case.team == world["orgs"]["fai"] and case.region_id == employer_b.region_id


def test_accept_view_rejects_a_foreign_team(client, world, request_a):
    client.force_login(world["users"]["adviser_a"])
    response = client.post(
        reverse("cases:request", args=[request_a.pk]),
        {
            "action": "accept",
            "employer": world["orgs"]["employer_a"].pk,
            "pathway": "eu_blue_card",
            "case_type": "fast_track_81a",
            "team": world["orgs"]["ra_b"].pk,
        },
    )
    assert response.status_code == 200
    assert 'id="id_team"' in response.content.decode() and "error" in response.content.decode()
    with system_access("test"):
        request_a.refresh_from_db()
    assert request_a.status == "new"
