"""Issue 13's walk in Chromium, axe-clean on every page, screenshots saved: the navigator with "Mettmann" →
advice request (reference, expected answer, confirmation e-mail, "Mein Bereich") → the adviser accepts → case →
the adviser asks for a document → the employer uploads (an empty upload first: an error) → the adviser asks for a
correction with a reason → the employer uploads again → the adviser accepts → a message each way.

Runs on the database the suite runs on: SQLite (the embedded default) and PostgreSQL (DATABASE_URL, CI)."""

import re

import pytest
from django.core import mail
from django.db import connection

from lotse.accounts.models import Membership, Organisation, User
from lotse.core.scoping import system_access
from tests.browser.conftest import check_axe, log_in, screenshot
from tests.browser.test_navigator import INDIAN_DEVELOPER, go_on, journey
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(reference_data, settings, tmp_path):
    """The NRW places as shipped (the navigator must find "Mettmann"), the Regionalagentur of Düsseldorf/Kreis
    Mettmann, FAI NRW, the Mettmann employer and a second employer elsewhere."""
    from lotse.reference.models import Arbeitsmarktregion
    from lotse.reference.places import load_places

    settings.MEDIA_ROOT = tmp_path
    load_places()
    with system_access("test setup"):
        region = Arbeitsmarktregion.objects.get(slug="duesseldorf-kreis-mettmann")
        orgs = {
            "ra": Organisation.objects.create(
                name="Regionalagentur Düsseldorf/Kreis Mettmann", kind="regionalagentur", region=region
            ),
            "fai": Organisation.objects.create(name="FAI NRW", kind="fai"),
            "employer": Organisation.objects.create(
                name="Mettmanner Metallbau GmbH", kind="unternehmen", region=region, city="Mettmann"
            ),
            "other": Organisation.objects.create(
                name="Sonnenhof Pflege gGmbH",
                kind="unternehmen",
                region=Arbeitsmarktregion.objects.get(slug="muensterland"),
            ),
        }
    for key, org, role, name in [
        ("adviser", "ra", "adviser", "Anna Berater"),
        ("employer", "employer", "member", "Petra Lange"),
        ("other", "other", "member", "Olaf Andere"),
    ]:
        user = User.objects.create_user(email=f"{key}@test.example", password=PASSWORD, full_name=name)
        Membership.objects.create(user=user, organisation=orgs[org], role=role)
    return orgs


def look(page, name: str) -> None:
    """axe on the page and a full-page screenshot under test-artifacts/workspace-<db>-NN-<name>.png."""
    check_axe(page, name)
    look.count += 1
    screenshot(page, f"workspace-{connection.vendor}-{look.count:02d}-{name}")


look.count = 0


def exchange_tab(page, case_pk: int):
    page.goto(f"/faelle/{case_pk}/")
    page.get_by_role("navigation", name="Bereiche des Falls").get_by_role(
        "link", name="Austausch mit dem Unternehmen"
    ).click()
    page.get_by_role("heading", name="Beim Unternehmen angeforderte Unterlagen").wait_for()


