"""English readers meet no German the application itself wrote: each role's main pages (anonymous, employer,
adviser, organiser, analyst), reached by following the links from its start pages with the demo data loaded, are
read in English and searched for tell-tale German words.

What may stay German: what people typed (news, messages, workshop texts without English, company names) and
proper names of authorities, organisations and places — taken from the database, not listed by hand. Legal terms
(Aufenthaltstitel, § references, Ausländerbehörde …) are not tell-tale words. The generated texts that are stored
in German (case steps, documents, timers, authority remits) are NOT taken as allowed, so they must be translated
on display."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.utils import translation

from lotse.core.scoping import system_access
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

TELL_TALE = re.compile(
    r"\b(und|oder|Bitte|bitte|für|nicht|der|die|das|mit|wird|werden|Ihre|Unterlagen|Beratung|noch|eine|zum|zur|"
    r"Beschleunigtes|Reguläres|Zustimmung|Anerkennung|Unterlage|erteilt|angefordert|geplant|erledigt)\b"
)
QUOTED = re.compile(r"„[^“]*“|“[^”]*”|\"[^\"]*\"")
SKIP = re.compile(r"/(accounts/logout|i18n|api)/|\.(pdf|ics|csv|rss|zip)\b|export|herunterladen|/datei/|abmelden")
START = ["/", "/start/", "/workshops/", "/behoerden/", "/navigator/", "/faelle/", "/impressum/", "/datenschutz/",
         "/barrierefreiheit/", "/kontakt/"]
ROLES = {
    "anonymous": None,
    "employer": "personal@mettmanner-metallbau.example",
    "adviser": "beratung.duesseldorf@lotse.example",
    "organiser": "veranstaltungen@lotse.example",
    "analyst": "auswertung@lotse.example",
}
# Texts generated from configuration or rules and stored in German: these must be translated on display.
GENERATED = {("cases", "CaseStep"), ("cases", "Document"), ("cases", "DeadlineTimer"), ("reference", "Authority.remit")}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "textarea"):  # a textarea holds what someone typed
            self._skip += 1
        if tag == "a" and (attrs.get("href") or "").startswith("/"):
            self.links.append(attrs["href"].split("#")[0])
        self.parts += [attrs[k] for k in ("aria-label", "title", "alt", "placeholder") if attrs.get(k)]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def _typed_or_names() -> list[str]:
    """Every text stored in the database except the generated ones: what people typed and proper names, longest
    first (so that "Bezirksregierung Arnsberg – …" goes before "Arnsberg")."""
    texts = set()
    with system_access("test: allowed German"):
        for model in apps.get_models():
            if not model.__module__.startswith("lotse.") or (model._meta.app_label, model.__name__) in GENERATED:
                continue
            fields = [f.name for f in model._meta.concrete_fields
                      if isinstance(f, (models.CharField, models.TextField)) and not f.choices
                      and f"{model.__name__}.{f.name}" not in {g[1] for g in GENERATED}]
            manager = getattr(model, "unscoped", model._default_manager)
            for row in manager.values_list(*fields) if fields else ():
                texts.update(" ".join(v.split()) for v in row if v and len(v) > 3)
    return sorted(texts, key=len, reverse=True)


def _german_left(text: str, allowed: list[str]) -> bool:
    for value in allowed:
        if value in text:
            text = text.replace(value, " ")
    return bool(TELL_TALE.search(QUOTED.sub(" ", text)))


@pytest.fixture
def demo(reference_data, settings):
    settings.ALLOWED_HOSTS = ["*"]
    for command in ("load_demo", "load_demo_cases", "load_demo_events", "load_demo_communication"):
        call_command(command, verbosity=0)
    yield _typed_or_names()
    translation.activate("de")


def _walk(email: str | None, limit: int = 40) -> tuple[set[str], dict[str, str]]:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    if email:
        log_in(client, email)
    seen, queue, texts = set(), list(START), {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert '<html lang="en"' in html, url
        parser = _Text()
        parser.feed(html)
        queue += [link for link in parser.links if link not in seen]
        for part in parser.parts:
            texts.setdefault(part, url)
    return seen, texts


@pytest.mark.parametrize("role", ROLES)
def test_no_german_the_application_wrote_reaches_english_readers(demo, role):
    seen, texts = _walk(ROLES[role])
    assert len(seen) >= 15, seen
    german = {text: url for text, url in texts.items() if _german_left(text, demo)}
    assert german == {}


def test_the_check_finds_german(demo):
    """The walk's check is not blind: a generated German text that is not translated is found."""
    assert _german_left("Bitte laden Sie die Unterlagen hoch.", demo)
    assert _german_left("Zustimmung der Bundesagentur für Arbeit", demo)
    assert not _german_left("Please upload the documents (Aufenthaltstitel, § 81a AufenthG).", demo)



