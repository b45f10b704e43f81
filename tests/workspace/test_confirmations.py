"""Irreversible actions ask first on a page that says what will happen: handover, closing a case, erasing a person
(the contact person and the workshop registration: tests/cases/test_contact_privacy.py, tests/events). After a
handover to another region the sender lands on the case list, never on a 404."""

import pytest
from django.urls import reverse

from lotse.cases.models import Candidate, Case
from lotse.core.scoping import system_access, visibility_for
from lotse.workspace import services
from lotse.workspace.models import Message
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def fresh(case) -> Case:
    with system_access("test"):
        return Case.objects.get(pk=case.pk)


def test_handover_asks_first_then_the_sender_lands_on_the_list(client, world, cases):
    case = cases["a"]
    log_in(client, world["users"]["adviser_a"])
    url = reverse("cases:handover", args=[case.pk])
    data = {"to_team": world["orgs"]["ra_b"].pk, "note": "Zieht nach Münster"}
    asked = client.post(url, data)
    page = asked.content.decode()
    assert asked.status_code == 200 and 'data-testid="confirm-page"' in page
    assert "RA Münsterland wird für den Fall zuständig" in page and "Sie sehen ihn nicht mehr" in page
    assert 'name="note" value="Zieht nach Münster"' in page and 'name="confirmed" value="1"' in page
    assert fresh(case).team == world["orgs"]["ra_a"]  # nothing happened yet

    done = client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302 and done.url == reverse("cases:list")  # never a 404
    assert fresh(case).team == world["orgs"]["ra_b"]
    assert client.get(done.url).status_code == 200
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404  # rightly out of sight


def test_handover_to_fai_keeps_the_case_in_sight(client, world, cases):
    case = cases["a"]
    log_in(client, world["users"]["adviser_a"])
    url = reverse("cases:handover", args=[case.pk])
    data = {"to_team": world["orgs"]["fai"].pk, "note": "Bitte übernehmen"}
    assert "Sie sehen den Fall danach weiterhin." in client.post(url, data).content.decode()
    done = client.post(url, {**data, "confirmed": "1"})
    assert done.url == reverse("cases:detail", args=[case.pk])


def test_closing_asks_first(client, world, cases):
    case = cases["a"]
    log_in(client, world["users"]["adviser_a"])
    url = reverse("cases:close", args=[case.pk])
    assert client.post(url, {"status": "withdrawn"}).status_code == 400  # a withdrawal says why (issue 15)
    withdrawn = {"status": "withdrawn", "withdrawal_reason": "candidate_declined"}
    asked = client.post(url, withdrawn)
    page = asked.content.decode()
    assert asked.status_code == 200 and "Fristen des Falls werden gestoppt" in page and "Nach 6 Monaten" in page
    assert fresh(case).status == Case.Status.OPEN
    assert client.post(url, {**withdrawn, "confirmed": "1"}).status_code == 302
    assert fresh(case).status == Case.Status.WITHDRAWN
    assert client.post(url, {"status": "nonsense"}).status_code == 400
    log_in(client, world["users"]["employer_a"])  # the employer finds it among the finished procedures
    home = client.get(reverse("start")).content.decode()
    assert 'data-testid="finished-cases"' in home and case.reference in home and "zurückgezogen" in home


def test_erasure_asks_first_and_clears_the_conversation(client, world, cases):
    case = cases["a"]
    with visibility_for(world["users"]["employer_a"]):
        services.message_send(
            actor=world["users"]["employer_a"], case=case, side="employer", text="Priya Sharma kommt im März"
        )
    with system_access("test"):
        candidate = Candidate.objects.get(cases=case)
    log_in(client, world["users"]["adviser_a"])
    url = reverse("cases:erase", args=[candidate.pk])
    asked = client.post(url, {"mode": "anonymise", "confirm": "on"})
    page = asked.content.decode()
    assert asked.status_code == 200 and "anonymisieren?" in page and "Nachrichten mit dem Unternehmen" in page
    with system_access("test"):
        assert Candidate.objects.get(pk=candidate.pk).last_name == "Sharma"
    client.post(url, {"mode": "anonymise", "confirm": "on", "confirmed": "1"})
    with system_access("test"):
        assert Candidate.objects.get(pk=candidate.pk).anonymised_at is not None
        assert "Priya" not in Message.objects.get(case=case).text


def test_confirmation_pages_speak_english(client, world, cases):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    log_in(client, world["users"]["adviser_a"])
    page = client.post(reverse("cases:close", args=[cases["a"].pk]), {"status": "closed"}).content.decode()
    assert "All running deadlines of the case are stopped" in page and "This cannot be undone." in page
    assert "Yes, close the case" in page
