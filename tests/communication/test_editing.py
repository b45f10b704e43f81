"""Writing and editing through the pages keeps every field: a news item, a calendar entry, a regional offer and a
text template are created with every field filled, the edit page shows all of them, saving them unchanged changes
nothing, and changing every field stores each one and writes its old and new value to the audit log."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from lotse.communication.models import EditorialEntry, NewsItem, RegionalOffer, TextTemplate
from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def _plain(value):
    """A value as the page shows it and the form posts it."""
    if isinstance(value, list | tuple | set) or hasattr(value, "all"):
        return sorted(_plain(v) for v in (value.all() if hasattr(value, "all") else value))
    if hasattr(value, "_meta"):
        return str(value.pk)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return ""
    return value if isinstance(value, bool) else str(value)


def _post(data: dict) -> dict:
    """What a browser sends: no key for an unticked box, 'on' for a ticked one."""
    return {key: "on" if value is True else value for key, value in data.items() if value is not False}


def _shown(client, url) -> dict:
    form = client.get(url).context["form"]
    return {name: _plain(form[name].value()) for name in form.fields}


def _stored(obj, names) -> dict:
    obj.refresh_from_db()
    return {name: _plain(getattr(obj, name)) for name in names}


def _changes(action: str, obj) -> dict:
    with system_access("test"):
        return AuditEntry.objects.filter(action=action, object_id=str(obj.pk)).latest("pk").changes


def _messages(client, response) -> list[str]:
    """The messages a redirect leaves for its page; that page is shown, so they are used up."""
    found = [str(message) for message in get_messages(response.wsgi_request)]
    assert client.get(response["Location"]).status_code == 200
    return found


def _saved(client, url, data, location) -> None:
    response = client.post(url, _post(data))
    assert response.status_code == 302 and response["Location"] == location
    assert _messages(client, response) == ["Gespeichert."]


def _audit_value(value):
    if hasattr(value, "_meta"):
        return value.pk
    return value.isoformat() if isinstance(value, dt.date) else value


def _round_trip(client, edit, first, second, *, obj, action, audited, location) -> None:
    """The edit page shows `first`; saving it unchanged audits no change; saving `second` stores every field and
    audits each audited field with its old and new value."""
    assert _shown(client, edit) == {key: _plain(value) for key, value in first.items()}
    _saved(client, edit, first, location(first))
    assert _changes(action, obj) == {}
    old = {key: _audit_value(getattr(obj, key)) for key in audited}
    _saved(client, edit, second, location(second))
    assert _stored(obj, second) == {key: _plain(value) for key, value in second.items()}
    new = {key: _audit_value(getattr(obj, key)) for key in audited}
    assert all(old[key] != new[key] for key in audited)
    assert _changes(action, obj) == {key: {"old": old[key], "new": new[key]} for key in audited}
    assert _shown(client, edit) == {key: _plain(value) for key, value in second.items()}


def test_a_regional_offer_keeps_every_field(client, people, world):
    region = world["regions"]["a"].pk
    first = {
        "region": region,
        "kind": "welcome_center",
        "name": "Welcome Center Mettmann",
        "description_de": "Hilfe vor Ort.",
        "description_en": "Help on site.",
        "url": "https://example.org/wc",
        "email": "wc@example.org",
        "phone": "02104 123",
        "address": "Markt 1, Mettmann",
        "active": True,
    }
    second = {
        "region": region,
        "kind": "language_course",
        "name": "Sprachkurs Mettmann",
        "description_de": "Deutsch B1.",
        "description_en": "German B1.",
        "url": "https://example.org/kurs",
        "email": "kurs@example.org",
        "phone": "02104 456",
        "address": "Markt 2, Mettmann",
        "active": False,
    }
    log_in(client, people["adviser_a"])
    response = client.post(reverse("communication:offer_create"), _post(first))
    assert response.status_code == 302 and response["Location"] == reverse("communication:offers_manage")
    assert _messages(client, response) == ["Das Angebot ist gespeichert."]
    with system_access("test"):
        offer = RegionalOffer.objects.get()
    content = [key for key in first if key != "region"]
    assert _stored(offer, first) == {key: _plain(value) for key, value in first.items()}
    assert _changes("offer.create", offer) == {key: {"old": None, "new": first[key]} for key in content}
    _round_trip(
        client,
        reverse("communication:offer_edit", args=[offer.pk]),
        first,
        second,
        obj=offer,
        action="offer.update",
        audited=content,
        location=lambda data: reverse("communication:offers_manage"),
    )
    with system_access("test"):
        assert AuditEntry.objects.filter(action="offer.update", region_id=region).count() == 2


def test_a_calendar_entry_keeps_every_field(client, people, world, tags):
    first = {
        "title": "Frühstück Mettmann",
        "format": "employer_breakfast",
        "topic": tags["pflege"].pk,
        "starts_on": "2027-03-03",
        "ends_on": "2027-03-04",
        "status": "planned",
        "notes": "Raum reservieren.",
    }
    second = {
        "title": "Workshop Anerkennung",
        "format": "workshop",
        "topic": tags["anerkennung"].pk,
        "starts_on": "2027-04-05",
        "ends_on": "",
        "status": "confirmed",
        "notes": "",
    }
    calendar = reverse("communication:calendar")
    log_in(client, people["adviser_a"])
    response = client.post(reverse("communication:entry_create"), _post(first))
    assert response.status_code == 302 and response["Location"] == f"{calendar}?monat=2027-03"
    assert _messages(client, response) == ["Im Kalender eingetragen."]
    with system_access("test"):
        entry = EditorialEntry.objects.get()
    assert _stored(entry, first) == {key: _plain(value) for key, value in first.items()}
    assert _changes("calendar.create", entry) == {key: {"old": None, "new": first[key]} for key in first}
    _round_trip(
        client,
        reverse("communication:entry_edit", args=[entry.pk]),
        first,
        second,
        obj=entry,
        action="calendar.update",
        audited=list(first),
        location=lambda data: f"{calendar}?monat={data['starts_on'][:7]}",
    )
    assert _changes("calendar.update", entry)["ends_on"] == {"old": "2027-03-04", "new": None}


def test_a_news_item_keeps_every_field(client, people, world, tags):
    first = {
        "scope": "regional",
        "region": world["regions"]["a"].pk,
        "title_de": "Neue Checkliste",
        "summary_de": "Kurz gesagt.",
        "body_de": "Der ganze Text.",
        "title_en": "New checklist",
        "summary_en": "In short.",
        "body_en": "The whole text.",
        "topics": [tags["pflege"].pk, tags["81a"].pk],
    }
    second = {
        "scope": "statewide",
        "region": "",
        "title_de": "Landesweite Checkliste",
        "summary_de": "Ganz kurz.",
        "body_de": "Der neue Text.",
        "title_en": "Statewide checklist",
        "summary_en": "Very short.",
        "body_en": "The new text.",
        "topics": [tags["anerkennung"].pk],
    }
    log_in(client, people["adviser_a"])
    response = client.post(reverse("communication:news_create"), _post(first))
    with system_access("test"):
        item = NewsItem.objects.get()
    edit = reverse("communication:news_edit", args=[item.pk])
    assert response.status_code == 302 and response["Location"] == edit
    assert _messages(client, response) == ["Der Entwurf ist gespeichert."]
    assert _stored(item, first) == {key: _plain(value) for key, value in first.items()}
    assert item.created_by == people["adviser_a"] and item.organisation == world["orgs"]["ra_a"]
    assert _changes("news.create", item) == {
        "scope": {"old": None, "new": "regional"},
        "title": {"old": None, "new": "Neue Checkliste"},
    }
    audited = ["title_de", "title_en", "summary_de", "summary_en", "body_de", "body_en", "scope"]
    _round_trip(
        client, edit, first, second, obj=item, action="news.update", audited=audited, location=lambda data: edit
    )


def test_a_text_template_keeps_every_field(client, people, world):
    first = {
        "title": "Einladung",
        "category": "invitation",
        "subject_de": "Einladung für {firma}",
        "body_de": "Guten Tag {ansprechperson}.",
        "subject_en": "Invitation for {firma}",
        "body_en": "Dear {ansprechperson}.",
    }
    second = {
        "title": "Erinnerung",
        "category": "reminder",
        "subject_de": "Erinnerung an {datum}",
        "body_de": "Wir erinnern an den {datum}.",
        "subject_en": "",
        "body_en": "",
    }
    log_in(client, people["fai"])
    response = client.post(reverse("communication:template_create"), _post(first))
    with system_access("test"):
        template = TextTemplate.objects.get()
    use = reverse("communication:template_use", args=[template.pk])
    assert response.status_code == 302 and response["Location"] == use
    assert _messages(client, response) == ["Die Vorlage ist gespeichert."]
    assert _stored(template, first) == first
    assert template.organisation == world["orgs"]["fai"] and template.updated_by == people["fai"]
    assert _changes("text_template.create", template) == {"title": {"old": None, "new": "Einladung"}}
    _round_trip(
        client,
        reverse("communication:template_edit", args=[template.pk]),
        first,
        second,
        obj=template,
        action="text_template.update",
        audited=list(first),
        location=lambda data: use,
    )
