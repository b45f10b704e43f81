"""Fuzz every form: each page of the URLconf (filled with real objects, see the walker) is opened as several roles;
every <form> on it is submitted with hostile values – huge numbers, exponents, NUL, overlong text, scripts,
unusual Unicode, negative numbers, dates in year 1 and 9999, bytes that are not UTF-8 – first in all fields at once,
then field by field with the others left as the page filled them; and the query string of every view (each URL
pattern once per role, with each value of its word arguments such as a statistic's key) gets the usual list
parameters with hostile values. Nothing may answer 5xx.

One test per role, so the roles spread over the xdist workers; each runs in a savepoint on top of the package's
world with its own logged-in client, so what one role's submissions change is gone before the next role's test.
Each reports one figures line (shown at the end of the run, also under xdist, with the sum over the roles; see
tests/conftest.py).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.test import Client

from tests.conftest import figures, log_in
from tests.robustness.test_walker import MISSING, concrete_pages, url_patterns

pytestmark = pytest.mark.django_db

# The most expensive first (most pages with forms), so that xdist can even out the workers with the short ones.
ROLES = ["admin_fai", "adviser_duesseldorf", "event_manager_ihk", "member_mettmann", "admin_siegtal", "anonymous"]

HOSTILE = [
    "9" * 5000,
    "1e999999999",
    "1E+100000",
    "-1",
    "NaN",
    "\x00",
    "A" * 100_000,
    "<script>alert(1)</script>",
    "' OR 1=1; DROP TABLE cases_case;--",
    "\u202e\U0001f600e\u0301\u0000"[:-1] + "\ufeff\u200b",
    "0001-01-01",
    "9999-12-31",
    "2026-02-31",
    "0001-01-01T00:00",
    "31.12.99999",
    "",
]
# Field by field: the values most likely to pass one field's shape and reach the code behind it.
PER_FIELD = ["9" * 5000, "0001-01-01", "-1", "A" * 10_000]
QUERY_VALUES = ["9" * 5000, "-1", "\x00", "0001-01-01", "A" * 5000]
# Every name a view reads from the query string itself (checked below); filter forms that read request.GET as a whole
# are fuzzed through their fields like any other form.
QUERY_PARAMETERS = [
    *("q", "page", "per_page", "sort", "status", "lang", "as_of", "termin", "region", "period", "limit"),
    *("answer", "art", "datum", "monat", "next", "other", "seite", "sprache", "t", "thema", "verlauf", "wiederholen"),
]
# Read from the query string but not fuzzed, with the reason.
QUERY_NOT_FUZZED = {"strict": "the health check (JSON): with it, 503 is the documented answer when a worker is missing"}
# These would end the session the next requests need.
NOT_SUBMITTED = ("/accounts/logout/", "/konto/ueberall-abmelden/")


class _Forms(HTMLParser):
    """Every <form> with its method, action and fields (name → the value the page filled in)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action"), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind == "file":
                self._form.setdefault("files", []).append(a["name"])
                return
            if kind in ("checkbox", "radio") and a["name"] in self._form["fields"] and "checked" not in a:
                return
            self._form["fields"][a["name"]] = {
                "value": a.get("value", "on" if kind == "checkbox" else ""),
                "type": kind,
            }
        elif tag == "select":
            self._select = a["name"]
            self._form["fields"][a["name"]] = {"value": "", "type": "select"}
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = {"value": "", "type": "textarea"}

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea]["value"] += data


def _first_options(html: str, form: dict) -> None:
    """Selects: the selected option, else the first non-empty one."""
    for name in [n for n, f in form["fields"].items() if f["type"] == "select"]:
        block = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
        if not block:
            continue
        options = re.findall(r'<option[^>]*value="([^"]*)"([^>]*)>', block.group(1))
        chosen = next((v for v, rest in options if "selected" in rest), None)
        form["fields"][name]["value"] = chosen if chosen is not None else next((v for v, _ in options if v), "")


def _submit(client, method: str, url: str, data: dict):
    if method == "post":
        return client.post(url, data)
    return client.get(url, data)


