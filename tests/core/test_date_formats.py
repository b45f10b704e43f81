"""Dates follow the reader's language (ADR 0190): templates and display code name a format, never spell one out.

German: 03.12.2026, 3. Dezember 2026, 3. Dezember 2026, 14:30. English (British, no all-digit dates):
3 Dec 2026, 3 December 2026, 3 December 2026, 14:30. A scan fails on any spelled-out date format in a template
(and on German or American digit orders in display code); pages, mails and the § 45c notice are rendered in both
languages."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lotse.cases.models import Case
from lotse.core.scoping import system_access
from tests.cases.conftest import assessment, cases  # noqa: F401  (fixtures)
from tests.conftest import log_in

ROOT = Path(__file__).resolve().parents[2] / "lotse"
NAMED = {"SHORT_DATE_FORMAT", "DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATETIME_FORMAT", "MONTH_DAY_FORMAT",
         "YEAR_MONTH_FORMAT", "TIME_FORMAT"}
# A weekday's name on its own ("Donnerstag"/"Thursday", "Do"/"Thu") has no order or punctuation to localise; it
# stands next to a named format ("{{ d|date:'l' }}, {{ d|date:'DATETIME_FORMAT' }}").
WEEKDAY = {"l", "D"}
# What a machine reads: the value of a date/datetime input is ISO in every language.
MACHINE = {"Y-m-d", r"Y-m-d\TH:i"}
# Templates that may spell out a format, with the reason. German-only official documents: rendered with
# lang="de" and every label German, their dates stay German whatever the reader's language.
ALLOWED = {
    "templates/cases/contact_export.html": "German-only Art. 15 GDPR information (render_pdf lang='de')",
    "templates/cases/person_export.html": "German-only Art. 15 GDPR information (render_pdf lang='de')",
    "templates/cases/dossier.html": "German-only case dossier for the authorities (render_pdf lang='de')",
}
FORMAT_USE = re.compile(
    r"""\|(?:date|time)(?::(?P<arg>"[^"]*"|'[^']*'|[^\s|}%]+))?"""  # |date:"…", |time:'…', |date:variable
    r"""|\{%\s*now\s+(?P<now>"[^"]*"|'[^']*')"""  # {% now "…" %}
)
VALUE_ATTRIBUTE = re.compile(r'\bvalue="[^"]*"')
THURSDAY = dt.datetime(2026, 12, 3, 14, 30, tzinfo=ZoneInfo("Europe/Berlin"))


def _templates() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*") if p.suffix in (".html", ".txt") and "templates" in p.parts)


def literal_formats(text: str) -> list[tuple[int, str]]:
    """(line, format) of every date/time format in a template that is not a named one: a machine value inside a
    value attribute and a weekday on its own pass."""
    machine_spans = [m.span() for m in VALUE_ATTRIBUTE.finditer(text)]
    found = []
    for match in FORMAT_USE.finditer(text):
        raw = match.group("now") or match.group("arg")
        if raw is None:  # |date without argument: DATE_FORMAT
            continue
        if raw[0] not in "\"'":
            found.append((text.count("\n", 0, match.start()) + 1, raw))  # a variable: cannot be checked
            continue
        fmt = raw[1:-1]
        in_value = any(start <= match.start() < end for start, end in machine_spans)
        if fmt in NAMED or fmt in WEEKDAY or (fmt in MACHINE and in_value):
            continue
        found.append((text.count("\n", 0, match.start()) + 1, fmt))
    return found


