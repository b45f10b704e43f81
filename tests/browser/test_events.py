"""Workshops in a real Chromium: an organiser creates a co-organised event, guests register and confirm, the event
fills, the waiting list moves on a cancellation, the offer is accepted, the reminder goes out through the worker,
check-in and certificate work. axe-clean on every page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from lotse.accounts.models import Membership, Organisation, User
from lotse.core.scoping import system_access
from lotse.events.models import Event, Registration
from tests.browser.conftest import check_axe, log_in, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def organiser(world):
    with system_access("test setup"):
        chamber = Organisation.objects.create(name="IHK Düsseldorf", kind=Organisation.Kind.KAMMER)
    user = User.objects.create_user(email="events@ihk.example", password=PASSWORD, full_name="Eva Becker")
    Membership.objects.create(user=user, organisation=chamber, role=Membership.Role.EVENT_MANAGER)
    return user


def path_in(message, pattern: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
    assert match, message.body
    return match.group(1)


def register(page, event_pk: int, name: str, email: str, *, axe: bool = False) -> None:
    page.goto(f"/workshops/{event_pk}/anmelden/")
    if axe:
        check_axe(page, "registration-form")
        screenshot(page, "events-registration-form")
    page.get_by_label("Vor- und Nachname").fill(name)
    page.get_by_label("Unternehmen oder Organisation").fill(f"{name} GmbH")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Verbindlich anmelden").click()
    page.wait_for_url("**/workshops/anmeldung/**")


def confirm_from_mail(page, email: str, *, axe: bool = False) -> None:
    optin = [m for m in mail.outbox if m.to == [email] and "bestätigen" in m.subject][-1]
    page.goto(path_in(optin, r"/workshops/anmeldung/[\w-]+/bestaetigen/"))
    if axe:
        check_axe(page, "registration-confirm")
        screenshot(page, "events-registration-confirm")
    page.get_by_role("button", name="E-Mail-Adresse bestätigen").click()
    page.wait_for_url(re.compile(r".*/workshops/anmeldung/[\w-]+/$"))


def test_workshop_lifecycle(page, organiser, world):
    # 1. The organiser creates an event co-organised by the IHK and FAI NRW.
    log_in(page, "events@ihk.example")
    page.goto("/workshops/verwaltung/neu/")
    check_axe(page, "event-create")
    page.get_by_role("button", name="Speichern").click()  # empty: messages next to the fields, nothing stored
    expect(page.locator("#id_title_de-error")).to_be_visible()
    page.get_by_label("Titel (Deutsch)").fill("Beschleunigtes Fachkräfteverfahren in Mettmann")
    page.get_by_label("Beschreibung (Deutsch)").fill("Praxisworkshop zu § 81a AufenthG mit der Ausländerbehörde.")
    page.get_by_label("IHK Düsseldorf").check()
    page.get_by_label("FAI NRW").check()
    page.get_by_label("landesweit").check()
    page.get_by_label("Präsenz").check()
    page.locator("#id_city").fill("Mettmann")
    start = timezone.localtime(timezone.now() + timedelta(hours=30)).replace(second=0, microsecond=0)
    page.get_by_label("Beginn des ersten Termins").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ende des ersten Termins").fill((start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_capacity").fill("1")
    check_axe(page, "event-create-errors")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r".*/workshops/verwaltung/\d+/$"))
    event_pk = int(re.search(r"/verwaltung/(\d+)/", page.url).group(1))
    page.get_by_role("button", name="Veröffentlichen").click()
    assert page.get_by_test_id("event-status").inner_text() == "Veröffentlicht"
    check_axe(page, "event-manage")
    with system_access("test"):
        event = Event.objects.get(pk=event_pk)
        assert set(event.organisers.values_list("name", flat=True)) == {"IHK Düsseldorf", "FAI NRW"}

    # 2. A guest finds it in the public listing and registers with double opt-in.
    guest = page.context.browser.new_context(base_url=page.url.split("/workshops")[0], locale="de-DE")
    g = guest.new_page()
    g.goto("/workshops/")
    check_axe(g, "event-list")
    g.get_by_role("link", name="Beschleunigtes Fachkräfteverfahren in Mettmann").click()
    assert g.get_by_test_id("places-left").inner_text() == "1 von 1"
    check_axe(g, "event-detail")
    register(g, event_pk, "Petra Lange", "petra@metallbau.example", axe=True)
    check_axe(g, "registration-unconfirmed")
    confirm_from_mail(g, "petra@metallbau.example", axe=True)
    assert "bestätigt" in g.get_by_test_id("registration-status").inner_text()
    check_axe(g, "registration-confirmed")
    screenshot(g, "events-registration-confirmed")
    petra_url = g.url

    # 3. The event is full: the next registrant lands on the waiting list.
    g.goto(f"/workshops/{event_pk}/")
    assert "ausgebucht" in g.get_by_test_id("places-left").inner_text()
    check_axe(g, "event-full")
    screenshot(g, "events-event-full")
    register(g, event_pk, "Jonas Hoffmann", "jonas@pflege.example")
    confirm_from_mail(g, "jonas@pflege.example")
    assert "Warteliste" in g.get_by_test_id("registration-status").inner_text()
    check_axe(g, "registration-waitlisted")
    jonas_url = g.url

    # 4. Petra cancels: Jonas automatically gets a time-limited offer by e-mail and accepts it.
    g.goto(petra_url)
    g.get_by_role("button", name="Anmeldung stornieren").click()
    consequences = g.get_by_test_id("consequences").inner_text()  # asked first: what happens
    assert "Ihr Platz wird frei" in consequences
    check_axe(g, "registration-cancel-confirm")
    screenshot(g, "events-registration-cancel-confirm")
    g.get_by_role("button", name="Ja, Anmeldung stornieren").click()
    assert "storniert" in g.get_by_test_id("registration-status").inner_text()
    check_axe(g, "registration-cancelled")
    screenshot(g, "events-registration-cancelled")
    offer = [m for m in mail.outbox if m.to == ["jonas@pflege.example"] and "frei geworden" in m.subject]
    assert offer, [m.subject for m in mail.outbox]
    g.goto(jonas_url)
    assert "angeboten" in g.get_by_test_id("registration-status").inner_text()
    check_axe(g, "registration-offered")
    g.get_by_role("button", name="Platz annehmen").click()
    assert "bestätigt" in g.get_by_test_id("registration-status").inner_text()
    check_axe(g, "registration-accepted")
    screenshot(g, "events-registration-accepted")

    # 5. The organiser adds a reminder 2 days before; the database worker sends it (check the outbox).
    page.goto(f"/workshops/verwaltung/{event_pk}/regel/")
    check_axe(page, "rule-create")
    page.get_by_label("Zeitpunkt").select_option("before_start")
    page.get_by_label("Abstand in Stunden").fill("48")
    page.get_by_label("Empfänger").select_option("confirmed")
    page.get_by_label("Betreff", exact=True).fill("Erinnerung: Workshop in Mettmann")
    page.get_by_label("Text", exact=True).fill("Wir freuen uns auf Sie. Bitte bringen Sie Ihre Fragen mit.")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url(re.compile(r".*/workshops/verwaltung/\d+/$"))
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    reminders = [m for m in mail.outbox if m.subject == "Erinnerung: Workshop in Mettmann"]
    assert [m.to for m in reminders] == [["jonas@pflege.example"]]
    assert reminders[0].attachments[0][0] == "termin.ics"

    # 6. Check-in with search, printable list, and the certificate for the attendee only.
    page.get_by_role("link", name=re.compile(r"^Anwesenheit")).first.click()
    page.get_by_label("Name, Unternehmen oder E-Mail suchen").fill("Hoffmann")
    page.get_by_role("button", name="Suchen").click()
    check_axe(page, "attendance")
    page.get_by_role("button", name=re.compile("Einchecken")).click()
    expect(page.get_by_role("button", name=re.compile("Check-in zurücknehmen"))).to_be_visible()
    check_axe(page, "attendance-checked-in")
    screenshot(page, "events-attendance")
    pdf = page.request.get(page.get_by_role("link", name="Teilnehmerliste (PDF)").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    g.goto(jonas_url)
    certificate = g.get_by_role("link", name="Teilnahmebescheinigung (PDF)")
    response = g.request.get(certificate.get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
    check_axe(g, "registration-attended")
    with system_access("test"):
        petra = Registration.objects.get(email="petra@metallbau.example")
    assert g.request.get(f"/workshops/anmeldung/{petra.token}/teilnahmebescheinigung.pdf").status == 404
    page.goto(f"/workshops/verwaltung/{event_pk}/")
    assert page.get_by_test_id("stat-attended").inner_text() == "1"
    screenshot(page, "events-manage")
    page.goto("/workshops/verwaltung/statistik/")
    assert page.get_by_test_id("stat-attended").inner_text() == "1"
    check_axe(page, "statistics")
    screenshot(page, "events-statistics")
    guest.close()
