"""The two-step log-in in Chromium (ADR 0142): an adviser sets up the authenticator app at the first log-in, keeps
the recovery codes, logs in again with a code; every page axe-clean."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from lotse.accounts.models import Membership, Organisation, User
from tests.browser.conftest import check_axe, screenshot

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery"


@pytest.fixture
def adviser(reference_data):
    from lotse.core.scoping import system_access
    from lotse.reference.models import Arbeitsmarktregion

    with system_access("test setup"):
        region = Arbeitsmarktregion.objects.get(slug="muensterland")
        agency = Organisation.objects.create(name="RA Münsterland", kind="regionalagentur", region=region)
    user = User.objects.create_user(email="beratung@test.example", password=PASSWORD, full_name="Maria Schulte")
    Membership.objects.create(user=user, organisation=agency, role=Membership.Role.ADVISER)
    return user


def code_for(device) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def password_step(page, email):
    page.context.clear_cookies()
    page.goto("/faelle/")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").last.click()


def test_first_log_in_sets_up_the_app_then_codes_let_the_adviser_in(page, adviser):
    password_step(page, adviser.email)
    page.wait_for_url("**/konto/zwei-faktor/einrichten/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Zweiten Faktor einrichten"
    expect(page.get_by_role("img", name="QR-Code zum Einrichten der Authenticator-App")).to_be_visible()
    check_axe(page, "2FA setup")
    screenshot(page, "de-2fa-setup")
    device = TOTPDevice.objects.get(user=adviser, confirmed=False)
    page.get_by_label("Code aus der App").fill("12345")
    page.get_by_role("button", name="Einrichten").click()
    expect(page.get_by_text("Der Code besteht aus sechs Ziffern.").first).to_be_visible()
    check_axe(page, "2FA setup with an error")
    page.get_by_label("Code aus der App").fill(code_for(device))
    page.get_by_role("button", name="Einrichten").click()
    expect(page.get_by_role("heading", name="Ihre Wiederherstellungscodes")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    check_axe(page, "recovery codes")
    screenshot(page, "de-2fa-recovery-codes")
    page.get_by_role("link", name="Weiter").click()
    page.wait_for_url("**/faelle/")

    # The next log-in asks for a code from the app; a wrong one says so, the right one lets the adviser in.
    password_step(page, adviser.email)
    page.wait_for_url("**/konto/zwei-faktor/?next=**")
    check_axe(page, "2FA code entry")
    page.get_by_label("Code").fill("000000" if code_for(device) != "000000" else "111111")
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_text("Dieser Code ist nicht (mehr) gültig.").first).to_be_visible()
    check_axe(page, "2FA code entry with an error")
    screenshot(page, "de-2fa-verify-error")
    # A recovery code instead of the app (the wrong code above made the app's code wait a second).
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/faelle/")
    expect(page.get_by_text("Wiederherstellungscode verwendet; es bleiben 9").first).to_be_visible()

    page.goto("/konto/")
    check_axe(page, "account page")
    screenshot(page, "de-account")
    page.get_by_role("button", name="Überall abmelden").click()
    page.wait_for_url("**/accounts/login/")
    page.goto("/faelle/")
    page.wait_for_url("**/accounts/login/**")