def test_every_query_parameter_a_view_reads_is_fuzzed():
    """Fast: a view that starts to read a new name from the query string gets it fuzzed (or says why not)."""
    read = set()
    for path in (Path(__file__).resolve().parents[2] / "lotse").rglob("*.py"):
        read.update(re.findall(r"""request\.GET(?:\.get\(|\[)["'](\w+)["']""", path.read_text(encoding="utf-8")))
    assert {"verlauf", "q", "termin"} <= read  # the scan finds them
    assert read - set(QUERY_PARAMETERS) - set(QUERY_NOT_FUZZED) == set()


@pytest.mark.parametrize("role", ROLES)
def test_hostile_values_in_every_form_field_never_fail(robust_world, role, settings, record_property):
    settings.ALLOWED_HOSTS = ["testserver"]
    world = robust_world
    pages = sorted(
        {
            (url, variant)
            for route, _ in url_patterns()
            for url, variant in concrete_pages(route, world)
            if str(MISSING) not in url and "unknown-token" not in url
        }
    )
    failures, requests, form_pages, fields_seen, forms_seen, queried = [], 0, set(), set(), set(), set()

    def check(method, url, response, what):
        nonlocal requests
        requests += 1
        if response.status_code >= 500:
            failures.append(f"{role} {method.upper()} {url} [{what}] → {response.status_code}")

    user = world.users[role]
    client = Client(raise_request_exception=False)
    if user is not None:
        # A real session with the second factor: staff would otherwise meet only the 2FA set-up page.
        log_in(client, user)
        assert client.get("/start/").status_code == 200, role
    for page, variant in pages:
        response = client.get(page)
        requests += 1
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        # Query parameters of the page itself: once per variant (the same view for another object reads them the
        # same way), on its first page that answered this role with HTML.
        if variant not in queried:
            queried.add(variant)
            for value in QUERY_VALUES:
                check("get", page, client.get(page, {p: value for p in QUERY_PARAMETERS}), "query")
        html = response.content.decode("utf-8", "replace")
        parser = _Forms()
        parser.feed(html)
        for form in parser.forms:
            action = urljoin(page, form["action"] or page)
            if urlsplit(action).netloc or action.startswith(NOT_SUBMITTED) or not form["fields"]:
                continue
            _first_options(html, form)
            key = (
                re.sub(r"/[\w-]{20,}/|/\d+", "/N", urlsplit(action).path),
                form["method"],
                tuple(sorted(form["fields"])),
            )
            if key in forms_seen:
                continue
            forms_seen.add(key)
            form_pages.add(page)
            base = {name: field["value"] for name, field in form["fields"].items()}
            editable = [n for n, f in form["fields"].items() if f["type"] != "hidden" and n != "csrfmiddlewaretoken"]
            fields_seen.update(f"{key[0]}#{name}" for name in editable)
            for value in HOSTILE:
                data = {**base, **{name: value for name in editable}}
                check(form["method"], action, _submit(client, form["method"], action, data), f"all={value[:12]!r}")
            for name in editable:
                for value in PER_FIELD:
                    data = {**base, name: value}
                    check(
                        form["method"], action, _submit(client, form["method"], action, data), f"{name}={value[:12]!r}"
                    )
            if form["method"] == "post":  # not UTF-8 at all
                body = (
                    urlencode({**base, **{n: "x" for n in editable}}).encode()
                    + b"&"
                    + b"&".join(n.encode() + b"=%FF%FE%C0" for n in editable)
                )
                check(
                    "post",
                    action,
                    client.post(action, body, content_type="application/x-www-form-urlencoded"),
                    "latin-1 bytes",
                )
    if user is not None:  # still the same session: the walk covered the whole role
        assert client.get("/start/").status_code == 200, f"{role} lost its session during the fuzz walk"
    figures(
        record_property,
        "fuzz",
        role,
        f"{len(pages)} URLs opened, {len(queried)} pages × {len(QUERY_VALUES)} hostile query strings, "
        f"{len(form_pages)} pages with forms, {len(forms_seen)} distinct forms "
        f"(action × fields), {len(fields_seen)} distinct fields, {len(HOSTILE)} hostile values in all fields + "
        f"{len(PER_FIELD)} per field + non-UTF-8 bytes, {requests} requests, {len(failures)} failures",
        requests=requests,
        forms=len(forms_seen),
        failures=len(failures),
    )
    assert forms_seen and fields_seen
    assert failures == [], "\n".join(failures[:60])
