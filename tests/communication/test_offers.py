"""Regional offers: each Regionalagentur keeps its own, FAI NRW all; the region finder shows them."""

import pytest
from django.urls import reverse

from lotse.communication.models import RegionalOffer
from lotse.communication.services import offers as services
from lotse.core.scoping import system_access, visibility_for
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def offer(people, world, key="a", **fields):
    with visibility_for(people[f"adviser_{key}"]):
        return services.offer_create(
            actor=people[f"adviser_{key}"],
            region=world["regions"][key],
            content=services.OfferContent(
                **{
                    "kind": "welcome_center",
                    "name": f"Welcome Center {key.upper()}",
                    "description_de": "Hilfe vor Ort.",
                    "active": True,
                    **fields,
                }
            ),
        )


def test_a_region_keeps_only_its_own_offers(client, people, world):
    own = offer(people, world)
    foreign = offer(people, world, "b")
    log_in(client, people["adviser_a"])
    page = client.get(reverse("communication:offers_manage")).content.decode()
    assert "Welcome Center A" in page and "Welcome Center B" not in page
    assert client.get(reverse("communication:offer_edit", args=[foreign.pk])).status_code == 403
    assert client.get(reverse("communication:offer_edit", args=[own.pk])).status_code == 200
    response = client.post(
        reverse("communication:offer_create"),
        {
            "region": world["regions"]["b"].pk,
            "kind": "language_course",
            "name": "Fremd",
            "description_de": "x",
        },
    )
    assert response.status_code == 400  # not a choice for region A's team
    log_in(client, people["fai"])
    assert client.get(reverse("communication:offer_edit", args=[foreign.pk])).status_code == 200


def test_the_region_finder_shows_the_offers_of_the_region(client, people, world, small_gemeinden):
    offer(people, world, url="https://example.org/wc")
    offer(people, world, name="Alter Kurs", kind="language_course", active=False)
    page = client.get(reverse("find_region") + "?q=40822").content.decode()  # Mettmann: region A
    assert "Angebote in der Region" in page and "Welcome Center A" in page and "Alter Kurs" not in page
    assert "https://example.org/wc" in page


def test_the_include_takes_a_region_or_its_id_and_kinds(people, world):
    from django.template import Context, Template

    offer(people, world)
    offer(people, world, name="Kurs A", kind="language_course")
    template = Template('{% load communication %}{% regional_offers region kinds="language_course" %}')
    with system_access("test render"):
        html = template.render(Context({"region": world["regions"]["a"].pk}))
        assert "Kurs A" in html and "Welcome Center A" not in html
        assert Template("{% load communication %}{% regional_offers None %}").render(Context()).strip() == ""


def test_public_directory(client, people, world):
    offer(people, world)
    page = client.get(reverse("communication:offers_public") + f"?region={world['regions']['a'].slug}")
    assert "Welcome Center A" in page.content.decode()
    with system_access("test"):
        assert RegionalOffer.objects.count() == 1
