"""Every page of the shell in a real Chromium: axe-clean in both languages, usable by keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from lotse.accounts.models import Membership, Organisation, User
from tests.browser.conftest import check_axe, log_in, pass_second_factor, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


PUBLIC_PAGES = [
    ("home", "/"),
    ("login", "/accounts/login/"),
    ("password-reset", "/accounts/password_reset/"),
    ("password-reset-done", "/accounts/password_reset/done/"),
    ("password-reset-invalid", "/accounts/reset/MQ/invalid-token/"),
    ("find-empty", "/regionalagentur-finden/"),
    ("find-result", "/regionalagentur-finden/?q=40822"),
    ("find-ambiguous", "/regionalagentur-finden/?q=40472"),
    ("find-error", "/regionalagentur-finden/?q=4021"),
    ("authorities", "/behoerden/"),
]


@pytest.fixture
def people(small_gemeinden):  # needs the reference data and Gemeinden
    from lotse.reference.models import Arbeitsmarktregion

    region = Arbeitsmarktregion.objects.get(slug="duesseldorf-kreis-mettmann")
    kinds = {
        "adviser": (Organisation.Kind.REGIONALAGENTUR, Membership.Role.ADVISER, region),
        "employer": (Organisation.Kind.UNTERNEHMEN, Membership.Role.MEMBER, region),
        "ministry": (Organisation.Kind.MINISTERIUM, Membership.Role.ANALYST, None),
        "fai": (Organisation.Kind.FAI, Membership.Role.ADMIN, None),
    }
    people = {}
    for key, (kind, role, org_region) in kinds.items():
        organisation = Organisation.objects.create(name=f"Org {key}", kind=kind, region=org_region)
        user = User.objects.create_user(
            email=f"{key}@test.example", password=PASSWORD, full_name=f"Test {key}"
        )
        Membership.objects.create(user=user, organisation=organisation, role=role)
        people[key] = user
    return people


@pytest.mark.parametrize("name,path", PUBLIC_PAGES)
def test_public_pages_are_axe_clean_in_german(page, people, name, path):
    page.goto(path)
    assert page.locator("html").get_attribute("lang") == "de"
    check_axe(page, name)
    screenshot(page, f"de-{name}")


def test_pages_are_axe_clean_in_english(page, people):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Find your regional agency").count() >= 1
    for name, path in PUBLIC_PAGES:
        page.goto(path)
        check_axe(page, f"en:{name}")
    page.goto("/regionalagentur-finden/?q=40822")
    screenshot(page, "en-find-result")
    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "de"


@pytest.mark.parametrize("role", ["adviser", "employer", "ministry", "fai"])
def test_start_page_per_role_is_axe_clean(page, people, role):
    log_in(page, f"{role}@test.example")
    # Employers start in their workspace; staff on the personal start page.
    expected = "Mein Bereich" if role == "employer" else "Willkommen"
    assert page.get_by_role("heading", level=1).inner_text().startswith(expected)
    check_axe(page, f"start-{role}")
    screenshot(page, f"de-start-{role}")


def test_wrong_password_keeps_the_email_and_says_why(page, people):
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("adviser@test.example")
    page.get_by_label("Passwort").fill("wrong-password")
    page.get_by_role("button", name="Anmelden").last.click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert page.get_by_label("E-Mail-Adresse").input_value() == "adviser@test.example"
    check_axe(page, "login-error")


def test_keyboard_only_login_and_lookup(page, people):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    # Log in with the keyboard alone: the e-mail field has focus, Tab to the password, Enter submits.
    page.goto("/accounts/login/")
    page.locator("#id_username").focus()
    page.keyboard.type("adviser@test.example")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    pass_second_factor(page, "adviser@test.example")
    page.wait_for_url("**/start/")

    # Look up an ambiguous PLZ, then pick the Gemeinde with Tab and Enter.
    page.goto("/regionalagentur-finden/")
    page.locator("#id_q").focus()
    page.keyboard.type("40472")
    page.keyboard.press("Enter")
    page.get_by_text("passt zu mehreren Orten").wait_for()
    ratingen = page.get_by_role("link", name=re.compile("Ratingen"))
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip().startswith("Ratingen"):
            break
    else:
        pytest.fail("Ratingen could not be reached with the Tab key")
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=2, name=re.compile("Ratingen")).wait_for()
    assert ratingen.count() == 0
    check_axe(page, "lookup-after-keyboard-choice")
