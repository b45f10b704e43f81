"""Self-registration at "Beratung anfragen" (issue 12): the address is verified before the account is used, the
advice request is sent only afterwards, and the page never tells whether an address already has an account."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.urls import reverse

from lotse.accounts.models import Membership, User
from lotse.cases.models import AdviceRequest
from lotse.core.scoping import system_access
from tests.navigator.test_views import BLUE_CARD, walk

pytestmark = pytest.mark.django_db

PASSWORD = "sicheres-passwort-1"


def advice_url(client) -> str:
    walk(client, {**BLUE_CARD, "job.municipality_ags": "40822"})
    return client.post(reverse("navigator:save"), {"then": "advice"}).url


def register(client, url: str, email: str, *, capture, company: str = "Mettmanner Test GmbH"):
    with capture(execute=True):
        return client.post(
            url,
            {
                "register-company": company,
                "register-email": email,
                "register-password": PASSWORD,
                "contact_name": "Erika Muster",
                "contact_email": "kontakt@test-gmbh.example",
                "message": "Start im März",
            },
        )


def link_in(body: str) -> str:
    url = re.search(r"https?://\S+/konto/bestaetigen/\?\S+", body).group(0)
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def requests_count() -> int:
    with system_access("test"):
        return AdviceRequest.unscoped.count()


def test_register_verify_then_send(client, small_gemeinden, mailoutbox, django_capture_on_commit_callbacks):
    url = advice_url(client)
    assert "Ihr Unternehmen registrieren" in client.get(url).content.decode()
    response = register(client, url, "HR@test-gmbh.example", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in response.content.decode()
    user = User.objects.get(email="hr@test-gmbh.example")
    assert not user.is_active  # unusable until the address is confirmed
    assert Membership.objects.get(user=user).role == Membership.Role.MEMBER
    assert requests_count() == 0  # nothing reaches the agency before the link is clicked
    assert "_auth_user_id" not in client.session
    (mail,) = mailoutbox
    assert mail.to == ["hr@test-gmbh.example"] and "bestätigen" in mail.subject

    # Unverified: the log-in form says why, it does not log in.
    page = client.post(reverse("login"), {"username": "hr@test-gmbh.example", "password": PASSWORD})
    assert page.status_code == 200 and "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse" in page.content.decode()
    assert "_auth_user_id" not in client.session

    # The link activates, logs in and leads back to the advice form, prefilled with what was typed.
    response = client.get(link_in(mail.body))
    assert response.status_code == 302 and response.url == url
    user.refresh_from_db()
    assert user.is_active and int(client.session["_auth_user_id"]) == user.pk
    form = client.get(url).content.decode()
    assert "Start im März" in form and "kontakt@test-gmbh.example" in form
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            url, {"contact_name": "Erika Muster", "contact_email": "kontakt@test-gmbh.example", "message": "x"}
        )
    assert "Anfrage ist angekommen" in sent.content.decode()
    with system_access("test"):
        request = AdviceRequest.unscoped.get()
        assert request.region.slug == "duesseldorf-kreis-mettmann"
        assert request.employer == Membership.objects.get(user=user).organisation

    # The link again: still fine (already active), no error.
    assert client.get(link_in(mail.body)).status_code == 302


def test_english_reader_gets_the_mail_in_english(db, mailoutbox, django_capture_on_commit_callbacks):
    from lotse.accounts import registration

    with django_capture_on_commit_callbacks(execute=True):
        registration.register(
            email="en@test.example",
            password=PASSWORD,
            full_name="Jane Doe",
            language="en",
            next_path="/",
            create_organisation=lambda user: None,
        )
    (mail,) = mailoutbox
    assert "confirm your e-mail address" in mail.subject.lower() and "/konto/bestaetigen/" in mail.body
    assert "The link is valid for 3 days" in mail.body


def test_expired_and_tampered_links_explain(
    client, small_gemeinden, mailoutbox, django_capture_on_commit_callbacks, settings
):
    url = advice_url(client)
    register(client, url, "late@test-gmbh.example", capture=django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0].body)
    tampered = client.get(link.replace("t=", "t=9"))
    assert tampered.status_code == 400 and "Bestätigungslink ist ungültig" in tampered.content.decode()
    garbage = client.get(reverse("accounts:verify_email") + "?t=%00abc")
    assert garbage.status_code == 400
    import time

    real = time.time
    try:
        signing.time.time = lambda: real() + 4 * 24 * 3600
        expired = client.get(link)
    finally:
        signing.time.time = real
    assert expired.status_code == 400 and "abgelaufen" in expired.content.decode()
    assert not User.objects.get(email="late@test-gmbh.example").is_active


def _normalised(response) -> str:
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r'"X-CSRFToken": "[^"]+"', "", body)
    return body.replace("taken@test.example", "ADDRESS").replace("fresh@test.example", "ADDRESS")


def test_existing_address_is_not_revealed(client, small_gemeinden, mailoutbox, django_capture_on_commit_callbacks):
    owner = User.objects.create_user(email="taken@test.example", password="ein-anderes-passwort")
    url = advice_url(client)
    existing = register(client, url, "taken@test.example", capture=django_capture_on_commit_callbacks)
    new = register(client, url, "fresh@test.example", capture=django_capture_on_commit_callbacks)
    assert existing.status_code == new.status_code == 200
    assert [t.name for t in existing.templates] == [t.name for t in new.templates]
    assert _normalised(existing) == _normalised(new)
    owner.refresh_from_db()
    assert owner.is_active and owner.check_password("ein-anderes-passwort")  # nothing changed
    assert not Membership.objects.filter(user=owner).exists()
    note, verify = mailoutbox
    assert note.to == ["taken@test.example"] and "/accounts/password_reset/" in note.body
    assert "/konto/bestaetigen/" not in note.body
    assert verify.to == ["fresh@test.example"] and "/konto/bestaetigen/" in verify.body
    assert requests_count() == 0


def test_weak_password_refused(client, small_gemeinden):
    url = advice_url(client)
    response = client.post(
        url,
        {
            "register-company": "X GmbH",
            "register-email": "weak@test.example",
            "register-password": "1234567890",
            "contact_name": "Erika Muster",
            "contact_email": "weak@test.example",
        },
    )
    assert response.status_code == 200 and not User.objects.filter(email="weak@test.example").exists()
