"""Employer journeys through the navigator in a real Chromium: axe on every step, screenshots, the number of
questions to the result printed, the PDF; and the provisional notice with the clock frozen after 2026."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS, check_axe, screenshot

pytestmark = pytest.mark.browser

# question id → {form field: value}; every other question is answered "Weiß ich noch nicht".
INDIAN_DEVELOPER = {
    "candidate.citizenship": {"answer": "IN"},
    "job": {"kind": "employment", "answer": "Softwareentwickler"},
    "job.annual_gross_salary_eur": {"answer": "55.000"},
    "candidate.qualification": {"answer": "academic", "same": "job"},
    "candidate.qualification.german_recognition": {"answer": "full", "p1": "true"},
}
INDIAN_DEVELOPER_EN = {
    **INDIAN_DEVELOPER,
    "job": {"kind": "employment", "answer": "software developer"},
    "job.annual_gross_salary_eur": {"answer": "55,000"},  # typed the English way
}

FILIPINO_NURSE = {
    "candidate.citizenship": {"answer": "PH"},
    "job": {"kind": "employment", "answer": "Pflegefachkraft"},
    "job.annual_gross_salary_eur": {"answer": "42.000"},
    "candidate.qualification": {"answer": "academic", "same": "job"},
    "candidate.qualification.german_recognition": {"answer": "not_applied", "p1": "true"},
    "candidate.person": {"answer": "27", "p1": "B1", "p2": "C1"},
    "job.employer": {"answer": "false", "p1": "true", "p2": "true", "p3": "true"},
}

SERBIAN_WELDER = {
    "candidate.citizenship": {"answer": "RS"},
    "job": {"kind": "employment", "answer": "Schweißer"},
    "job.annual_gross_salary_eur": {"answer": "36000 €"},
    "candidate.qualification": {"answer": "vocational", "same": "job"},
    "candidate.qualification.german_recognition": {"answer": "not_applied", "p1": "true", "p2": "3"},
    "candidate.person": {"answer": "34", "p1": "A1", "p2": "A2"},
    "job.employer": {"answer": "false", "p1": "false", "p2": "false", "p3": "false"},
    "candidate.stay": {"answer": "abroad", "p1": "0", "p2": "false", "p3": "false"},
}

BRAZILIAN_COOK = {
    "candidate.citizenship": {"answer": "BR"},
    "job": {"kind": "employment", "answer": "Koch"},
    "job.annual_gross_salary_eur": {"answer": "38.000"},
    "candidate.qualification": {"answer": "vocational", "same": "job"},
    "candidate.qualification.german_recognition": {"answer": "full", "p1": "true", "p2": "3"},
    "candidate.stay": {"answer": "abroad", "p1": "0", "p2": "false", "p3": "false"},
    "candidate.person": {"answer": "31", "p1": "A2", "p2": "B1"},
    "job.employer": {"answer": "false", "p1": "true", "p2": "false", "p3": "false"},
    "candidate.experience": {"answer": "4", "p1": "6"},
}


def current_question(page) -> str | None:
    form = page.locator("form[data-question]")
    return form.get_attribute("data-question") if form.count() else None


def fill(page, values: dict) -> None:
    for name, value in values.items():
        radio = page.locator(f'input[type="radio"][name="{name}"][value="{value}"]')
        select = page.locator(f'select[name="{name}"]')
        if radio.count():
            radio.check()
        elif select.count():
            select.select_option(value)
        else:
            page.locator(f'input[name="{name}"]').fill(value)


def go_on(page, button: str) -> None:
    """Submit the step and wait until it is replaced (htmx swap) or another page has loaded."""
    page.evaluate("() => document.querySelector('form[data-question]').setAttribute('data-stale', '1')")
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_function("() => !document.querySelector('form[data-stale]')")
    page.wait_for_load_state()


def journey(page, name: str, answers: dict, *, english: bool = False, limit: int = 25) -> list[str]:
    """Walk the interview until the first result page; returns the questions answered (printed)."""
    page.goto("/navigator/")
    if english:
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "en"
    check_axe(page, f"{name}: start")
    screenshot(page, f"nav-{name}-00-start")
    page.locator("form[action$='/navigator/neu/'] button").first.click()
    next_label, dont_know = ("Continue", "I don’t know yet") if english else ("Weiter", "Weiß ich noch nicht")
    asked: list[str] = []
    for number in range(1, limit):
        qid = current_question(page)
        if qid is None:
            break
        asked.append(qid)
        check_axe(page, f"{name}: {qid}")
        screenshot(page, f"nav-{name}-{number:02d}-{qid}")
        if qid in answers:
            fill(page, answers[qid])
            go_on(page, next_label)
            if page.locator('input[name="pick"]').count():  # several occupations match: take the first
                check_axe(page, f"{name}: {qid} choice")
                screenshot(page, f"nav-{name}-{number:02d}-{qid}-choice")
                page.locator('input[name="pick"]').first.check()
                go_on(page, next_label)
            errors = page.locator(".kern-error")
            assert not errors.count() or current_question(page) != qid, errors.all_inner_texts()
        else:
            go_on(page, dont_know)
    page.get_by_role("heading", level=1, name=re.compile("Your result|Ihr Ergebnis")).wait_for()
    check_axe(page, f"{name}: result")
    screenshot(page, f"nav-{name}-99-result")
    print(f"\n{name}: {len(asked)} questions to the result: {', '.join(asked)}")
    return asked


walk = journey  # the case-work browser tests start with the same navigator journey


def card_text(page, pathway_id: str) -> str:
    """The text of a pathway's card, also when it sits in the folded list of closed pathways."""
    return page.locator(f"#weg-{pathway_id}").text_content()