def test_scan_finds_spelled_out_formats():
    """The scan itself: it must catch what this change removed, and let through what is allowed."""
    assert literal_formats('{{ d|date:"d.m.Y" }}') == [(1, "d.m.Y")]
    assert literal_formats("x\n{{ d|date:'j. F Y' }}") == [(2, "j. F Y")]
    assert literal_formats('{{ d|time:"H:i" }} {% now "d.m.Y" %}') == [(1, "H:i"), (1, "d.m.Y")]
    assert literal_formats('{{ d|date:fmt }}') == [(1, "fmt")]
    assert literal_formats('<p>{{ d|date:"Y-m-d" }}</p>') == [(1, "Y-m-d")]  # ISO as display text: not allowed
    assert literal_formats('<input type="date" value="{{ d|date:\'Y-m-d\' }}">') == []
    assert literal_formats('{{ d|date:"l" }}, {{ d|date:"DATETIME_FORMAT" }} {{ d|time:"TIME_FORMAT" }}') == []
    assert literal_formats("{{ d|date }} {{ d|date|default:'–' }}") == []


def test_templates_name_their_date_formats():
    offenders, used = [], set()
    for path in _templates():
        found = literal_formats(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(ROOT))
        if name in ALLOWED:
            used.add(name)
            continue
        offenders += [f"{name}:{line}: {fmt}" for line, fmt in found]
    assert offenders == []
    assert used == set(ALLOWED), "an allowed template no longer spells out a format: drop it from ALLOWED"


# --- display code ------------------------------------------------------------------------------------------------

FORMAT_CALLS = {"date_format", "time_format"}
DIGIT_ORDER = re.compile(r"%d\.%m|%d/%m|%m/%d|\bd\.m\.|\bm/d/|\bd/m/")
# Python that writes a digit date on purpose, with the reason.
PYTHON_ALLOWED = {
    "events/documents.py": "CSV export for spreadsheets, German column headers: a German data file",
    "rules/errors.py": "the Django-free engine's German message (its English one is ISO)",
}


def _python_offenders(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            literal = node.args[1] if name in FORMAT_CALLS and len(node.args) > 1 else None
            if isinstance(literal, ast.Constant) and literal.value not in NAMED | WEEKDAY:
                found.append((node.lineno, literal.value))
            if name == "strftime" and node.args and isinstance(node.args[0], ast.Constant):
                if DIGIT_ORDER.search(str(node.args[0].value)):
                    found.append((node.lineno, node.args[0].value))
        if isinstance(node, ast.FormattedValue) and isinstance(node.format_spec, ast.JoinedStr):
            spec = "".join(str(v.value) for v in node.format_spec.values if isinstance(v, ast.Constant))
            if DIGIT_ORDER.search(spec):
                found.append((node.lineno, spec))
    return found


def test_python_scan_finds_spelled_out_formats():
    assert _python_offenders('date_format(day, "j. F Y")') == [(1, "j. F Y")]
    assert _python_offenders('f"{day:%d.%m.%Y}"') == [(1, "%d.%m.%Y")]
    assert _python_offenders('day.strftime("%m/%d/%Y")') == [(1, "%m/%d/%Y")]
    assert _python_offenders('f"{day:%Y-%m-%d}"; date_format(day, "SHORT_DATE_FORMAT")') == []


def test_display_code_names_its_date_formats():
    offenders, used = [], set()
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        name = str(path.relative_to(ROOT))
        found = _python_offenders(path.read_text(encoding="utf-8"))
        if name in PYTHON_ALLOWED and found:
            used.add(name)
            continue
        offenders += [f"{name}:{line}: {fmt}" for line, fmt in found]
    assert offenders == []
    assert used == set(PYTHON_ALLOWED)


# --- the formats ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("de", ["03.12.2026", "3. Dezember 2026", "03.12.2026 14:30", "3. Dezember 2026, 14:30", "3. Dezember",
                "Dezember 2026", "14:30"]),
        ("en", ["3 Dec 2026", "3 December 2026", "3 Dec 2026, 14:30", "3 December 2026, 14:30", "3 December",
                "December 2026", "14:30"]),
    ],
)
def test_named_formats_per_language(lang, expected):
    from django.utils import formats

    names = ["SHORT_DATE_FORMAT", "DATE_FORMAT", "SHORT_DATETIME_FORMAT", "DATETIME_FORMAT", "MONTH_DAY_FORMAT",
             "YEAR_MONTH_FORMAT", "TIME_FORMAT"]
    with translation.override(lang):
        assert [formats.date_format(THURSDAY, name) for name in names] == expected


