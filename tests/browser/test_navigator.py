"""Five employer journeys through the navigator in a real Chromium: axe on every step, screenshots, the PDF."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest

from lotse.rules.interview import question
from tests.browser.conftest import ARTIFACTS, check_axe, screenshot

pytestmark = pytest.mark.browser

INDIAN_DEVELOPER = {
    "candidate.citizenship": "IN",
    "job.kind": "employment",
    "candidate.qualification.level": "academic",
    "candidate.qualification.german_recognition": "full",
    "candidate.qualification.profession": "software_developer",
    "job.isco": "Softwareentwickler/in",
    "job.annual_gross_salary_eur": "58.000",
    "job.matches_qualification": "true",
    "job.qualified": "true",
    "job.temporary_agency_work": "false",
    "candidate.qualification.state_recognised_abroad": "true",
    "candidate.qualification.duration_years": "4",
    "candidate.qualification.obtained_on": "2019-06-30",
    "candidate.experience.years_last_5": "5",
    "candidate.experience.years_last_7": "6",
    "candidate.languages.german": "A1",
    "candidate.languages.english": "C1",
    "candidate.age": "29",
    "candidate.residence": "abroad",
    "candidate.funds_secured": "true",
    "job.duration_months": "open",
    "job.weekly_hours": "40",
    "job.employer_collective_agreement": "false",
    "job.municipality_ags": "40822",
}

SERBIAN_COOK = {
    "candidate.citizenship": "RS",
    "job.kind": "employment",
    "candidate.qualification.level": "vocational",
    "candidate.qualification.german_recognition": "not_applied",
    "candidate.qualification.profession": "cook",
    "job.isco": "Koch",
    "job.annual_gross_salary_eur": "34000",
    "job.qualified": "true",
    "job.matches_qualification": "true",
    "job.temporary_agency_work": "false",
    "candidate.asylum_benefits_last_24_months": "false",
    "candidate.age": "31",
    "candidate.qualification.state_recognised_abroad": "true",
    "candidate.qualification.duration_years": "3",
    "candidate.experience.years_last_5": "4",
    "candidate.experience.years_last_7": "6",
    "candidate.languages.german": "A2",
    "candidate.languages.english": "A2",
    "candidate.residence": "abroad",
    "candidate.funds_secured": "false",
    "job.employer_collective_agreement": "false",
    "job.duration_months": "open",
    "job.municipality_ags": "Witten",
}

PHILIPPINE_NURSE = {
    "candidate.citizenship": "PH",
    "job.kind": "employment",
    "candidate.qualification.level": "academic",
    "candidate.qualification.german_recognition": "not_applied",
    "candidate.qualification.profession": "nurse",
    "job.isco": "2221",
    "job.qualified": "true",
    "job.matches_qualification": "true",
    "job.temporary_agency_work": "false",
    "candidate.qualification.state_recognised_abroad": "true",
    "candidate.qualification.duration_years": "4",
    "candidate.languages.german": "B1",
    "job.recognition_partnership_agreement": "true",
    "job.employer_suitable_for_training": "true",
    "job.annual_gross_salary_eur": "40000",
    "candidate.age": "27",
    "job.licence_to_practise": "false",
    "job.municipality_ags": "40472",
}

EU_CITIZEN = {"candidate.citizenship": "PL"}

INCOMPLETE = {"candidate.citizenship": "VN", "job.kind": "employment"}


def current_question(page) -> str | None:
    form = page.locator("form[data-question]")
    return form.get_attribute("data-question") if form.count() else None


def fill_answer(page, qid: str, value: str) -> None:
    q = question(qid)
    if q.kind in ("choice", "boolean") or (q.kind == "duration" and value == "open"):
        page.locator(f'input[name="answer"][value="{value}"]').check()
    elif q.kind in ("country", "profession"):
        page.locator("#id_answer").select_option(value)
    elif q.kind == "duration":
        page.locator('input[name="answer"][value="fixed"]').check()
        page.locator("#id_months").fill(value)
    else:
        page.locator("#id_answer").fill(value)


def go_on(page, previous: str, button: str = "Weiter") -> None:
    """Submit the step and wait until it is replaced (htmx swap) or the result page has loaded."""
    page.evaluate("() => document.querySelector('form[data-question]').setAttribute('data-stale', '1')")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_function("() => !document.querySelector('form[data-stale]')")
    page.wait_for_load_state()


def walk(page, journey: str, answers: dict, *, limit: int = 40, on_step=None) -> list[str]:
    page.goto("/navigator/")
    check_axe(page, f"{journey}: start")
    screenshot(page, f"nav-{journey}-00-start")
    page.get_by_role("button", name="Prüfung starten").click()
    asked: list[str] = []
    for number in range(1, limit):
        qid = current_question(page)
        if qid is None:
            break
        asked.append(qid)
        check_axe(page, f"{journey}: {qid}")
        screenshot(page, f"nav-{journey}-{number:02d}-{qid}")
        if on_step is not None and on_step(page, qid):
            continue
        if qid in answers:
            fill_answer(page, qid, answers[qid])
            go_on(page, qid)
            if page.locator(".kern-error").count():
                pick = page.locator('input[name="pick"]')
                if pick.count():  # a PLZ that spans Gemeinden or several matching jobs: take the first
                    check_axe(page, f"{journey}: {qid} choice")
                    screenshot(page, f"nav-{journey}-{number:02d}-{qid}-choice")
                    pick.first.check()
                    go_on(page, qid)
        else:
            go_on(page, qid, "Weiß ich noch nicht")
    page.get_by_role("heading", level=1, name="Ihr Ergebnis").wait_for()
    check_axe(page, f"{journey}: result")
    screenshot(page, f"nav-{journey}-99-result")
    return asked


def card(page, title: str):
    return page.locator(".nav-card", has=page.get_by_role("heading", name=re.compile(title)))


def pdf_text(content: bytes, name: str) -> str:
    from pypdf import PdfReader

    path = ARTIFACTS / f"{name}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    path.write_bytes(content)
    if Path("/usr/bin/pdftoppm").exists():  # a PNG of the first page to look at
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(path), str(ARTIFACTS / name)], check=False
        )
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_indian_software_developer_blue_card_pdf_and_advice(page, small_gemeinden):
    asked = walk(page, "bluecard", INDIAN_DEVELOPER)
    assert asked[0] == "candidate.citizenship"
    blue = card(page, "Blaue Karte EU")
    assert "Möglich" in blue.inner_text()
    assert blue.locator("svg[role=img]").count() == 1, "timeline chart regular vs § 81a"
    assert "Beschleunigtes Fachkräfteverfahren" in blue.inner_text()
    assert "Regionalagentur" in page.locator("#offices-title").locator("..").inner_text()
    assert "Rechtsstand vom" in page.inner_text("main")

    with page.expect_download() as download:
        page.get_by_role("button", name="Als PDF speichern").click()
    text = pdf_text(Path(download.value.path()).read_bytes(), "nav-bluecard-result")
    assert "Blaue Karte EU" in text and "Checkliste Unterlagen" in text
    assert "Rechtsstand" in text and "keine rechtsverbindliche Entscheidung" in text
    assert "Reisepass" in text

    page.get_by_role("button", name="Beratung anfragen").click()
    page.get_by_role("heading", name="Beratung anfragen").wait_for()
    check_axe(page, "bluecard: advice form")
    screenshot(page, "nav-bluecard-advice")
    page.get_by_label("Name des Unternehmens").fill("Mettmanner Software GmbH")
    page.get_by_label("E-Mail-Adresse (Anmeldung)").fill("hr@mettmann-software.example")
    page.get_by_label("Passwort").fill("ein-sicheres-passwort")
    page.get_by_label("Ihr Name").fill("Erika Muster")
    page.get_by_label("Ihre E-Mail-Adresse").fill("hr@mettmann-software.example")
    page.get_by_role("button", name="Anfrage senden").click()
    page.get_by_role("heading", name="Ihre Anfrage ist angekommen").wait_for()
    check_axe(page, "bluecard: advice sent")
    screenshot(page, "nav-bluecard-advice-sent")
    assert "Abmelden" in page.inner_text("header")


def test_serbian_cook_western_balkans_with_bad_input(page, small_gemeinden):
    seen = set()

    def bad_input_first(page, qid):
        if qid == "job.annual_gross_salary_eur" and qid not in seen:
            seen.add(qid)
            page.locator("#id_answer").fill("-34000")
            go_on(page, qid)
            error = page.locator("#id_answer-error")
            assert "nicht negativ" in error.inner_text()
            assert page.locator("#id_answer").input_value() == "-34000", "nothing typed is lost"
            check_axe(page, "cook: salary error")
            screenshot(page, "nav-cook-salary-error")
            return True
        if qid == "job.municipality_ags" and qid not in seen:
            seen.add(qid)
            page.locator("#id_answer").fill("99999")
            go_on(page, qid)
            assert "99999" in page.locator("#id_answer-error").inner_text()
            assert page.locator("#id_answer").input_value() == "99999"
            check_axe(page, "cook: unknown PLZ")
            screenshot(page, "nav-cook-plz-error")
            return True
        return False

    walk(page, "cook", SERBIAN_COOK, on_step=bad_input_first)
    assert {"job.annual_gross_salary_eur", "job.municipality_ags"} <= seen
    assert "Möglich" in card(page, "Westbalkan").inner_text()
    assert "Witten" in page.inner_text("#offices-title")


def test_philippine_nurse_recognition_partnership_and_back(page, small_gemeinden):
    went_back = []

    def back_once(page, qid):
        if qid == "candidate.qualification.profession" and not went_back:
            went_back.append(qid)
            page.get_by_role("link", name="Zurück").click()
            page.wait_for_load_state()
            previous = current_question(page)
            checked = page.locator('input[name="answer"]:checked')
            assert checked.count() == 1, f"{previous}: the earlier answer is still selected"
            go_on(page, previous)
            return True
        return False

    walk(page, "nurse", PHILIPPINE_NURSE, on_step=back_once)
    assert went_back
    assert "Möglich" in card(page, "Anerkennungspartnerschaft").inner_text()


def test_eu_citizen_free_movement_after_one_question(page, small_gemeinden):
    asked = walk(page, "eu", EU_CITIZEN)
    assert asked == ["candidate.citizenship"]
    assert "Freizügigkeit" in page.inner_text("main")


def test_incomplete_profile_needs_information_with_missing_items(page, small_gemeinden):
    walk(page, "incomplete", INCOMPLETE)
    blue = card(page, "Blaue Karte EU")
    assert "Angaben fehlen" in blue.inner_text()
    assert "Was noch fehlt" in blue.inner_text()
    assert blue.get_by_role("link", name=re.compile("Bruttojahresgehalt")).count() == 1
    # English works too
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    check_axe(page, "incomplete: result (en)")
    screenshot(page, "nav-incomplete-99-result-en")
    page.get_by_role("button", name="Deutsch").click()


def test_unknown_citizenship_page_is_axe_clean(page, small_gemeinden):
    page.goto("/navigator/")
    page.get_by_role("button", name="Prüfung starten").click()
    go_on(page, "candidate.citizenship", "Weiß ich noch nicht")
    page.get_by_role("heading", level=1, name="Ohne Staatsangehörigkeit können wir noch nichts prüfen").wait_for()
    check_axe(page, "navigator: citizenship unknown")
    screenshot(page, "nav-no-citizenship")