def test_employer_workspace_walk(page, people):
    from lotse.cases.models import AdviceRequest, Case, Document

    look.count = 0
    # 1. The navigator with "Mettmann" as the place of work.
    log_in(page, "employer@test.example")
    look(page, "mein-bereich-empty")
    journey(page, f"workspace-{connection.vendor}", INDIAN_DEVELOPER)
    page.get_by_role("link", name="Arbeitsort angeben").click()
    page.locator("form[data-question] input[type=text], form[data-question] input[type=search]").first.fill("Mettmann")
    go_on(page, "Weiter")
    if page.locator('input[name="pick"]').count():  # several places match: take Mettmann
        page.get_by_label(re.compile("^Mettmann")).first.check()
        go_on(page, "Weiter")
    page.get_by_role("heading", level=1, name=re.compile("Ihr Ergebnis")).wait_for()
    assert "Regionalagentur Düsseldorf" in page.content()  # the result reaches the regional agency
    look(page, "navigator-result-mettmann")

    # 2. "Beratung anfragen": reference, expected answer, confirmation e-mail, and the request in "Mein Bereich".
    page.get_by_role("button", name="Beratung anfragen").click()
    page.get_by_role("heading", name="Beratung anfragen").wait_for()
    look(page, "advice-form")
    page.get_by_label("Ihr Name").fill("Petra Lange")
    page.get_by_label("Ihre E-Mail-Adresse").fill("personal@mettmann.example")
    page.get_by_role("button", name="Anfrage senden").click()
    page.get_by_role("heading", name="Ihre Anfrage ist angekommen").wait_for()
    with system_access("test: the request the navigator created"):
        request = AdviceRequest.objects.select_related("region").latest("pk")
    assert request.region.slug == "duesseldorf-kreis-mettmann"
    reference = page.get_by_test_id("advice-reference").inner_text()
    assert reference == request.reference and re.fullmatch(r"ANF-\d{4}-\d{6}", reference)
    assert re.search(r"\d\d\.\d\d\.\d{4}", page.get_by_test_id("advice-due").inner_text())
    look(page, "advice-sent")
    confirmation = [m for m in mail.outbox if m.to == ["personal@mettmann.example"]]
    assert confirmation and reference in confirmation[-1].subject and "/start/" in confirmation[-1].body
    page.get_by_role("link", name=re.compile("Mein Bereich")).first.click()
    row = page.locator(f"[data-request='{reference}']")
    assert "Eingegangen – wird geprüft" in row.inner_text()
    look(page, "mein-bereich-request")

    # 3. The adviser accepts: a case.
    log_in(page, "adviser@test.example")
    page.goto("/faelle/anfragen/")
    look(page, "inbox")
    page.get_by_role("link", name=f"Anfrage {reference}").click()
    page.get_by_label("Vorname der Fachkraft").fill("Priya")
    page.get_by_label("Nachname der Fachkraft").fill("Sharma")
    page.get_by_role("button", name="Annehmen und Fall anlegen").click()
    page.wait_for_url("**/faelle/*/")
    with system_access("test"):
        case = Case.objects.get(pk=AdviceRequest.objects.get(pk=request.pk).case_id)
    look(page, "case-accepted")

    # 4. The adviser asks the employer for a document.
    exchange_tab(page, case.pk)
    look(page, "exchange-empty")
    page.get_by_label("Oder eine andere Unterlage (Bezeichnung)").fill("Arbeitsvertrag (unterschrieben)")
    page.get_by_label("Hinweis an das Unternehmen").fill("Bitte alle Seiten als ein PDF.")
    page.get_by_role("button", name="Anfordern").click()
    page.get_by_text("Die Unterlage ist beim Unternehmen angefordert.").wait_for()
    card = page.locator("[data-request-document='extra-1']")
    assert card.get_by_test_id("request-status").inner_text() == "wartet auf das Unternehmen"
    look(page, "exchange-requested")

    # 5. The employer sees it in "Mein Bereich", tries an empty upload (an error), then uploads.
    log_in(page, "employer@test.example")
    assert "Arbeitsvertrag (unterschrieben)" in page.get_by_test_id("todo").inner_text()
    case_row = page.locator(f"[data-case='{case.reference}']")
    assert "Sie: Unterlagen hochladen" in case_row.inner_text()
    look(page, "mein-bereich-todo")
    case_row.get_by_role("link", name=case.reference).click()
    card = page.locator("[data-request-document='extra-1']")
    card.get_by_role("button", name="Hochladen", exact=True).click()
    page.locator("[data-error-summary]").wait_for()
    assert "Bitte wählen Sie eine Datei aus." in page.locator("[data-error-summary]").inner_text()
    look(page, "employer-upload-empty-error")
    card = page.locator("[data-request-document='extra-1']")
    card.get_by_label(re.compile("^Datei hochladen")).set_input_files(
        files=[{"name": "arbeitsvertrag.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    card.get_by_role("button", name="Hochladen", exact=True).click()
    page.get_by_text("Danke, die Datei ist angekommen").wait_for()
    assert page.locator("[data-request-document='extra-1'] [data-testid=request-status]").inner_text() == (
        "liegt vor, wird geprüft"
    )
    look(page, "employer-uploaded")

    # 6. The adviser asks for a correction with a reason.
    log_in(page, "adviser@test.example")
    exchange_tab(page, case.pk)
    card = page.locator("[data-request-document='extra-1']")
    assert "arbeitsvertrag.pdf" in card.inner_text()
    card.get_by_label("Bei einer Korrektur: was soll das Unternehmen ändern?").fill(
        "Die Unterschrift auf Seite 3 fehlt."
    )
    card.get_by_role("button", name="Korrektur anfordern").click()
    page.get_by_text("Korrektur angefordert: Arbeitsvertrag").wait_for()
    look(page, "exchange-correction")

    # 7. The employer sees the reason and uploads again.
    log_in(page, "employer@test.example")
    page.goto(f"/faelle/{case.pk}/")
    card = page.locator("[data-request-document='extra-1']")
    assert "Die Unterschrift auf Seite 3 fehlt." in card.get_by_test_id("correction-reason").inner_text()
    look(page, "employer-correction-asked")
    card.get_by_label(re.compile("^Korrigierte Datei hochladen")).set_input_files(
        files=[{"name": "arbeitsvertrag-unterschrieben.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    card.get_by_role("button", name="Hochladen", exact=True).click()
    page.get_by_text("Danke, die Datei ist angekommen").wait_for()

    # 8. The adviser accepts.
    log_in(page, "adviser@test.example")
    exchange_tab(page, case.pk)
    card = page.locator("[data-request-document='extra-1']")
    assert "arbeitsvertrag-unterschrieben.pdf" in card.inner_text()
    card.get_by_role("button", name="Annehmen", exact=True).click()
    page.get_by_text("Unterlage angenommen: Arbeitsvertrag").wait_for()
    with system_access("test"):
        assert Document.objects.get(case=case, key="extra-1").status == Document.Status.CHECKED
    look(page, "exchange-accepted")

    # 9. A message each way.
    page.get_by_label("Ihre Nachricht").fill("Danke! Wir melden uns, sobald die ZFE NRW antwortet.")
    page.get_by_role("button", name="Nachricht senden").click()
    page.get_by_text("Ihre Nachricht wurde gesendet.").wait_for()
    notice = mail.outbox[-1]
    assert notice.to == ["employer@test.example"] and "ZFE NRW antwortet" not in notice.body

    log_in(page, "employer@test.example")
    assert "Neueste Nachrichten der Beratung" in page.content()
    page.goto(f"/faelle/{case.pk}/")
    conversation = page.get_by_test_id("conversation")
    assert "Wir melden uns, sobald die ZFE NRW antwortet." in conversation.inner_text()
    page.get_by_label("Ihre Nachricht").fill("Gut, wir warten. Der Arbeitsbeginn wäre am 1. März.")
    page.get_by_role("button", name="Nachricht senden").click()
    page.get_by_text("Ihre Nachricht wurde gesendet.").wait_for()
    timeline = page.locator("#timeline").inner_text()
    assert "Nachricht des Unternehmens" in timeline and "Nachricht der Beratung" in timeline
    assert "Dokument geprüft: Arbeitsvertrag (unterschrieben)" in timeline
    look(page, "employer-case-final")

    log_in(page, "adviser@test.example")
    exchange_tab(page, case.pk)
    assert "Der Arbeitsbeginn wäre am 1. März." in page.get_by_test_id("conversation").inner_text()
    look(page, "exchange-final")

    # The second employer sees none of it.
    log_in(page, "other@test.example")
    content = page.content()
    assert reference not in content and case.reference not in content and "Arbeitsvertrag" not in content
    response = page.goto(f"/faelle/{case.pk}/")
    assert response.status == 404
    print(f"\nworkspace walk on {connection.vendor}: {look.count} pages checked with axe and saved")
