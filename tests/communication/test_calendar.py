"""The shared editorial calendar warns when two organisations plan the same kind of thing in the same week."""

import datetime as dt

import pytest
from django.urls import reverse

from lotse.communication.models import EditorialEntry
from lotse.communication.selectors import calendar_weeks, entry_conflicts
from lotse.communication.services import calendar as services
from lotse.core.scoping import visibility_for
from tests.conftest import log_in

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2027, 3, 1)
Format = EditorialEntry.Format


def plan(people, world, who, org, **fields):
    with visibility_for(people[who]):
        return services.entry_create(
            actor=people[who],
            organisation=world["orgs"][org],
            content=services.EntryContent(
                **{"title": "Vorhaben", "format": Format.EMPLOYER_BREAKFAST, "starts_on": MONDAY, **fields}
            ),
        )


def test_same_format_same_week_in_two_regions_is_a_clash(people, world):
    a = plan(people, world, "adviser_a", "ra_a", starts_on=MONDAY + dt.timedelta(days=1))
    b = plan(people, world, "adviser_b", "ra_b", starts_on=MONDAY + dt.timedelta(days=4))
    with visibility_for(people["adviser_a"]):
        assert entry_conflicts(a) == [b]
        week = next(w for w in calendar_weeks(first=MONDAY, last=MONDAY) if w.monday == MONDAY)
        assert [group for _label, group in week.conflicts] == [[a, b]]


@pytest.mark.parametrize(
    "other",
    [
        {"starts_on": MONDAY + dt.timedelta(days=7)},  # next week
        {"format": Format.PRESS_RELEASE},  # another kind of thing
        {"status": EditorialEntry.Status.CANCELLED},  # called off
    ],
)
def test_no_clash(people, world, other):
    a = plan(people, world, "adviser_a", "ra_a")
    plan(people, world, "adviser_b", "ra_b", **other)
    with visibility_for(people["adviser_a"]):
        assert entry_conflicts(a) == []


def test_a_multi_week_entry_clashes_in_every_week_it_touches(people, world):
    fair = plan(
        people,
        world,
        "fai",
        "fai",
        format=Format.JOB_FAIR,
        starts_on=MONDAY + dt.timedelta(days=5),
        ends_on=MONDAY + dt.timedelta(days=9),
    )
    b = plan(people, world, "adviser_b", "ra_b", format=Format.JOB_FAIR, starts_on=MONDAY + dt.timedelta(days=10))
    with visibility_for(people["fai"]):
        assert entry_conflicts(fair) == [b]


def test_one_organisation_planning_twice_is_no_clash(people, world):
    a = plan(people, world, "adviser_a", "ra_a")
    plan(people, world, "adviser_a", "ra_a", starts_on=MONDAY + dt.timedelta(days=2))
    with visibility_for(people["adviser_a"]):
        assert entry_conflicts(a) == []


def test_saving_warns_and_the_calendar_shows_the_clash(client, people, world):
    plan(people, world, "adviser_b", "ra_b")
    log_in(client, people["adviser_a"])
    response = client.post(
        reverse("communication:entry_create"),
        {
            "title": "Frühstück Mettmann",
            "format": Format.EMPLOYER_BREAKFAST,
            "starts_on": "2027-03-03",
            "status": "planned",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Bitte stimmen Sie sich ab" in html and "RA Münsterland" in html
    assert 'data-testid="calendar-conflict"' in html


def test_the_calendar_is_shared_by_fai_and_the_regions_only(client, people, world):
    entry = plan(people, world, "adviser_b", "ra_b")
    for who, status in (
        ("adviser_a", 200),
        ("fai", 200),
        ("fai_events", 200),
        ("mags", 403),
        ("employer_a", 403),
        ("nobody", 403),
    ):
        log_in(client, people[who])
        assert client.get(reverse("communication:calendar") + "?monat=2027-03").status_code == status, who
    log_in(client, people["adviser_a"])
    assert client.get(reverse("communication:entry_edit", args=[entry.pk])).status_code == 403
    response = client.post(
        reverse("communication:entry_create"),
        {
            "title": "x",
            "format": Format.WORKSHOP,
            "starts_on": "2027-03-05",
            "ends_on": "2027-03-01",
            "status": "planned",
        },
    )
    assert response.status_code == 400 and "Das Ende liegt vor dem Beginn" in response.content.decode()
