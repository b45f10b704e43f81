"""Login throttling and lockout (django-axes) with audit entries; the password-reset rate limit (ADR 0142)."""

import pytest
from django.urls import reverse

from lotse.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests/conftest.py _user()


def attempt(client, email, password, ip="198.51.100.7"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_success_and_failure_are_audited_without_addresses(client, world):
    user = world["users"]["adviser_a"]
    assert attempt(client, "A@Test.example", "wrong-password").status_code == 200
    assert attempt(client, "unknown@test.example", "wrong-password").status_code == 200
    assert attempt(client, user.email, PASSWORD).status_code == 302
    failures = AuditEntry.unscoped.filter(action="login.failure").order_by("id")
    assert [f.object_id for f in failures] == [str(user.pk), ""]
    assert "unknown@test.example" not in str(failures[1].context) and failures[1].context["attempt"]
    assert AuditEntry.unscoped.filter(action="login.success", object_id=str(user.pk)).count() == 1


def test_ten_failures_lock_the_address_for_everyone(client, world, settings):
    user = world["users"]["adviser_a"]
    for i in range(settings.AXES_FAILURE_LIMIT):
        # Changing case or client address does not make a new username.
        response = attempt(client, user.email.upper() if i % 2 else user.email, f"guess-{i}", ip=f"203.0.113.{i}")
        assert response.status_code in (200, 429)
    response = attempt(client, user.email, PASSWORD, ip="192.0.2.99")  # even the right password, from elsewhere
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.unscoped.filter(action="login.failure", object_id=str(user.pk)).count() >= 10
    assert AuditEntry.unscoped.filter(action="login.lockout", object_id=str(user.pk)).exists()
    # Another account from an unrelated address is not affected.
    assert attempt(client, world["users"]["adviser_b"].email, PASSWORD, ip="192.0.2.1").status_code == 302


def test_one_address_trying_many_accounts_is_locked(client, world, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"user{i}@test.example", "guess", ip="198.51.100.50")
    assert attempt(client, world["users"]["adviser_b"].email, PASSWORD, ip="198.51.100.50").status_code == 429


def test_reset_mails_are_limited_per_address_silently(client, world, mailoutbox, settings):
    settings.LOTSE_RESET_PER_EMAIL_HOUR = 3
    answers = []
    for _ in range(6):
        response = client.post(reverse("password_reset"), {"email": "a@test.example"})
        answers.append((response.status_code, response["Location"]))
    assert len(mailoutbox) == 3
    assert set(answers) == {(302, reverse("password_reset_done"))}  # the same answer every time
    # An address without an account gets exactly the same answer and no mail.
    response = client.post(reverse("password_reset"), {"email": "nobody-here@test.example"})
    assert (response.status_code, response["Location"]) == (302, reverse("password_reset_done"))
    assert len(mailoutbox) == 3


def test_reset_requests_are_limited_per_client(client, world, mailoutbox, settings):
    settings.LOTSE_RESET_PER_IP_HOUR = 5
    for i in range(5):
        response = client.post(reverse("password_reset"), {"email": f"x{i}@test.example"}, REMOTE_ADDR="198.51.100.9")
        assert response.status_code == 302
    response = client.post(reverse("password_reset"), {"email": "a@test.example"}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429 and "zu viele Anfragen" in response.content.decode()
    assert mailoutbox == []
    response = client.post(reverse("password_reset"), {"email": "a@test.example"}, REMOTE_ADDR="198.51.100.10")
    assert response.status_code == 302 and len(mailoutbox) == 1


@pytest.mark.parametrize("typed", ["9" * 5000, "A" * 300])
def test_an_overlong_address_is_a_failed_attempt_not_a_crash(client, world, typed):
    # No account has such an address; axes keeps 255 characters, so it counts the attempt under a digest.
    assert attempt(client, typed, "wrong-password").status_code == 200
    assert AuditEntry.unscoped.filter(action="login.failure").count() == 1
