"""Second factor (ADR 0142): staff get no page before verifying it – every URL of the URLconf is walked, so a new
page is covered without touching this test –, employers may opt in, setup and recovery codes work, log-out
everywhere ends all sessions."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.accounts.models import Membership, Organisation
from lotse.accounts.twofactor import OPEN_BEFORE_SECOND_FACTOR
from lotse.core.models import AuditEntry
from tests.conftest import _user, log_in, verify_second_factor

pytestmark = pytest.mark.django_db

VERIFY = "/konto/zwei-faktor/"
SETUP = "/konto/zwei-faktor/einrichten/"


def url_patterns(patterns=None, prefix="", namespace=""):
    """(path with sample arguments, URL name) for every pattern of the URLconf."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if route.startswith("^"):  # a regex pattern: only plain ones occur
            route = route.strip("^$").replace("\\", "")
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from url_patterns(entry.url_patterns, prefix + route, inner)
        elif isinstance(entry, URLPattern):
            path = re.sub(
                r"<(?:(\w+):)?\w+>",
                lambda m: {"int": "1", "uuid": "00000000-0000-0000-0000-000000000001"}.get(m.group(1), "x"),
                prefix + route,
            )
            name = f"{namespace}:{entry.name}".strip(":") if entry.name else None
            yield "/" + path, name


@pytest.fixture
def staff(world):
    kammer = Organisation.objects.create(name="IHK Test", kind=Organisation.Kind.KAMMER)
    superuser = _user("root@test.example", None)
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    return {
        "fai adviser": world["users"]["fai"],
        "regional adviser": world["users"]["adviser_a"],
        "analyst": world["users"]["mags"],
        "event manager": _user("events@test.example", kammer, Membership.Role.EVENT_MANAGER),
        "superuser": superuser,
    }


def test_the_walk_sees_the_whole_urlconf():
    names = {name for _, name in url_patterns()}
    assert {"start", "cases:detail", "cases:export", "events:manage_list", "reporting:dashboard"} <= names
    assert len(names) > 100


@pytest.mark.parametrize("role", ["fai adviser", "regional adviser", "analyst", "event manager", "superuser"])
def test_staff_without_verified_second_factor_reach_no_page(client, staff, role):
    user = staff[role]
    log_in(client, user, second_factor=False)
    checked = 0
    for path, name in url_patterns():
        if name in OPEN_BEFORE_SECOND_FACTOR:
            continue
        for method in (client.get, client.post):
            response = method(path)
            assert response.status_code == 302, (role, path, response.status_code)
            assert response["Location"].startswith(SETUP), (role, path)  # no device yet: set one up first
        checked += 1
    assert checked > 100
    # With a device but an unverified session: to the code entry, keeping where the user wanted to go.
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    response = client.get(reverse("cases:list") + "?q=Sharma")
    assert response.status_code == 302 and response["Location"] == f"{VERIFY}?next=%2Ffaelle%2F%3Fq%3DSharma"
    response = client.get(reverse("start"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(VERIFY)


def test_with_a_verified_second_factor_staff_get_in(staff):
    client = Client(raise_request_exception=False)
    log_in(client, staff["regional adviser"])
    assert client.get(reverse("start")).status_code == 200
    assert client.get(reverse("cases:list")).status_code == 200
    for path, _name in url_patterns():
        response = client.get(path)
        assert not response.get("Location", "").startswith(("/konto/zwei-faktor", "/accounts/login")), path


def test_employers_choose(client, world):
    employer = world["users"]["employer_a"]
    log_in(client, employer, second_factor=False)
    assert client.get(reverse("start")).status_code == 200  # no second factor set up: not asked for one
    TOTPDevice.objects.create(user=employer, name="authenticator", confirmed=True)
    client.force_login(employer)
    response = client.get(reverse("start"))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)


def _code(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():06d}"


def test_setup_verify_and_recovery_codes(client, world):
    user = world["users"]["adviser_a"]
    log_in(client, user, second_factor=False)
    page = client.get(SETUP + "?next=/faelle/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "otp-secret" in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"token": "000000" if _code(device) != "000000" else "111111", "next": "/faelle/"})
    assert "Der Code passt nicht" in response.content.decode()
    # A wrong code makes the device wait a second before the next try (django-otp's throttle); skip the wait.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    response = client.post(SETUP, {"token": _code(device), "next": "/faelle/"})
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("cases:list")).status_code == 200  # verified in this session
    assert AuditEntry.unscoped.filter(action="otp.setup", object_id=str(user.pk)).exists()

    # Next log-in: a recovery code works once (typed in capitals without the dash), and then no more.
    for attempt in range(2):
        other = Client()
        other.force_login(user)
        response = other.post(VERIFY, {"token": codes[0].replace("-", "").upper(), "next": "/faelle/"})
        if attempt == 0:
            assert response.status_code == 302 and response["Location"] == "/faelle/"
        else:
            assert response.status_code == 200 and "nicht (mehr) gültig" in response.content.decode()
    assert StaticDevice.objects.get(user=user).token_set.count() == 9
    assert AuditEntry.unscoped.filter(action="otp.failure", object_id=str(user.pk)).count() == 1


def test_verify_ignores_foreign_next_and_reused_codes(client, world):
    user = world["users"]["fai"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(user)
    code = _code(device)
    response = client.post(VERIFY, {"token": code, "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/start/"
    other = Client()
    other.force_login(user)
    response = other.post(VERIFY, {"token": code})
    assert response.status_code == 200  # the same code cannot be used twice


def test_wrong_codes_are_throttled(client, world):
    user = world["users"]["fai"]
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client.force_login(user)
    for _ in range(3):
        client.post(VERIFY, {"token": "000001"})
    response = client.post(VERIFY, {"token": _code(device)})
    assert response.status_code == 200 and "Bitte warten Sie" in response.content.decode()


def test_log_out_everywhere_ends_every_session(world):
    user = world["users"]["adviser_a"]
    laptop, phone = Client(), Client()
    log_in(laptop, user)
    log_in(phone, user)
    assert phone.get(reverse("start")).status_code == 200
    response = laptop.post(reverse("accounts:logout_everywhere"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    for client in (laptop, phone):
        response = client.get(reverse("start"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert AuditEntry.unscoped.filter(action="session.logout_everywhere", object_id=str(user.pk)).exists()
    user.refresh_from_db()
    log_in(phone, user)  # a new log-in works as before
    assert phone.get(reverse("start")).status_code == 200


def test_account_page(client, world):
    user = world["users"]["employer_a"]
    log_in(client, user, second_factor=False)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Nicht eingerichtet" in page and reverse("accounts:otp_setup") in page
    verify_second_factor(client, user)
    assert "Eingerichtet" in client.get(reverse("accounts:account")).content.decode()


def test_operator_resets_a_lost_second_factor(world):
    from django.core.management import call_command

    user = world["users"]["adviser_a"]
    client = Client()
    log_in(client, user)
    call_command("reset_second_factor", "A@test.example")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get(reverse("start"))["Location"].startswith(reverse("login"))  # its sessions ended
    user.refresh_from_db()
    log_in(client, user, second_factor=False)
    assert client.get(reverse("start"))["Location"].startswith(SETUP)
    assert AuditEntry.unscoped.filter(action="otp.reset", object_id=str(user.pk)).exists()
