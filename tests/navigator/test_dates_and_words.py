"""After the last published values (frozen clock at 2027-01-01 and 2028-06-01) the navigator, its PDF and the API
answer with a provisional notice, never an error; and every page speaks words, not codes."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.urls import reverse

from tests.navigator.test_views import BLUE_CARD, walk

pytestmark = pytest.mark.django_db

CODES = ("not_eligible", "needs_information", "not_applied", "software_developer", " RS ", " RS.", "dont_know")


def visible_text(html: str) -> str:
    """What a reader sees: the page without tags, scripts, styles and attribute values."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def frozen(monkeypatch):
    def freeze(day: date) -> None:
        monkeypatch.setattr("lotse.rules.validation.today", lambda: day)

    return freeze


@pytest.mark.parametrize("day", [date(2027, 1, 1), date(2028, 6, 1)])
def test_navigator_and_pdf_show_the_provisional_notice(client, small_gemeinden, frozen, day):
    frozen(day)
    walk(client, BLUE_CARD, to_the_end=False)
    response = client.get(reverse("navigator:result"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Vorläufige Werte für {day.year}" in page and "Blaue Karte EU" in page and "Möglich" in page
    assert "Blaue Karte EU, Mindestgehalt Regelfall" in page  # the carried-forward threshold is named
    assert "Vorläufig: Für" in page  # and the condition says so
    client.post(reverse("navigator:save"), {"then": "pdf"})
    from lotse.navigator.models import SavedResult

    saved = SavedResult.objects.get()
    assert saved.as_of == day
    pdf = client.get(reverse("navigator:saved_pdf", args=[saved.token]))
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Vorläufige Werte" in text and str(day.year) in text


def test_a_salary_just_above_a_provisional_threshold_is_warned_about(client, small_gemeinden, frozen):
    frozen(date(2027, 3, 1))
    walk(client, {**BLUE_CARD, "job.annual_gross_salary_eur": "51.000"}, to_the_end=False)
    page = client.get(reverse("navigator:result")).content.decode()
    assert "Achtung:" in page and "nur 0,6 % über dem fortgeschriebenen Schwellenwert" in page


@pytest.mark.parametrize("day", [date(2027, 1, 1), date(2028, 6, 1)])
def test_api_without_as_of_answers_with_provisional_values(client, frozen, day):
    frozen(day)
    body = {
        "candidate": {"citizenship": "IN", "qualification": {"level": "academic", "german_recognition": "full"}},
        "job": {"kind": "employment", "isco": "2512", "annual_gross_salary_eur": 55000, "matches_qualification": True},
    }
    response = client.post("/api/v1/assessments", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    result = response.json()
    assert result["as_of"] == day.isoformat()
    assert "blue_card_standard" in result["provisional"]
    blue_card = result["pathways"][0]
    assert blue_card["status"] == "eligible"
    salary = next(c for c in blue_card["conditions"] if c["id"] == "salary_threshold")
    assert salary["provisional"] == ["blue_card_standard"] and "Vorläufig" in salary["explanation"]


def test_beyond_the_carry_forward_the_navigator_explains_instead_of_failing(client, small_gemeinden, frozen):
    frozen(date(2029, 3, 1))
    client.post(reverse("navigator:reset"))
    response = client.post(reverse("navigator:question", args=["candidate.citizenship"]), {"answer": "IN"})
    assert response.status_code == 200
    assert "kennt den Rechtsstand für heute noch nicht" in response.content.decode()
    assert client.session["navigator"]["answers"]["candidate.citizenship"] == ["IN"]  # nothing typed is lost
    for url in (reverse("navigator:result"), reverse("navigator:start")):
        response = client.get(url)
        assert response.status_code == 200 and "kennt den Rechtsstand" in response.content.decode()


def test_words_not_codes_on_the_result_page(client, small_gemeinden):
    serbian = {
        "candidate.citizenship": "RS",
        "job": {"kind": "employment", "answer": "Schweißer"},
        "job.annual_gross_salary_eur": "36.000",
        "candidate.qualification": {"answer": "vocational", "same": "job"},
        "candidate.qualification.german_recognition": {"answer": "not_applied", "p1": "true", "p2": "3"},
    }
    walk(client, serbian)
    page = visible_text(client.get(reverse("navigator:result")).content.decode())
    assert "Serbien" in page and "Schweißer/in" in page and "Noch nicht beantragt" in page
    for code in CODES:
        assert code not in page, code


def test_words_not_codes_in_english(client, small_gemeinden):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    walk(client, {**BLUE_CARD, "job.annual_gross_salary_eur": "55,000"}, to_the_end=False)
    page = visible_text(client.get(reverse("navigator:result")).content.decode())
    assert "EU Blue Card" in page and "Possible" in page and "India" in page and "Software developer" in page
    assert "€55,000" in page
    for code in CODES:
        assert code not in page, code