@pytest.mark.parametrize("typed", ["2026-12-03", "03/12/2026", "03.12.2026", "3 Dec 2026", "3 December 2026"])
def test_english_input_is_day_first(typed):
    """A date typed in English means what an English page shows: 03/12/2026 is 3 December, not 12 March."""
    with translation.override("en"):
        assert forms.DateField().clean(typed) == dt.date(2026, 12, 3)


def test_german_input_formats_are_djangos():
    with translation.override("de"):
        assert forms.DateField().clean("03.12.2026") == dt.date(2026, 12, 3)
        assert forms.DateField().clean("2026-12-03") == dt.date(2026, 12, 3)


# --- pages, mails, documents ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_adviser_case_page_shows_dates_in_the_readers_language(client, world, cases):  # noqa: F811
    case = cases["a"]
    with system_access("test"):
        Case.objects.filter(pk=case.pk).update(assessed_on=dt.date(2026, 12, 3))
    log_in(client, world["users"]["adviser_a"])
    url = reverse("cases:detail", args=[case.pk])
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    client.cookies["django_language"] = "de"
    german = client.get(url).content.decode()
    assert "checked on 3 Dec 2026" in english and "03.12.2026" not in english
    assert "geprüft am 03.12.2026" in german and "3 Dec 2026" not in german


def _mail(template: str, lang: str, status: str = "confirmed") -> str:
    event = SimpleNamespace(title="Workshop", has_address=False, has_online_part=False, online_url="", address="")
    registration = SimpleNamespace(name="Priya", status=status, offer_expires_at=THURSDAY + dt.timedelta(days=2))
    session = SimpleNamespace(starts_at=THURSDAY, ends_at=THURSDAY + dt.timedelta(hours=2))
    with translation.override(lang):
        return render_to_string(template, {"event": event, "session": session, "registration": registration,
                                           "name": "Priya", "manage_url": "https://x.example/m",
                                           "confirm_url": "https://x.example/c", "body": "Hallo"})


@pytest.mark.parametrize("template", ["events/mail/offer.txt", "events/mail/optin.txt", "events/mail/rule.txt",
                                      "events/mail/status.txt"])
def test_event_mails_write_the_date_in_the_recipients_language(template):
    english, german = _mail(template, "en"), _mail(template, "de")
    assert "Date: Thursday, 3 December 2026, 14:30" in english and "(German time)" in english
    assert "Uhr" not in english and "Dezember" not in english and "Donnerstag" not in english
    assert "Termin: Donnerstag, 3. Dezember 2026, 14:30" in german and "Uhr" in german
    if template.endswith(("optin.txt", "status.txt")):
        assert "14:30–16:30 (German time)" in english and "14:30–16:30 Uhr" in german


def test_offer_deadline_in_english_has_no_uhr():
    english = _mail("events/mail/offer.txt", "en", status="offered")
    assert "Please accept the offer by 5 December 2026, 14:30." in english


def test_notice_writes_each_language_blocks_date_in_its_language():
    """The § 45c notice is bilingual: the German block says 03.12.2026, the English one 3 Dec 2026, in either
    page language (the PDF is rendered in German)."""
    texts = [{"lang": lang, "text": {"first_day_label": label}, "office": {}} for lang, label in
             (("de", "Erster Arbeitstag"), ("en", "First working day"))]
    for page_language in ("de", "en"):
        with translation.override(page_language):
            context = {"texts": texts, "employer_name": "A GmbH", "work": {}, "first_working_day": dt.date(2026, 12, 3)}
            html = render_to_string("welcome/_notice_body.html", context)
        german, english = html.split('lang="en"')
        assert "Erster Arbeitstag: 03.12.2026" in german
        assert "First working day: 3 Dec 2026" in english
