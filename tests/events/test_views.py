"""Pages through Django's test client: listing with filters, iCal, registration form errors, back office."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from lotse.core.scoping import system_access
from lotse.events import services
from lotse.events.models import Event, Registration, Session, Tag
from tests.conftest import PASSWORD, log_in
from tests.pdfs import assert_tagged_pdf

pytestmark = pytest.mark.django_db


def session_of(event):
    with system_access("test"):
        return Session.objects.get(event=event)


def test_public_listing_filters_and_feed(client, make_event, world):
    with system_access("test"):
        tag = Tag.objects.create(slug="anerkennung", name_de="Anerkennung")
    event = make_event(title_de="Anerkennung in Mettmann")
    event.tags.add(tag)
    make_event(title_de="Webinar Pflege", format=Event.Format.ONLINE, online_url="https://meet.example/geheim",
               city="")
    make_event(title_de="Entwurf intern", publish=False)
    page = client.get("/workshops/").content.decode()
    assert "Anerkennung in Mettmann" in page and "Webinar Pflege" in page
    assert "Entwurf intern" not in page
    page = client.get("/workshops/?topic=anerkennung").content.decode()
    assert "Anerkennung in Mettmann" in page and "Webinar Pflege" not in page
    page = client.get("/workshops/?format=online").content.decode()
    assert "Webinar Pflege" in page and "Anerkennung in Mettmann" not in page
    page = client.get("/workshops/?region=muensterland").content.decode()
    assert "Anerkennung in Mettmann" not in page
    far = (timezone.now() + timedelta(days=60)).date().isoformat()
    assert "Anerkennung in Mettmann" not in client.get(f"/workshops/?date_from={far}").content.decode()
    feed = client.get("/workshops/kalender.ics?format=online")
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert body.count("BEGIN:VEVENT") == 1 and "Webinar Pflege" in body
    assert "meet.example" not in body  # the link is only for confirmed participants
    assert 'href="/workshops/kalender.ics?format=online"' in client.get("/workshops/?format=online").content.decode()


def test_event_page_shows_remaining_places_and_ics(client, make_event, register):
    event = make_event(capacity=3)
    register(event, "a@x.example")
    page = client.get(f"/workshops/{event.pk}/").content.decode()
    assert "2 von 3" in page
    ics = client.get(f"/workshops/{event.pk}/kalender.ics")
    assert b"BEGIN:VEVENT" in ics.content


def test_draft_is_not_public(client, make_event):
    draft = make_event(publish=False)
    assert client.get(f"/workshops/{draft.pk}/").status_code == 404


def _form(event, **overrides):
    data = {"session": session_of(event).pk, "name": "Petra Lange", "company": "Mettmanner Metallbau GmbH",
            "email": "petra@metallbau.example", "places": "1", "privacy": "on", "accessibility_needs": ""}
    data.update(overrides)
    return data


def test_guest_registers_through_the_form(client, make_event):
    event = make_event(capacity=1, questions=["Welche Berufe suchen Sie?"])
    response = client.post(f"/workshops/{event.pk}/anmelden/", _form(event, question_0="Schweißer"))
    assert response.status_code == 302
    assert response["Lotse-Registration-Status"] == "unconfirmed"
    with system_access("test"):
        registration = Registration.objects.get()
    assert registration.answers == {"Welche Berufe suchen Sie?": "Schweißer"}
    confirm_path = f"/workshops/anmeldung/{registration.token}/bestaetigen/"
    assert confirm_path in mail.outbox[-1].body
    assert client.get(confirm_path).status_code == 200
    response = client.post(confirm_path)
    assert response["Lotse-Registration-Status"] == "confirmed"
    page = client.get(f"/workshops/anmeldung/{registration.token}/").content.decode()
    assert "bestätigt" in page


def test_double_registration_message_next_to_field(client, make_event):
    event = make_event(capacity=5)
    client.post(f"/workshops/{event.pk}/anmelden/", _form(event))
    response = client.post(f"/workshops/{event.pk}/anmelden/", _form(event, name="Nochmal"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_email-error"' in html and "bereits eine Anmeldung" in html
    assert 'value="Nochmal"' in html  # nothing typed is lost
    assert session_of(event).places_taken == 1


def test_bounce_message_next_to_field(client, make_event, settings):
    settings.EMAIL_BACKEND = "tests.events.bouncing.BouncingBackend"
    event = make_event(capacity=5)
    response = client.post(f"/workshops/{event.pk}/anmelden/", _form(event, email="x@bounce.invalid"))
    assert response.status_code == 400
    assert "konnte keine Nachricht zugestellt" in response.content.decode()
    with system_access("test"):
        assert Registration.objects.count() == 0


def test_unknown_token_is_404(client, db):
    assert client.get("/workshops/anmeldung/nichtgeraten/").status_code == 404


def test_organiser_creates_event_with_bad_input_and_then_good(client, ihk, world):
    log_in(client, "events@ihk.example")
    past = (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "title_de": "Infoabend ZFE NRW", "organisers": [ihk["org"].pk, world["orgs"]["fai"].pk],
        "statewide": "on", "format": "in_person", "language": "de", "city": "Düsseldorf",
        "max_places_per_company": "3", "offer_hours": "24", "retention_days": "90",
        "starts_at": past, "ends_at": past, "capacity": "20",
    }
    response = client.post("/workshops/verwaltung/neu/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vergangenheit" in html and 'value="Infoabend ZFE NRW"' in html
    with system_access("test"):
        assert Event.objects.count() == 0
    start = timezone.localtime(timezone.now() + timedelta(days=5))
    data.update(starts_at=start.strftime("%Y-%m-%dT%H:%M"),
                ends_at=(start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    response = client.post("/workshops/verwaltung/neu/", data)
    assert response.status_code == 302
    with system_access("test"):
        event = Event.objects.get()
        assert set(event.organisers.values_list("name", flat=True)) == {"IHK Düsseldorf", "FAI NRW"}
    assert client.post(f"/workshops/verwaltung/{event.pk}/veroeffentlichen/").status_code == 302
    assert "Infoabend ZFE NRW" in client.get("/workshops/").content.decode()


def test_capacity_below_taken_is_refused(client, make_event, register):
    event = make_event(capacity=3)
    register(event, "a@x.example")
    register(event, "b@x.example", places=2)
    log_in(client, "events@ihk.example")
    session = session_of(event)
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    response = client.post(f"/workshops/verwaltung/termine/{session.pk}/bearbeiten/", {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": end.strftime("%Y-%m-%dT%H:%M"), "capacity": "2"})
    assert response.status_code == 400
    assert "bereits 3 Plätze vergeben" in response.content.decode()
    assert session_of(event).capacity == 3


def test_raising_capacity_offers_places_to_waiting_list(client, make_event, register):
    event = make_event(capacity=1)
    register(event, "a@x.example")
    waiting = register(event, "b@x.example")
    log_in(client, "events@ihk.example")
    session = session_of(event)
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    with pytest.MonkeyPatch.context():
        response = client.post(f"/workshops/verwaltung/termine/{session.pk}/bearbeiten/", {
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"), "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
            "capacity": "2"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.OFFERED


def test_registrations_only_for_organiser_members(client, make_event, register, world):
    event = make_event(capacity=3)
    register(event, "secret.person@x.example", name="Geheime Person")
    # FAI NRW co-organises: its adviser sees; the Regionalagentur (not an organiser) does not.
    log_in(client, "a@test.example")
    assert client.get(f"/workshops/verwaltung/{event.pk}/").status_code == 403
    assert client.get(f"/workshops/verwaltung/{event.pk}/export.csv").status_code == 403
    client.logout()
    assert client.get(f"/workshops/verwaltung/{event.pk}/").status_code == 302  # to login
    log_in(client, "events@ihk.example")
    assert "Geheime Person" in client.get(f"/workshops/verwaltung/{event.pk}/").content.decode()


def test_scoped_manager_hides_registrations_from_non_organisers(make_event, register, world, ihk):
    from lotse.core.scoping import visibility_for

    event = make_event(capacity=3)
    register(event, "a@x.example")
    with visibility_for(world["users"]["adviser_a"]):
        assert Registration.objects.count() == 0
    with visibility_for(world["users"]["employer_a"]):
        assert Registration.objects.count() == 0
    with visibility_for(ihk["user"]):
        assert Registration.objects.count() == 1
    with visibility_for(world["users"]["fai"]):  # FAI NRW is a co-organiser of this event
        assert Registration.objects.count() == 1


def test_exports_csv_and_xlsx(client, make_event, register):
    event = make_event(capacity=3)
    register(event, "a@x.example", name="=HYPERLINK(evil)", company="Metall A")
    log_in(client, "events@ihk.example")
    csv_body = client.get(f"/workshops/verwaltung/{event.pk}/export.csv").content.decode("utf-8-sig")
    assert csv_body.splitlines()[0].startswith("Termin;Name;Unternehmen")
    assert "'=HYPERLINK(evil)" in csv_body
    xlsx = client.get(f"/workshops/verwaltung/{event.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["C2"].value == "Metall A"
    assert sheet["I2"].value == "nein"


def test_attendance_pdf_search_checkin_and_certificate(client, make_event, register):
    event = make_event(capacity=3)
    anna = register(event, "anna@x.example", name="Anna Arslan")
    register(event, "bernd@x.example", name="Bernd Bauer")
    session = session_of(event)
    # No certificate before attendance.
    assert client.get(f"/workshops/anmeldung/{anna.token}/teilnahmebescheinigung.pdf").status_code == 404
    log_in(client, "events@ihk.example")
    page = client.get(f"/workshops/verwaltung/termine/{session.pk}/anwesenheit/?q=arslan").content.decode()
    assert "Anna Arslan" in page and "Bernd Bauer" not in page
    client.post(f"/workshops/verwaltung/anmeldungen/{anna.pk}/checkin/")
    anna.refresh_from_db()
    assert anna.attended
    pdf = client.get(f"/workshops/verwaltung/termine/{session.pk}/teilnehmerliste.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert_tagged_pdf(pdf.content, lang="de", title="Teilnehmerliste", texts=("Anna Arslan",))
    client.logout()
    certificate = client.get(f"/workshops/anmeldung/{anna.token}/teilnahmebescheinigung.pdf")
    assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF")
    assert_tagged_pdf(certificate.content, lang="de", title="Teilnahmebescheinigung", texts=("Anna Arslan",))
    stats = client.get(f"/workshops/verwaltung/{event.pk}/")
    assert stats.status_code == 302  # logged out


def test_copy_event(client, make_event):
    event = make_event()
    log_in(client, "events@ihk.example")
    response = client.post(f"/workshops/verwaltung/{event.pk}/kopieren/")
    assert response.status_code == 302
    with system_access("test"):
        copy = Event.objects.exclude(pk=event.pk).get()
        assert copy.status == Event.Status.DRAFT and copy.organisers.count() == 2
        assert not copy.sessions.exists()


def test_statistics_by_region_and_no_show(make_event, register, ihk, world):
    from lotse.core.scoping import visibility_for
    from lotse.events import selectors

    event = make_event(capacity=5, starts_in=timedelta(days=1))
    a = register(event, "a@x.example")
    register(event, "b@x.example")
    with system_access("test"):
        Registration.objects.filter(pk=a.pk).update(region=world["regions"]["a"], sector="pflege")
        Session.objects.filter(event=event).update(starts_at=timezone.now() - timedelta(hours=3),
                                                   ends_at=timezone.now() - timedelta(hours=1))
    a.refresh_from_db()
    services.registration_check_in(actor=ihk["user"], registration=a)
    with visibility_for(ihk["user"]):
        stats = selectors.event_statistics(event=event)
    assert stats["registered"] == 2 and stats["attended"] == 1 and stats["no_show_rate"] == 50
    assert {"region__name": world["regions"]["a"].name, "people": 1, "attended": 1} in stats["by_region"]


def test_no_certificate_when_cancelled_after_check_in(client, make_event, register, ihk, run_on_commit):
    event = make_event(capacity=3)
    anna = register(event, "anna@x.example", name="Anna Arslan")
    services.registration_check_in(actor=ihk["user"], registration=anna)
    url = f"/workshops/anmeldung/{anna.token}/teilnahmebescheinigung.pdf"
    assert client.get(url).status_code == 200
    with run_on_commit():
        services.registration_cancel(token=anna.token)
    anna.refresh_from_db()
    assert anna.status == Registration.Status.CANCELLED and anna.checked_in_at is not None
    assert client.get(url).status_code == 404


def test_register_rate_limit_per_email_and_ip(client, make_event, settings):
    event = make_event(capacity=50, max_places_per_company=50)
    settings.LOTSE_EVENTS_REGISTER_PER_EMAIL_HOUR = 2
    settings.LOTSE_EVENTS_REGISTER_PER_IP_HOUR = 4
    url = f"/workshops/{event.pk}/anmelden/"
    assert client.post(url, _form(event, email="same@x.example")).status_code == 302
    assert client.post(url, _form(event, email="same@x.example")).status_code == 400  # double registration
    sent = len(mail.outbox)
    response = client.post(url, _form(event, email="same@x.example"))
    assert response.status_code == 429
    assert "zu viele Anmeldeversuche" in response.content.decode()
    assert len(mail.outbox) == sent
    assert client.post(url, _form(event, email="other@x.example")).status_code == 302  # 4th from this IP
    assert client.post(url, _form(event, email="third@x.example")).status_code == 429  # 5th from this IP
    with system_access("test"):
        assert Registration.objects.count() == 2


def test_registration_visibility_agrees_with_can_manage(client, make_event, register, world, ihk):
    from lotse.accounts.models import User
    from lotse.core.permissions import can_manage_event
    from lotse.core.scoping import visibility_for

    event = make_event(capacity=3)  # organised by the IHK and FAI NRW
    register(event, "a@x.example", name="Geheime Person")
    with system_access("test"):
        event_ihk_only = services.event_create(
            actor=ihk["user"], organisers=[ihk["org"]], title_de="Nur IHK", format="online",
            online_url="https://meet.example/x", statewide=True,
            sessions=[{"starts_at": timezone.now() + timedelta(days=5),
                       "ends_at": timezone.now() + timedelta(days=5, hours=1), "capacity": 3}],
        )
        services.event_publish(actor=ihk["user"], event=event_ihk_only)
    register(event_ihk_only, "b@x.example", name="Andere Person")
    admin = User.objects.create_superuser(email="root@test.example", password=PASSWORD, full_name="Root")
    fai = world["users"]["fai"]
    assert can_manage_event(admin, event) and can_manage_event(admin, event_ihk_only)
    assert can_manage_event(fai, event) and not can_manage_event(fai, event_ihk_only)
    with visibility_for(admin):
        assert Registration.objects.count() == 2
    with visibility_for(fai):  # FAI NRW sees all regions, but personal data only where it organises
        assert list(Registration.objects.values_list("email", flat=True)) == ["a@x.example"]
    log_in(client, admin)
    assert "Andere Person" in client.get(f"/workshops/verwaltung/{event_ihk_only.pk}/").content.decode()
    log_in(client, fai)
    assert client.get(f"/workshops/verwaltung/{event_ihk_only.pk}/").status_code == 403


def test_editor_keeps_own_organisation_and_closed_window_is_refused(client, make_event, ihk, world):
    event = make_event()
    log_in(client, "events@ihk.example")
    data = {
        "title_de": event.title_de, "organisers": [world["orgs"]["fai"].pk], "statewide": "on",
        "format": "in_person", "language": "de", "city": "Mettmann", "max_places_per_company": "3",
        "offer_hours": "24", "confirmation_minutes": "60", "retention_days": "90",
    }
    response = client.post(f"/workshops/verwaltung/{event.pk}/bearbeiten/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_organisers-error"' in html and "eigene Organisation" in html
    with system_access("test"):
        assert ihk["org"] in event.organisers.all()
    data["organisers"] = [ihk["org"].pk]
    assert client.post(f"/workshops/verwaltung/{event.pk}/bearbeiten/", data).status_code == 302

    closed = (timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    start = timezone.localtime(timezone.now() + timedelta(days=5))
    response = client.post("/workshops/verwaltung/neu/", {
        **data, "title_de": "Schon geschlossen", "registration_closes_at": closed,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"), "capacity": "20",
    })
    assert response.status_code == 400
    assert 'id="id_registration_closes_at-error"' in response.content.decode()
    with system_access("test"):
        assert not Event.objects.filter(title_de="Schon geschlossen").exists()


def test_back_office_shows_needs_answers_statistics_and_messages_one_session(client, make_event, ihk, world,
                                                                             run_on_commit):
    event = make_event(capacity=5, questions=["Welche Berufe suchen Sie?"])
    start = timezone.now() + timedelta(days=20)
    with system_access("test"), run_on_commit():
        later = services.session_create(actor=ihk["user"], event=event, starts_at=start,
                                        ends_at=start + timedelta(hours=2), capacity=5)
    with system_access("test"):
        session_of_first = Session.objects.filter(event=event).order_by("starts_at").first()
    with run_on_commit():
        first = services.registration_create(
            session_id=session_of_first.pk, name="Anna Arslan", email="anna@x.example",
            answers={"Welche Berufe suchen Sie?": "Pflegefachkräfte"}, accessibility_needs="Rollstuhlplatz",
            region=world["regions"]["a"], sector="pflege").registration
        services.registration_confirm_email(token=first.token)
        second = services.registration_create(session_id=later.pk, name="Bernd Bauer",
                                              email="bernd@x.example").registration
        services.registration_confirm_email(token=second.token)
    services.registration_check_in(actor=ihk["user"], registration=first)
    log_in(client, "events@ihk.example")
    page = client.get(f"/workshops/verwaltung/{event.pk}/").content.decode()
    assert "Rollstuhlplatz" in page and "Pflegefachkräfte" in page

    stats = client.get("/workshops/verwaltung/statistik/")
    assert stats.status_code == 200
    html = stats.content.decode()
    assert 'data-testid="stat-registered">2 ' in html and 'data-testid="stat-attended">1<' in html
    assert world["regions"]["a"].name in html and "Pflege und Gesundheit" in html and event.title_de in html
    log_in(client, world["users"]["employer_a"])
    assert client.get("/workshops/verwaltung/statistik/").status_code == 403

    log_in(client, "events@ihk.example")
    mail.outbox.clear()
    form = client.get(f"/workshops/verwaltung/{event.pk}/nachricht/").content.decode()
    assert f'value="{later.pk}"' in form
    response = client.post(f"/workshops/verwaltung/{event.pk}/nachricht/",
                           {"session": later.pk, "subject": "Raum", "body": "Raum 2"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["bernd@x.example"]]
    mail.outbox.clear()
    client.post(f"/workshops/verwaltung/{event.pk}/nachricht/", {"session": "", "subject": "Raum", "body": "R"})
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@x.example", "bernd@x.example"]


def test_cancelling_a_registration_asks_first_and_says_what_happens(client, make_event, register, run_on_commit):
    event = make_event(capacity=3)
    registration = register(event, "petra@metallbau.example")
    url = f"/workshops/anmeldung/{registration.token}/stornieren/"
    asked = client.post(url)
    page = asked.content.decode()
    assert asked.status_code == 200 and "Ihr Platz wird frei" in page and "Ja, Anmeldung stornieren" in page
    with system_access("test"):
        assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CONFIRMED
    with run_on_commit():
        response = client.post(url, {"confirmed": "1"})
    assert response.status_code == 302
    with system_access("test"):
        assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CANCELLED


def test_organiser_cancelling_a_registration_asks_first(client, make_event, register, run_on_commit):
    event = make_event(capacity=3)
    registration = register(event, "petra@metallbau.example", name="Petra Lange")
    log_in(client, "events@ihk.example")
    url = f"/workshops/verwaltung/anmeldungen/{registration.pk}/cancel/"
    asked = client.post(url)
    page = asked.content.decode()
    assert asked.status_code == 200 and "Anmeldung von Petra Lange stornieren?" in page
    with system_access("test"):
        assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CONFIRMED
    with run_on_commit():
        assert client.post(url, {"confirmed": "1"}).status_code == 302
    with system_access("test"):
        assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CANCELLED
