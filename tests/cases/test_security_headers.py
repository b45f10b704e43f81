"""Headers and sessions (ADR 0140): a Content-Security-Policy without inline script or style, no caching of
rendered pages and downloads, HTTPS settings from the environment, and an idle timeout for staff sessions."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from lotse.core.scoping import system_access
from lotse.core.security import LAST_SEEN_KEY
from tests.cases.conftest import make_case
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Rendered to PDF on the server (WeasyPrint) or sent as e-mail: never served as a page, so their <style> is fine.
NOT_PAGES = re.compile(r"/mail/|/pdf/|_pdf\.html$|dossier\.html$|_export\.html$|quarterly_report\.html$")
INLINE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def page_templates():
    return [p for p in sorted((ROOT / "lotse").rglob("*.html")) if not NOT_PAGES.search(str(p))]


def test_no_page_template_has_inline_script_or_style():
    templates = page_templates()
    assert len(templates) > 50  # the scan sees the templates
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in templates
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def assert_strict_csp(response):
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy
    body = response.content.decode()
    for what, pattern in INLINE.items():
        assert not pattern.search(body), f"{response.request['PATH_INFO']}: {what}"


@pytest.fixture
def case(world, assessment):
    return make_case(world, assessment)


def test_pages_carry_the_policy_and_no_store(client, world, case):
    public = [reverse("home"), reverse("navigator:start"), reverse("events:list"), reverse("login")]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_csp(response)
        assert "no-store" in response["Cache-Control"], url
    log_in(client, world["users"]["adviser_a"])
    personal = [
        reverse("start"),
        reverse("cases:list"),
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:people", args=[case.pk]),
        reverse("cases:documents", args=[case.pk]),
        reverse("cases:timeline", args=[case.pk]),
    ]
    for url in personal:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict_csp(response)
        assert response["Cache-Control"] == "no-store, private", url


def test_downloads_with_personal_data_are_not_stored(client, world, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    log_in(client, world["users"]["adviser_a"])
    with system_access("test"):
        candidate = case.candidates.get()
    for url in (
        reverse("cases:dossier_pdf", args=[case.pk]),
        reverse("cases:export", args=[candidate.pk, "json"]),
        reverse("cases:export", args=[candidate.pk, "pdf"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_static_files_keep_their_cache_policy(client):
    response = client.get("/static/lotse/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_https_settings_come_from_the_environment():
    env = {
        **os.environ,
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
        "SECURE_PROXY_SSL_HEADER": "1",
        "SECURE_COOKIES": "1",
    }
    code = (
        "from lotse import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "31536000", "True", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')", "True"]
    env = {k: v for k, v in env.items() if not k.startswith("SECURE_")}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[:5] == ["False", "0", "False", "False", "None"]  # plain HTTP for make run and the tests


def test_https_redirect_and_hsts_behind_the_proxy(settings):
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    client = Client()  # a new handler reads the settings
    response = client.get(reverse("home"))
    assert response.status_code == 301 and response["Location"].startswith("https://")
    response = client.get(reverse("home"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _age_session(client, seconds):
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_staff_session_ends_after_the_idle_timeout(client, world, settings):
    settings.STAFF_IDLE_TIMEOUT = 1800
    log_in(client, world["users"]["adviser_a"])
    assert client.get(reverse("start")).status_code == 200
    _age_session(client, 1700)
    assert client.get(reverse("start")).status_code == 200  # still active: the request renews it
    _age_session(client, 1801)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    response = client.get(reverse("start"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    from lotse.core.models import AuditEntry

    assert AuditEntry.unscoped.filter(action="session.idle_timeout", object_id=str(world["users"]["adviser_a"].pk))


def test_htmx_requests_are_sent_to_the_login_page_too(client, world, settings):
    settings.STAFF_IDLE_TIMEOUT = 60
    log_in(client, world["users"]["fai"])
    client.get(reverse("start"))
    _age_session(client, 61)
    response = client.get(reverse("cases:list"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_employer_sessions_have_only_the_absolute_limit(client, world, settings):
    settings.STAFF_IDLE_TIMEOUT = 60
    log_in(client, world["users"]["employer_a"])
    client.get(reverse("start"))
    _age_session(client, 3600)
    assert client.get(reverse("start")).status_code == 200
