"""News: regional news goes out directly, statewide news only after a second person of FAI NRW approved it."""

import pytest
from django.urls import reverse

from lotse.communication.models import NewsItem
from lotse.communication.services import CommunicationError
from lotse.communication.services import news as services
from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access, visibility_for
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

TEXT = {"title_de": "Neue Checkliste", "summary_de": "Kurz gesagt.", "body_de": "Der ganze Text."}


def statewide(people, world, **extra):
    with visibility_for(people["fai"]):
        return services.news_create(
            actor=people["fai"],
            organisation=world["orgs"]["fai"],
            content=services.NewsContent(scope=NewsItem.Scope.STATEWIDE, **{**TEXT, **extra}),
        )


def regional(people, world, key="a", **extra):
    with visibility_for(people[f"adviser_{key}"]):
        return services.news_create(
            actor=people[f"adviser_{key}"],
            organisation=world["orgs"][f"ra_{key}"],
            content=services.NewsContent(
                scope=NewsItem.Scope.REGIONAL, region=world["regions"][key], **{**TEXT, **extra}
            ),
        )


def test_a_region_publishes_its_own_news_directly(people, world):
    item = regional(people, world)
    with visibility_for(people["adviser_a"]):
        services.news_publish(actor=people["adviser_a"], item=item)
    item.refresh_from_db()
    assert item.status == NewsItem.Status.PUBLISHED and item.published_at
    with system_access("test"):
        assert AuditEntry.objects.filter(action="news.publish", object_id=str(item.pk)).exists()


def test_a_region_writes_regional_news_only_for_its_own_region(people, world):
    with visibility_for(people["adviser_a"]), pytest.raises(CommunicationError):
        services.news_create(
            actor=people["adviser_a"],
            organisation=world["orgs"]["ra_a"],
            content=services.NewsContent(scope=NewsItem.Scope.REGIONAL, region=world["regions"]["b"], **TEXT),
        )


def test_statewide_news_goes_out_only_after_review_by_a_second_person(people, world):
    item = statewide(people, world)
    with visibility_for(people["fai"]):
        with pytest.raises(CommunicationError):
            services.news_publish(actor=people["fai"], item=item)  # no review yet
        services.news_submit(actor=people["fai"], item=item)
        with pytest.raises(CommunicationError):
            services.news_review(actor=people["fai"], item=item, approve=True)  # four eyes: not the author
    with visibility_for(people["fai_admin"]):
        with pytest.raises(CommunicationError):
            services.news_review(actor=people["fai_admin"], item=item, approve=False, note=" ")  # says what to fix
        services.news_review(actor=people["fai_admin"], item=item, approve=True)
    with visibility_for(people["fai"]):
        services.news_publish(actor=people["fai"], item=item)
    item.refresh_from_db()
    assert item.status == NewsItem.Status.PUBLISHED and item.reviewed_by == people["fai_admin"]


def test_a_region_can_submit_statewide_news_but_not_review_or_publish_it(people, world):
    with visibility_for(people["adviser_a"]):
        item = services.news_create(
            actor=people["adviser_a"],
            organisation=world["orgs"]["ra_a"],
            content=services.NewsContent(scope=NewsItem.Scope.STATEWIDE, **TEXT),
        )
        services.news_submit(actor=people["adviser_a"], item=item)
    with visibility_for(people["adviser_b"]), pytest.raises(Exception):  # noqa: B017 (PermissionDenied or 404)
        services.news_review(actor=people["adviser_b"], item=item, approve=True)
    with visibility_for(people["fai"]):
        services.news_review(actor=people["fai"], item=item, approve=False, note="Bitte Quelle nennen.")
    item.refresh_from_db()
    assert item.status == NewsItem.Status.DRAFT and item.review_note == "Bitte Quelle nennen."


def test_drafts_stay_with_their_organisation_and_fai(people, world):
    item = regional(people, world)
    with visibility_for(people["adviser_b"]):
        assert not NewsItem.objects.filter(pk=item.pk).exists()
    with visibility_for(people["fai"]):
        assert NewsItem.objects.filter(pk=item.pk).exists()
    with visibility_for(None):
        assert not NewsItem.objects.filter(pk=item.pk).exists()


def test_public_list_detail_and_rss_show_published_news_only(client, people, world, tags):
    published = regional(people, world, title_de="Öffentlich in A")
    with visibility_for(people["adviser_a"]):
        published.topics.set([tags["pflege"]])
        services.news_publish(actor=people["adviser_a"], item=published)
    draft = regional(people, world, "b", title_de="Noch Entwurf in B")
    page = client.get(reverse("communication:news_list")).content.decode()
    assert "Öffentlich in A" in page and "Noch Entwurf" not in page
    assert client.get(reverse("communication:news_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("communication:news_detail", args=[published.pk])).status_code == 200
    rss = client.get(reverse("communication:news_feed"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert b"\xc3\x96ffentlich in A" in rss.content and b"Noch Entwurf" not in rss.content
    assert b"<category>Pflege</category>" in rss.content
    only_b = client.get(reverse("communication:news_feed") + f"?region={world['regions']['b'].slug}")
    assert b"ffentlich in A" not in only_b.content
    by_topic = client.get(reverse("communication:news_list") + "?thema=anerkennung").content.decode()
    assert "Öffentlich in A" not in by_topic


def test_withdrawn_news_leaves_the_public_site(client, people, world):
    item = regional(people, world)
    with visibility_for(people["adviser_a"]):
        services.news_publish(actor=people["adviser_a"], item=item)
        services.news_withdraw(actor=people["adviser_a"], item=item)
    assert client.get(reverse("communication:news_detail", args=[item.pk])).status_code == 404


def test_the_review_through_the_pages(client, people, world):
    log_in(client, people["fai"])
    response = client.post(
        reverse("communication:news_create"),
        {
            "organisation": world["orgs"]["fai"].pk,
            "scope": "statewide",
            **TEXT,
        },
    )
    assert response.status_code == 302
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    client.post(reverse("communication:news_action", args=[pk, "submit"]))
    assert "Freigeben" not in client.get(reverse("communication:news_edit", args=[pk])).content.decode()
    log_in(client, people["fai_admin"])
    page = client.get(reverse("communication:news_manage")).content.decode()
    assert "Warten auf Ihre Freigabe" in page and "Neue Checkliste" in page
    response = client.post(reverse("communication:news_action", args=[pk, "return"]), {"note": ""}, follow=True)
    assert "was geändert werden soll" in response.content.decode()
    client.post(reverse("communication:news_action", args=[pk, "approve"]), {"note": ""})
    client.post(reverse("communication:news_action", args=[pk, "publish"]))
    assert client.get(reverse("communication:news_detail", args=[pk])).status_code == 200


def test_bad_input_keeps_what_was_typed(client, people, world):
    log_in(client, people["adviser_a"])
    response = client.post(
        reverse("communication:news_create"),
        {
            "scope": "regional",
            "title_de": "Mein Titel",
            "summary_de": "",
            "body_de": "Text",
            "title_en": "Only title",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte korrigieren Sie" in html and 'value="Mein Titel"' in html
    assert "Bitte wählen Sie die Region" in html and "englische Fassung" in html
