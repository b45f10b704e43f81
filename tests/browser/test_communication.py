"""Communication in Chromium, axe-clean on every page: an FAI editor's statewide news goes out after a second person
reviewed it; a reader subscribes, confirms and receives the digest sent by the database worker."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from lotse.accounts.models import Membership, Organisation, User
from lotse.core.scoping import system_access
from tests.browser.conftest import check_axe, log_in, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def editors(reference_data):
    with system_access("test setup"):
        fai = Organisation.objects.create(name="NRW Fachkräfteagentur International (FAI NRW)", kind="fai")
    people = {}
    for key, role, name in (("editor", "adviser", "Fatma Yilmaz"), ("reviewer", "admin", "Anna Admin")):
        user = User.objects.create_user(email=f"{key}@fai.example", password=PASSWORD, full_name=name)
        Membership.objects.create(user=user, organisation=fai, role=role)
        people[key] = user
    return people


def test_statewide_news_is_published_after_review(page, editors):
    log_in(page, "editor@fai.example")
    page.get_by_role("link", name="Kommunikation").click()
    check_axe(page, "communication hub")
    page.get_by_role("link", name="Nachrichten", exact=True).first.click()
    page.get_by_role("link", name="Neue Nachricht").click()
    page.get_by_role("button", name="Entwurf speichern").click()  # empty: errors, nothing lost
    expect(page.get_by_role("alert").first).to_be_visible()
    check_axe(page, "news form with errors")
    page.get_by_label("landesweit (FAI NRW, mit Freigabe)").check()
    page.get_by_label("Überschrift (Deutsch)").fill("Neue Checkliste zum § 81a-Verfahren")
    page.get_by_label("Kurzfassung (Deutsch)").fill("Was Unternehmen für das beschleunigte Verfahren vorbereiten.")
    page.get_by_label("Text (Deutsch)", exact=True).fill("Vollmacht, Unterlagen, Fristen – Schritt für Schritt.")
    page.get_by_role("button", name="Entwurf speichern").click()
    page.get_by_role("button", name="Zur Freigabe an FAI NRW").click()
    assert "in Prüfung" in page.get_by_test_id("news-status").inner_text()
    assert page.get_by_role("button", name="Freigeben").count() == 0  # not by the author
    screenshot(page, "communication-news-in-review")

    log_in(page, "reviewer@fai.example")
    page.goto("/kommunikation/nachrichten/")
    check_axe(page, "news list with the review queue")
    page.get_by_role("link", name="Neue Checkliste zum § 81a-Verfahren").first.click()
    check_axe(page, "review of a news item")
    page.get_by_role("button", name="Freigeben").click()
    assert "freigegeben" in page.get_by_test_id("news-status").inner_text()

    log_in(page, "editor@fai.example")
    page.goto("/kommunikation/nachrichten/")
    page.get_by_role("link", name="Neue Checkliste zum § 81a-Verfahren").first.click()
    page.get_by_role("button", name="Veröffentlichen").click()
    assert "veröffentlicht" in page.get_by_test_id("news-status").inner_text()
    page.context.clear_cookies()
    page.goto("/aktuelles/")
    page.get_by_role("link", name="Neue Checkliste zum § 81a-Verfahren").click()
    expect(page.get_by_role("heading", name="Neue Checkliste zum § 81a-Verfahren")).to_be_visible()
    check_axe(page, "published news item")
    screenshot(page, "communication-news-published")
    rss = page.request.get("/aktuelles/feed.rss")
    assert rss.ok and "Neue Checkliste" in rss.text()


def test_a_reader_subscribes_confirms_and_receives_the_digest(page, editors, settings):
    from lotse.communication.services import news
    from lotse.communication.services.newsletter import digest_create

    page.goto("/newsletter/")
    check_axe(page, "newsletter form")
    page.get_by_label("E-Mail-Adresse", exact=True).fill("leserin@example.org")
    page.get_by_label("Münsterland").check()
    page.get_by_role("button", name="Anmelden").last.click()
    consent_missing = page.get_by_text("Ohne Ihre Einwilligung können wir Ihnen den Newsletter nicht schicken.")
    expect(consent_missing.first).to_be_visible()
    assert page.get_by_label("E-Mail-Adresse", exact=True).input_value() == "leserin@example.org"  # nothing lost
    check_axe(page, "newsletter form with an error")
    page.get_by_label(re.compile("Ich möchte den Newsletter")).check()
    page.get_by_role("button", name="Anmelden").last.click()
    expect(page.get_by_role("heading", name="Bitte bestätigen Sie Ihre Anmeldung")).to_be_visible()
    confirm = re.search(r"http://\S+/newsletter/bestaetigen/\S+/", mail.outbox[-1].body).group(0)
    page.goto("/newsletter/" + confirm.split("/newsletter/", 1)[1])
    check_axe(page, "newsletter confirmation")
    page.get_by_role("button", name="Ja, Newsletter bestätigen").click()
    expect(page.get_by_role("heading", name="Anmeldung bestätigt")).to_be_visible()
    screenshot(page, "communication-newsletter-confirmed")

    with system_access("test"):
        item = news.news_create(
            actor=editors["editor"],
            organisation=editors["editor"].memberships.get().organisation,
            content=news.NewsContent(
                scope="statewide", title_de="Landesweit: neue Förderung", summary_de="Kurz.", body_de="Text."
            ),
        )
        item.status, item.published_at = "published", item.created_at
        item.save()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail.outbox.clear()
    digest_create(actor=editors["reviewer"])
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    [digest] = [m for m in mail.outbox if m.to == ["leserin@example.org"]]
    assert "Landesweit: neue Förderung" in digest.body
    unsubscribe = re.search(r"http://\S+/newsletter/abmelden/\S+/", digest.body).group(0)
    page.goto("/newsletter/" + unsubscribe.split("/newsletter/", 1)[1])
    check_axe(page, "unsubscribe page")
    page.get_by_role("button", name="Abmelden").last.click()
    expect(page.get_by_role("heading", name="Sie sind abgemeldet")).to_be_visible()
