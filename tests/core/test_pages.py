"""The footer's pages, the error pages (403, 404, 429, 500, CSRF) in the site's layout and both languages, the
favicon and the consent checkboxes' link to the privacy notice."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import log_in

pytestmark = pytest.mark.django_db

FOOTER = ["imprint", "privacy", "accessibility", "contact"]


@pytest.fixture(autouse=True)
def _german_afterwards():
    yield
    from django.utils import translation

    translation.activate("de")  # an English request leaves English active in this thread


def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize("name", FOOTER)
def test_footer_pages_exist_in_both_languages_and_are_linked_on_every_page(client, name):
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse(name)}"' in home
    page = client.get(reverse(name))
    assert page.status_code == 200
    assert 'rel="icon"' in page.content.decode()
    english_page = english(client).get(reverse(name)).content.decode()
    assert '<html lang="en">' in english_page


def test_privacy_notice_says_what_why_how_long_and_the_rights(client):
    html = client.get(reverse("privacy")).content.decode()
    for words in ("Was wir speichern", "Speicherdauer", "36 Monate", "12 Monate nach Eingang", "Art. 15 DSGVO",
                  "Art. 17 DSGVO", "LDI NRW"):
        assert words in html, words
    html = english(client).get(reverse("privacy")).content.decode()
    assert "What we store" in html and "36 months" in html and "right" in html.lower()


def test_imprint_attributes_the_place_data(client):
    html = client.get(reverse("imprint")).content.decode()
    assert "Statistisches Bundesamt (Destatis)" in html and "dl-de/by-2-0" in html
    assert "OpenStreetMap" in html and "ODbL" in html


def test_accessibility_feedback_is_a_form_that_reaches_the_operator(client, settings, mailoutbox):
    settings.LOTSE_OPERATOR = {**settings.LOTSE_OPERATOR, "email": "barrierefrei@lotse.example"}
    html = client.get(reverse("accessibility")).content.decode()
    assert "BITV" in html and "Feedback" in html and "Ombudsstelle" in html
    empty = client.post(reverse("accessibility"), {"message": ""}).content.decode()
    assert "Bitte beschreiben Sie, welche Barriere Ihnen begegnet ist." in empty and 'id="error-summary"' in empty
    sent = client.post(reverse("accessibility"), {"message": "Der Kalender ist per Tastatur nicht bedienbar.",
                                                  "email": "ich@example.org"})
    assert sent.status_code == 302
    assert mailoutbox[0].to == ["barrierefrei@lotse.example"] and "Tastatur" in mailoutbox[0].body


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")


def test_404_in_the_site_layout_and_the_readers_language_with_a_way_on(client):
    response = client.get("/gibt-es-nicht/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Seite nicht gefunden" in html and 'class="site-header"' in html and "Wie geht es weiter?" in html
    assert f'href="{reverse("find_region")}"' in html
    html = english(client).get("/gibt-es-nicht/").content.decode()
    assert "Page not found" in html and "Seite nicht gefunden" not in html


def test_403_says_who_is_logged_in_and_where_to_go(client, world):
    log_in(client, world["users"]["employer_a"])
    response = client.get(reverse("reporting:dashboard"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Kein Zugriff" in html and "hr@a.example" in html and "site-header" in html
    anonymous = Client().get(reverse("reporting:dashboard"))
    assert anonymous.status_code in (302, 403)


def test_csrf_failure_explains_and_offers_the_way_back(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accessibility"), {"message": "x"}, HTTP_REFERER="http://testserver/barrierefreiheit/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Das Formular konnte nicht gesendet werden" in html and "site-header" in html
    assert 'href="http://testserver/barrierefreiheit/"' in html
    english_client = Client(enforce_csrf_checks=True)
    english_client.cookies["django_language"] = "en"
    html = english_client.post(reverse("accessibility"), {"message": "x"}).content.decode()
    assert "The form could not be sent" in html


def test_429_page(rf):
    from django.contrib.auth.models import AnonymousUser

    from lotse.core.errors import too_many_requests

    request = rf.get("/")
    request.user = AnonymousUser()
    from django.utils import translation

    with translation.override("de"):
        response = too_many_requests(request, retry_after_minutes=30)
    assert response.status_code == 429 and response["Retry-After"] == "1800"
    assert "Zu viele Anfragen" in response.content.decode() and "30 Minuten" in response.content.decode()


def test_500_in_the_readers_language_without_the_request(client, settings):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        html = render_to_string("500.html", {"request_id": "abc123"})
    assert '<html lang="en">' in html and "Something went wrong on our side" in html and "abc123" in html
    with translation.override("de"):
        assert "Da ist bei uns etwas schiefgegangen" in render_to_string("500.html")


def test_consent_checkboxes_link_the_privacy_notice():
    from pathlib import Path

    import lotse

    root = Path(lotse.__file__).parent
    for template in (
        "templates/events/register.html",
        "communication/templates/communication/newsletter_subscribe.html",
        "templates/navigator/advice.html",
    ):
        assert "{% url 'privacy' %}" in (root / template).read_text(), template


def test_analyst_start_page_says_what_can_be_done_today(client, world):
    log_in(client, world["users"]["mags"])
    html = client.get(reverse("start")).content.decode()
    assert "Was Sie heute tun können" in html and f'href="{reverse("reporting:dashboard")}"' in html
    assert "Quartalsbericht" in html
    html = english(client).get(reverse("start")).content.decode()
    assert "What you can do today" in html and "Was Sie heute" not in html
