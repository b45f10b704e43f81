"""Browser tests: Playwright for Python driving Debian's Chromium, axe-core from npm for accessibility."""

import os
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

CHROMIUM = Path(os.environ.get("LOTSE_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from fixtures are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _unavailable(reason: str):
    if os.environ.get("LOTSE_REQUIRE_BROWSER"):
        pytest.fail(f"LOTSE_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, transactional_db):
    context = chromium.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    # The Content-Security-Policy allows no inline script or style (ADR 0140): anything it blocks fails the test.
    blocked = []
    page.on(
        "console", lambda m: blocked.append(f"{page.url}: {m.text}") if "Content Security Policy" in m.text else None
    )
    yield page
    context.close()
    assert blocked == [], "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Log in through the login form as `email`, from a fresh browser session (whoever was logged in is gone),
    pass the second factor where one is asked for, and wait for the start page the login leads to. The one helper
    for it in the browser tests."""
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").last.click()
    pass_second_factor(page, email)
    page.wait_for_url("**/start/")


def pass_second_factor(page, email: str) -> None:
    """The log-in's second step (ADR 0142), right after the password was sent: an account that is asked for its
    second factor (staff; employers who set one up) types the current code of its authenticator device. A staff
    account without a device is taken as having set one up before (the setup itself: tests/browser/test_accounts)."""
    from urllib.parse import parse_qs, urlparse

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # the password step has answered
    url = urlparse(page.url)
    if not url.path.startswith("/konto/zwei-faktor/"):
        return
    devices = TOTPDevice.objects.filter(user__email=email)
    if url.path.endswith("/einrichten/"):
        devices.update(confirmed=True)
        next_url = parse_qs(url.query).get("next", ["/start/"])[0]
        page.goto(f"/konto/zwei-faktor/?next={next_url}")
    device = devices.filter(confirmed=True).first()
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # a code may be typed again in the next log-in
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Code").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_load_state()


def check_axe(page, label: str) -> None:
    """Run axe-core on the current page and fail with a readable list of violations."""
    if not AXE_JS.exists():
        _unavailable("axe-core is missing (make test installs it with npm)")
    # Evaluated through the DevTools protocol, not as a <script> tag: the page's policy allows no inline script.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    # Only the violations in full: axe then skips collecting every node of the passed and inapplicable rules
    # (about a third of its time per page).
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} → " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"axe violations on {label}:\n" + "\n".join(violations)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, animations="disabled")  # transitions at their end, no waiting
    return path
