"""The access walker: every URL pattern of the URLconf (no hand-kept list of URLs), reversed with real objects of
several regions and employers, requested as every role and anonymously. It fails on any 5xx and on any 2xx page
that shows a record the role must not see (a marker string of a foreign person, case, note, file, contact or
registration; see conftest). A new URL under an existing prefix is covered without touching this test; a URL
argument the test cannot fill fails it loudly instead of being skipped.

One test per role, so the roles spread over the xdist workers; each runs in a savepoint on top of the package's
world and logs in its own client, so no role's walk can change another's. Each reports one figures line (shown at
the end of the run, also under xdist, with the sum over the roles; see tests/conftest.py).
"""

from __future__ import annotations

import itertools
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import figures, log_in

pytestmark = pytest.mark.django_db

# The keys of world.users (conftest): here, so that the test can be parametrized before the world exists; the test
# checks that the two agree, so a role added to the world cannot be left out.
ROLES = [
    "admin_fai",
    "adviser_fai",
    "adviser_duesseldorf",
    "adviser_muensterland",
    "event_manager_ihk",
    "analyst_mags",
    "member_mettmann",
    "member_sonnenhof",
    "admin_siegtal",
    "admin_ra_duesseldorf",
    "event_manager_ra_muensterland",
    "admin_mettmann",
    "member_siegtal",
    "no_membership",
    "anonymous",
]

MISSING = 999_999_999  # a pk no row has: the page must answer 404/403/302, never 500

# Which objects fill an <int:pk> (or token) argument, by the route before it. Checked in order; the first match wins.
ROUTE_OBJECTS = [
    (r"^faelle/anfragen/<int:pk>", "request"),
    (r"^faelle/vollmachten/<int:pk>", "power_of_attorney"),
    (r"^faelle/aufgaben/<int:pk>", "task"),
    (r"^faelle/dokumente/<int:pk>", "document"),
    (r"^faelle/fachkraefte/<int:pk>", "candidate"),
    (r"^faelle/einwilligungen/<int:pk>", "consent"),
    (r"^faelle/unternehmen/<int:pk>", "company"),
    (r"^faelle/unterlagen/<int:pk>", "document"),
    (r"^mein-bereich/unterlagen/<int:pk>", "document"),
    (r"^mein-bereich/faelle/<int:pk>", "case"),
    (r"^faelle/<int:pk>", "case"),
    (r"^workshops/anmeldung/<str:token>", "registration_token"),
    (r"^workshops/verwaltung/termine/<int:session_pk>", "session"),
    (r"^workshops/verwaltung/anmeldungen/<int:registration_pk>", "registration"),
    (r"^workshops/(verwaltung/)?<int:pk>", "event"),
    (r"^faire-anwerbung/<int:pk>", "selfcheck"),
    (r"^willkommensplan/hinweis-45c/<int:pk>", "notice"),
    (r"^willkommensplan/<int:pk>", "plan"),
    (r"^aktuelles/<int:pk>", "news"),
    (r"^kommunikation/nachrichten/<int:pk>", "news"),
    (r"^kommunikation/kalender/<int:pk>", "entry"),
    (r"^kommunikation/angebote/<int:pk>", "offer"),
    (r"^kommunikation/textvorlagen/<int:pk>", "template"),
    (r"^newsletter/\w+/<str:token>", "subscriber_token"),
    (r"^navigator/r/<str:token>", "saved_token"),
]

# An argument named after its model fills itself wherever it appears (a new URL with it needs no entry above).
NAMED_OBJECTS = {
    "case_pk": "case",
    "candidate_pk": "candidate",
    "document_pk": "document",
    "request_pk": "request",
    "event_pk": "event",
    "session_pk": "session",
    "registration_pk": "registration",
    "plan_pk": "plan",
    "notice_pk": "notice",
}

# Arguments that are words, not objects: every value the views know (an unknown one must be a 404 too).
WORDS = {
    "fmt": ["json", "pdf", "csv", "xlsx", "exe"],
    "kind": ["arbeitgeber", "fachkraft", "x"],
    "action": ["approve", "checkin", "submit", "x"],
    "period_key": ["2026-Q1", "2026-11", "9999-Q9"],
    "task_id": ["anmeldung", "x"],
    "question_id": ["candidate.citizenship", "job.annual_gross_salary_eur", "nope"],
    "uidb64": ["MQ"],
}


