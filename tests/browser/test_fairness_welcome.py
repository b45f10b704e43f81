"""Self-check, welcome plan and § 45c notice in a real Chromium: every page axe-clean, screenshots, PDFs read back
with pypdf and rendered to PNG (test-artifacts/) to look at."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest

from lotse.rules.fairness import selfcheck
from tests.browser.conftest import ARTIFACTS, check_axe, log_in, screenshot

pytestmark = pytest.mark.browser


def pdf_text(content: bytes, name: str) -> str:
    from pypdf import PdfReader

    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(content)
    if Path("/usr/bin/pdftoppm").exists():
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(path), str(ARTIFACTS / name)], check=False
        )
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).first.click()
    return Path(info.value.path()).read_bytes()


def answer_all(page, value: str = "yes", **overrides) -> None:
    for qid in selfcheck.question_ids():
        chosen = overrides.get(qid, value)
        page.locator(f'input[name="{qid}"][value="{chosen}"]').check()


def test_self_check_from_questions_to_pdf_and_saved_progress(page, world):
    page.goto("/faire-anwerbung/")
    check_axe(page, "self-check: questions")
    screenshot(page, "fair-01-questions")
    page.get_by_role("button", name="Ergebnis anzeigen").click()
    page.locator("#error-summary").wait_for()
    check_axe(page, "self-check: error summary")
    screenshot(page, "fair-02-errors")

    page.locator('input[name="context.health_care"][value="yes"]').check()
    page.locator('select[name="context.countries"]').select_option(["GH", "PH"])
    page.locator('input[name="context.westbalkan_agency"][value="no"]').check()
    answer_all(
        page,
        "yes",
        **{"costs.no_fees": "no", "transparency.contract_language": "partly", "language.before_arrival": "no"},
    )
    page.get_by_role("button", name="Ergebnis anzeigen").click()
    page.get_by_role("heading", level=1, name="Ihr Ergebnis: faire Anwerbung").wait_for()
    check_axe(page, "self-check: result")
    screenshot(page, "fair-03-result")
    main = page.inner_text("main")
    assert "Kosten bei der Fachkraft" in main and "Ghana" in main and "Teilweise umgesetzt" in main
    text = pdf_text(download(page, "Aktionsplan als PDF"), "fair-action-plan")
    assert "Aktionsplan faire Anwerbung" in text and "§ 38, § 39 BeschV" in text and "Übersetzung" in text

    log_in(page, "hr@a.example")
    page.goto("/faire-anwerbung/")
    answer_all(page, "no")
    page.locator('input[name="context.health_care"][value="no"]').check()
    page.locator('input[name="context.westbalkan_agency"][value="no"]').check()
    page.get_by_role("button", name="Ergebnis anzeigen").click()
    page.get_by_role("button", name="Für Metall A GmbH speichern").click()
    page.get_by_role("link", name="Check wiederholen").click()
    answer_all(page, "yes")
    page.get_by_role("button", name="Ergebnis anzeigen").click()
    page.get_by_role("button", name="Für Metall A GmbH speichern").click()
    page.get_by_role("link", name="Verlauf und Fortschritt").click()
    check_axe(page, "self-check: history")
    screenshot(page, "fair-04-history")
    assert "100 % (+100)" in page.inner_text("table")

    page.get_by_role("button", name="Abmelden").click()
    log_in(page, "a@test.example")  # the adviser of the employer's region
    page.goto(f"/faelle/unternehmen/{world['orgs']['employer_a'].pk}/")
    page.get_by_role("heading", name="Faire Anwerbung und Willkommensplan").wait_for()
    check_axe(page, "company page with the fair-recruitment panel")
    screenshot(page, "fair-05-company-panel")


def test_welcome_plan_pdfs_ticks_and_notice(page, world, small_gemeinden):
    page.goto("/willkommensplan/")
    check_axe(page, "welcome: form")
    screenshot(page, "welcome-01-form")
    page.get_by_label("Aufenthaltsweg").select_option("skilled_worker_vocational")
    page.get_by_label("Geplantes Ankunftsdatum").fill("2027-03-01")
    page.get_by_label("Die Familie soll später nachkommen").check()
    page.get_by_label("Deutschkenntnisse bei der Ankunft").select_option("A2")
    page.get_by_label("Arbeitsort (PLZ oder Ort in NRW)").fill("40472")
    page.get_by_role("button", name="Plan erstellen").click()
    page.get_by_text("Welcher Ort ist gemeint?").wait_for()
    check_axe(page, "welcome: which place")
    screenshot(page, "welcome-02-pick")
    page.get_by_label("Ratingen (Kreis Mettmann)").check()
    page.get_by_role("button", name="Plan erstellen").click()
    page.get_by_role("heading", level=1, name="Ihr Willkommensplan").wait_for()
    check_axe(page, "welcome: plan")
    screenshot(page, "welcome-03-plan")
    main = page.inner_text("main")
    assert "Ausländerbehörde der Stadt Ratingen" in main and "Familiennachzug vorbereiten" in main
    assert "Beratungsstelle Düsseldorf" in main

    employer_text = pdf_text(
        download(page, "PDF für den Arbeitgeber (mit Begründungen und Quellen)"), "welcome-employer"
    )
    assert "Willkommensplan" in employer_text and "15.03.2027" in employer_text and "Quelle" in employer_text
    worker_text = pdf_text(
        download(page, "PDF für die Fachkraft (einfache Sprache, große Schrift): English"), "welcome-worker-en"
    )
    assert "Your start in North Rhine" in worker_text and "within 2 weeks" in worker_text

    page.get_by_role("link", name="§ 45c-Hinweis „Faire Integration“ erstellen").click()
    page.get_by_label("Name des Arbeitgebers").fill("Ratinger Metall GmbH")
    page.get_by_label("Arbeitsort (PLZ oder Ort in NRW)").fill("Ratingen")
    page.get_by_role("button", name="Hinweis erstellen").click()
    page.get_by_role("heading", level=1, name="Ihr Hinweis nach § 45c AufenthG").wait_for()
    check_axe(page, "notice")
    screenshot(page, "notice-01")
    with page.expect_download() as info:
        page.get_by_role("button", name="Hinweis als PDF (Deutsch und Englisch)").click()
    notice_text = pdf_text(Path(info.value.path()).read_bytes(), "notice")
    assert "Faire Integration NRW" in notice_text and "Notice of free advice" in notice_text

    log_in(page, "hr@a.example")
    page.goto("/willkommensplan/?pathway=eu_blue_card&arrival=2027-03-01&family=none&german=B1&work_place=40822")
    page.get_by_label("Bezeichnung des Plans").fill("Entwicklerin, März")
    page.get_by_role("button", name="Plan für Metall A GmbH speichern").click()
    page.get_by_role("heading", level=1, name="Willkommensplan: Entwicklerin, März").wait_for()
    page.get_by_role("button", name=re.compile(r"^Abhaken.*Wohnsitz bei der Meldebehörde")).click()
    page.get_by_role("button", name=re.compile(r"^Erledigt.*Wohnsitz bei der Meldebehörde")).wait_for()
    assert page.locator("#aufgabe-anmeldung button").get_attribute("aria-pressed") == "true"
    check_axe(page, "welcome: saved plan with a tick")
    screenshot(page, "welcome-04-saved")
    page.reload()
    assert "1 von" in page.inner_text("main")

    page.get_by_role("link", name="§ 45c-Hinweis „Faire Integration“ erstellen").click()
    page.get_by_role("button", name="Hinweis erstellen").click()
    page.get_by_role("button", name="Speichern und Übergabe dokumentieren").click()
    page.get_by_label("Übergeben am").fill("2027-03-08")
    page.get_by_label("per E-Mail").check()
    page.get_by_role("button", name="Übergabe dokumentieren").click()
    page.get_by_text("Übergeben am 08.03.2027, per E-Mail.").wait_for()
    check_axe(page, "notice: hand-over recorded")
    screenshot(page, "notice-02-handover")


def test_welcome_plan_and_notice_from_a_case(page, world, small_gemeinden):
    """The adviser makes the plan from the case page (prefilled), ticks a task, issues the § 45c notice and records
    its hand-over; the employer sees plan, progress and hand-over on its case page and the ticks in the timeline."""
    from lotse.rules import assess
    from tests.cases.conftest import ASSESSMENT_INPUT, make_case

    case = make_case(world, (ASSESSMENT_INPUT, assess(ASSESSMENT_INPUT)), "a")
    log_in(page, "a@test.example")
    page.goto(f"/faelle/{case.pk}/")
    page.get_by_role("link", name="Willkommensplan aus dem Fall anlegen").click()
    page.get_by_role("heading", level=1, name=f"Willkommensplan für Fall {case.reference}").wait_for()
    assert page.get_by_label("Aufenthaltsweg").input_value() == "eu_blue_card"
    assert page.get_by_label("Geplantes Ankunftsdatum").input_value()  # from the case's entry step
    check_axe(page, "welcome: plan from a case")
    screenshot(page, "welcome-05-from-case")
    page.get_by_role("button", name="Plan anlegen").click()
    page.get_by_role("heading", level=1, name=f"Willkommensplan: {case.reference}").wait_for()
    page.get_by_role("button", name=re.compile(r"^Abhaken.*Wohnsitz bei der Meldebehörde")).click()
    page.get_by_role("button", name=re.compile(r"^Erledigt.*Wohnsitz bei der Meldebehörde")).wait_for()

    page.goto(f"/faelle/{case.pk}/")
    page.get_by_role("link", name="§ 45c-Hinweis aus dem Fall erstellen").click()
    assert page.get_by_label("Name des Arbeitgebers").input_value() == "Metall A GmbH"
    assert page.get_by_label("Name der Fachkraft").input_value() == "Priya Sharma"
    page.get_by_role("button", name="Hinweis erstellen").click()
    page.get_by_role("button", name="Speichern und Übergabe dokumentieren").click()
    page.get_by_label("Übergeben am").fill("2026-08-03")
    page.get_by_label("als Anlage zum Arbeitsvertrag").check()
    page.get_by_role("button", name="Übergabe dokumentieren").click()
    page.get_by_text("Übergeben am 03.08.2026, als Anlage zum Arbeitsvertrag.").wait_for()

    page.goto(f"/faelle/{case.pk}/")
    panel = page.get_by_test_id("case-welcome").inner_text()
    assert "1 von" in panel and "übergeben am 03.08.2026" in panel
    check_axe(page, "case page with welcome plan and notice")
    screenshot(page, "welcome-06-case-panel")

    log_in(page, "hr@a.example")  # from a fresh browser session
    page.goto(f"/faelle/{case.pk}/")
    main = page.inner_text("main")
    assert "1 von" in main and "übergeben am 03.08.2026" in main
    assert re.search(r"Willkommensplan: .*Meldebehörde.* – erledigt", main)
    check_axe(page, "employer case page with welcome plan")
    screenshot(page, "welcome-07-employer-case")
