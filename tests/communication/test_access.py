"""Every communication URL × every role: public pages for everybody, the back office for FAI NRW and the
Regionalagenturen only, the newsletter's management for FAI NRW only."""

import datetime as dt

import pytest
from django.urls import reverse

from lotse.communication.models import EditorialEntry, NewsItem, RegionalOffer, TextTemplate
from lotse.core.scoping import system_access
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(world, people):
    with system_access("test setup"):
        orgs, regions = world["orgs"], world["regions"]
        draft_b = NewsItem.objects.create(
            organisation=orgs["ra_b"],
            scope="regional",
            region=regions["b"],
            title_de="Entwurf B",
            summary_de="s",
            body_de="b",
            created_by=people["adviser_b"],
        )
        published = NewsItem.objects.create(
            organisation=orgs["fai"],
            scope="statewide",
            title_de="Öffentlich",
            summary_de="s",
            body_de="b",
            status="published",
            published_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        )
        entry_b = EditorialEntry.objects.create(
            organisation=orgs["ra_b"],
            region=regions["b"],
            title="Plan B",
            format="workshop",
            starts_on=dt.date(2027, 1, 4),
        )
        offer_b = RegionalOffer.objects.create(
            region=regions["b"], organisation=orgs["ra_b"], kind="other", name="Angebot B", description_de="x"
        )
        template_b = TextTemplate.objects.create(
            organisation=orgs["ra_b"], title="Vorlage B", category="other", subject_de="s", body_de="b"
        )
    return {
        "draft_b": draft_b,
        "published": published,
        "entry_b": entry_b,
        "offer_b": offer_b,
        "template_b": template_b,
    }


PUBLIC = ["news_list", "news_feed", "offers_public", "newsletter_subscribe", "newsletter_sent"]


def backoffice(o):
    return {
        "hub": reverse("communication:hub"),
        "news_manage": reverse("communication:news_manage"),
        "news_create": reverse("communication:news_create"),
        "news_edit_b": reverse("communication:news_edit", args=[o["draft_b"].pk]),
        "calendar": reverse("communication:calendar"),
        "entry_create": reverse("communication:entry_create"),
        "entry_edit_b": reverse("communication:entry_edit", args=[o["entry_b"].pk]),
        "offers_manage": reverse("communication:offers_manage"),
        "offer_create": reverse("communication:offer_create"),
        "offer_edit_b": reverse("communication:offer_edit", args=[o["offer_b"].pk]),
        "templates": reverse("communication:templates"),
        "template_create": reverse("communication:template_create"),
        "template_edit_b": reverse("communication:template_edit", args=[o["template_b"].pk]),
        "template_use_b": reverse("communication:template_use", args=[o["template_b"].pk]),
        "newsletter_manage": reverse("communication:newsletter_manage"),
    }


def test_public_pages_are_open_to_everybody(client, objects):
    for name in PUBLIC:
        assert client.get(reverse(f"communication:{name}")).status_code == 200, name
    assert client.get(reverse("communication:news_detail", args=[objects["published"].pk])).status_code == 200
    assert client.get(reverse("communication:news_detail", args=[objects["draft_b"].pk])).status_code == 404


def test_anonymous_users_are_sent_to_the_login(client, objects):
    for name, url in backoffice(objects).items():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


# Expected status per role; missing = 200.
DENIED = dict.fromkeys(
    [
        "hub",
        "news_manage",
        "news_create",
        "news_edit_b",
        "calendar",
        "entry_create",
        "entry_edit_b",
        "offers_manage",
        "offer_create",
        "offer_edit_b",
        "templates",
        "template_create",
        "template_edit_b",
        "template_use_b",
        "newsletter_manage",
    ],
    403,
)
EXPECTED = {
    "fai": {"entry_edit_b": 403, "template_edit_b": 403, "news_edit_b": 403},
    "fai_admin": {"entry_edit_b": 403, "template_edit_b": 403, "news_edit_b": 403},
    "adviser_a": {
        "news_edit_b": 404,
        "entry_edit_b": 403,
        "offer_edit_b": 403,
        "template_edit_b": 403,
        "newsletter_manage": 403,
    },
    "adviser_b": {"newsletter_manage": 403},
    "fai_events": {**DENIED, "hub": 200, "calendar": 200, "entry_create": 200},
    "analyst_a": DENIED,
    "mags": DENIED,
    "employer_a": DENIED,
    "nobody": DENIED,
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_the_back_office_by_role(client, people, objects, who):
    log_in(client, people[who])
    for name, url in backoffice(objects).items():
        expected = EXPECTED[who].get(name, 200)
        status = client.get(url).status_code
        # Denied is 403, or 404 where the scope hides the object itself: never the page.
        assert status == expected or (expected in (403, 404) and status in (403, 404)), (who, name, status)


def test_state_changes_need_the_right_role(client, people, objects):
    url = reverse("communication:news_action", args=[objects["draft_b"].pk, "publish"])
    for who in ("adviser_a", "mags", "employer_a"):
        log_in(client, people[who])
        assert client.post(url).status_code in (403, 404), who
    with system_access("test"):
        assert NewsItem.objects.get(pk=objects["draft_b"].pk).status == "draft"
    log_in(client, people["adviser_b"])
    client.post(url)
    with system_access("test"):
        assert NewsItem.objects.get(pk=objects["draft_b"].pk).status == "published"