def pdf_text(content: bytes, name: str) -> str:
    from pypdf import PdfReader

    path = ARTIFACTS / f"{name}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    path.write_bytes(content)
    if Path("/usr/bin/pdftoppm").exists():  # PNGs of the first pages to look at
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(path), str(ARTIFACTS / name)], check=False
        )
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_indian_software_developer_in_english_at_55000(page, small_gemeinden):
    asked = journey(page, "developer-en", INDIAN_DEVELOPER_EN, english=True)
    assert len(asked) <= 6
    blue = card_text(page, "eu_blue_card")
    assert "Possible" in blue and "€55,000" in blue
    main = page.inner_text("main")
    for code in ("not_eligible", "software_developer", " IN ", "eligible "):
        assert code not in main
    assert "India" in main


def test_filipino_nurse_typed_as_pflegefachkraft(page, small_gemeinden):
    asked = journey(page, "nurse", FILIPINO_NURSE)
    assert len(asked) <= 9
    assert asked[1] == "job" and "job.occupation" not in asked  # "Pflegefachkraft" was found at once
    main = page.inner_text("main")
    assert "Pflegefachfrau/Pflegefachmann" in main and "Philippinen" in main
    assert "Möglich" in card_text(page, "recognition_partnership")
    assert "IT-Berufserfahrung" not in card_text(page, "eu_blue_card")


def test_serbian_welder_without_recognised_training(page, small_gemeinden):
    asked = journey(page, "welder", SERBIAN_WELDER)
    assert len(asked) <= 9
    assert "Möglich" in card_text(page, "western_balkans")
    main = page.inner_text("main")
    assert "Serbien" in main and "Schweißer/in" in main and "Noch nicht beantragt" in main


def test_brazilian_cook_with_pdf_and_change_back_to_the_result(page, small_gemeinden):
    asked = journey(page, "cook", BRAZILIAN_COOK)
    assert len(asked) <= 8
    assert "Möglich" in card_text(page, "skilled_worker_vocational") or "Möglich" in card_text(page, "experience_based")
    # "Ändern" on the result page returns to the result
    change = page.locator('a[href$="/job.annual_gross_salary_eur/?next=result"]')
    assert change.inner_text().startswith("Ändern")
    change.click()
    page.locator("#id_answer").fill("39.500")
    go_on(page, "Weiter")
    screenshot(page, "nav-cook-after-change")
    page.get_by_role("heading", level=1, name="Ihr Ergebnis").wait_for()
    assert "39.500 €" in page.inner_text("main")
    with page.expect_download() as download:
        page.get_by_role("button", name="Als PDF speichern").click()
    text = pdf_text(Path(download.value.path()).read_bytes(), "nav-cook-result")
    assert "Fachkraft mit Berufsausbildung" in text and "Checkliste Unterlagen" in text and "Brasilien" in text
    # the hand-off: the place of work routes to the Regionalagentur with its contact data
    page.get_by_role("link", name="Arbeitsort angeben").click()
    page.locator("#id_answer").fill("40822")
    go_on(page, "Weiter")
    page.get_by_role("heading", level=1, name="Ihr Ergebnis").wait_for()
    offices = page.locator("#offices-title").locator("..").inner_text()
    assert "Regionalagentur Düsseldorf" in offices and "Ernst-Schneider-Platz 1" in offices
    check_axe(page, "cook: result with offices")
    screenshot(page, "nav-cook-99-result-offices")


@pytest.mark.parametrize("day", [date(2027, 1, 1), date(2028, 6, 1)])
def test_frozen_clock_after_the_last_published_values(page, small_gemeinden, monkeypatch, day):
    monkeypatch.setattr("lotse.rules.validation.today", lambda: day)
    journey(page, f"provisional-{day.year}", INDIAN_DEVELOPER)
    notice = page.locator(".nav-provisional")
    assert f"Vorläufige Werte für {day.year}" in notice.inner_text()
    assert "Möglich" in card_text(page, "eu_blue_card")