def url_patterns() -> list[tuple[str, str]]:
    """(route, name) of every pattern in the URLconf, with the routes of the includes joined."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append((prefix + str(pattern.pattern), pattern.name or ""))

    walk(get_resolver().url_patterns, "")
    return found


def _stat_keys() -> list[str]:
    from lotse.reporting.stats import STATS

    return list(STATS)[:4] + ["nope"]


def _words(route: str, name: str) -> list | None:
    """The values of an argument that is a word, not an object (None for an object)."""
    if name in WORDS:
        return WORDS[name]
    if name == "key":
        return _stat_keys()
    if name == "token" and route.startswith("accounts/reset/"):
        return ["set-password"]
    return None


def argument_values(route: str, world) -> dict[str, list]:
    """For each argument of `route`, the values to try: real objects of several regions/employers plus one that
    does not exist."""
    values = {}
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        words = _words(route, name)
        if words is not None:
            values[name] = words
            continue
        argument = f"<{converter}:{name}>"
        kind = next((k for pattern, k in ROUTE_OBJECTS if re.match(pattern, route) and argument in route), None)
        kind = kind or NAMED_OBJECTS.get(name)
        if kind is None:
            raise AssertionError(f"the walker cannot fill <{name}> of {route}: add its objects to ROUTE_OBJECTS")
        missing = MISSING if converter == "int" else "unknown-token-000"
        values[name] = [*world.objects[kind], missing]
    return values


def concrete_pages(route: str, world) -> list[tuple[str, str]]:
    """(URL, variant) for every combination of argument values. The variant is the route with its word arguments
    filled and its object arguments left open: the URLs of one variant run the same view code for different
    objects, while different words (a statistic's key, an export format) select different code."""
    values = argument_values(route, world)
    names = list(values)
    pages = []
    for combination in itertools.product(*(values[name] for name in names)) if names else [()]:
        url = variant = route.replace("^", "").replace("$", "")
        for name, value in zip(names, combination, strict=True):
            url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
            if _words(route, name) is not None:
                variant = re.sub(rf"<(?:\w+:)?{name}>", str(value), variant)
        pages.append(("/" + url, "/" + variant))
    return pages


def concrete_urls(route: str, world) -> list[str]:
    return [url for url, _variant in concrete_pages(route, world)]


def test_every_url_argument_can_be_filled():
    """Fast: fails before the world is built when a new URL has an argument the walker cannot fill."""

    class Keys:
        objects = {kind: [] for kind in {*dict(ROUTE_OBJECTS).values(), *NAMED_OBJECTS.values()}}

    for route, _name in url_patterns():
        argument_values(route, Keys)


@pytest.mark.parametrize("role", ROLES)
def test_every_url_as_every_role_shows_no_foreign_data_and_never_fails(robust_world, role, settings, record_property):
    settings.ALLOWED_HOSTS = ["testserver"]
    world = robust_world
    assert len(ROLES) == len(set(ROLES)) >= 14
    assert set(ROLES) == set(world.users), "ROLES must list exactly the roles of the world (conftest)"
    patterns = url_patterns()
    assert len(patterns) > 100
    pages = {route: concrete_urls(route, world) for route, _name in patterns}
    user = world.users[role]
    client = Client(raise_request_exception=False)
    if user is not None:
        log_in(client, user)
    foreign = [m for m in world.markers if user is None or user.pk not in m.allowed]
    failures, gets, inspected, foreign_checks = [], 0, 0, 0
    for urls in pages.values():
        for url in urls:
            response = client.get(url)
            gets += 1
            if response.status_code >= 500:
                failures.append(f"{role} GET {url} → {response.status_code}")
                continue
            if 200 <= response.status_code < 300:
                inspected += 1
                body = b"".join(response) if response.streaming else response.content
                text = body.decode("utf-8", "replace")
                for marker in foreign:
                    foreign_checks += 1
                    if marker.text in text:
                        failures.append(f"{role} GET {url} shows a foreign {marker.kind}: {marker.text}")
    urls_total = sum(len(urls) for urls in pages.values())
    figures(
        record_property,
        "walker",
        role,
        f"{len(patterns)} URL patterns, {urls_total} URLs with objects, {gets} GETs, {inspected} pages 2xx inspected, "
        f"{len(world.markers)} foreign-object markers ({len(foreign)} foreign to the role), "
        f"{foreign_checks} marker checks, {len(failures)} failures",
        GETs=gets,
        inspected=inspected,
        marker_checks=foreign_checks,
        failures=len(failures),
    )
    assert failures == [], "\n".join(failures[:50])
