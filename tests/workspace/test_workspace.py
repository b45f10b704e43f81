"""The employer workspace through the real stack: the hand-off receipt, "Mein Bereich", documents exchanged online
(request, upload, correction with a reason, upload again, acceptance), messages each way, scoping by organisation
and region, timeline, audit, e-mails with a link and no content, and the GDPR export."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from lotse.cases import selectors as case_selectors
from lotse.cases.models import Activity, AdviceRequest, Candidate, Document
from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access, visibility_for
from lotse.workspace import service_levels
from lotse.workspace.models import DocumentRequest, Message
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="nachweis.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def request_document(client, case, **data):
    return client.post(reverse("workspace:document_request", args=[case.pk]), data)


def the_request(case) -> DocumentRequest:
    with system_access("test"):
        return DocumentRequest.objects.select_related("document").filter(case=case).latest("pk")


def timeline(case) -> list[str]:
    """The case's timeline entries as their German sentences."""
    with system_access("test"), translation.override("de"):
        return [entry.message for entry in Activity.objects.filter(case=case).order_by("created_at", "id")]


def audit_actions(case_or_obj_ids) -> list[str]:
    return list(AuditEntry.unscoped.order_by("pk").values_list("action", flat=True))


# --- the hand-off ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "received,due",
    [
        (dt.date(2026, 12, 3), dt.date(2026, 12, 7)),  # Thursday → Monday (weekend skipped)
        (dt.date(2026, 12, 23), dt.date(2026, 12, 28)),  # Wednesday → Monday (25 and 26 December, weekend)
        (dt.date(2026, 12, 7), dt.date(2026, 12, 9)),  # Monday → Wednesday
    ],
)
def test_expected_answer_is_two_nrw_working_days_after_receipt(received, due):
    assert service_levels.working_days("advice_request_response") == 2
    assert service_levels.levels()["advice_request_response"]["assumption"] is True
    assert service_levels.advice_response_due(received) == due


def test_advice_request_reference_names_year_and_number(world, cases):
    with system_access("test"):
        request = AdviceRequest.objects.get(case=cases["a"])
    assert request.reference == f"ANF-{request.created_at.year}-{request.pk:06d}"


def test_employer_sees_only_own_requests_and_cases_in_mein_bereich(client, world, cases):
    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("start")).content.decode()
    with system_access("test"):
        own = AdviceRequest.objects.get(employer=world["orgs"]["employer_a"])
        other = AdviceRequest.objects.get(employer=world["orgs"]["employer_b"])
    assert "Mein Bereich" in page
    assert own.reference in page and other.reference not in page
    assert cases["a"].reference in page and cases["b"].reference not in page
    assert "Antwort erwartet bis" in page


def test_new_request_shows_status_and_expected_answer(client, world, assessment):
    from lotse.cases import services

    data, output = assessment
    with system_access("test"):
        request = services.advice_request_create(
            actor=None,
            employer=world["orgs"]["employer_b"],
            region=None,
            assessment_input=data,
            assessment_output=output,
            contact_name="Petra",
            contact_email="hr@b.example",
        )
    log_in(client, world["users"]["employer_b"])
    page = client.get(reverse("start")).content.decode()
    due = service_levels.advice_response_due(request.created_at.date())
    assert request.reference in page and "Eingegangen – wird geprüft" in page and f"{due:%d.%m.%Y}" in page
    log_in(client, world["users"]["employer_a"])
    assert request.reference not in client.get(reverse("start")).content.decode()


# --- documents exchanged online ---------------------------------------------------------------------------------


def test_document_request_upload_correction_upload_again_accept(client, world, cases):
    case = cases["a"]
    adviser = world["users"]["adviser_a"]
    log_in(client, world["users"]["adviser_a"])
    response = request_document(client, case, label="Arbeitsvertrag (unterschrieben)", note="Bitte beide Seiten")
    assert response.status_code == 302
    request = the_request(case)
    document = request.document
    assert document.status == Document.Status.REQUIRED and request.requested_by == adviser
    assert mail.outbox[-1].to == ["hr@a.example"]
    assert reverse("cases:detail", args=[case.pk]) in mail.outbox[-1].body

    # The employer sees it in "Mein Bereich" and on the case; an empty upload is an error.
    log_in(client, world["users"]["employer_a"])
    assert "Arbeitsvertrag (unterschrieben)" in client.get(reverse("start")).content.decode()
    upload_url = reverse("workspace:upload", args=[document.pk])
    response = client.post(upload_url, {})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Datei aus." in response.content.decode()
    response = client.post(upload_url, {"file": pdf(content=b"")})
    assert response.status_code == 400 and "Die gewählte Datei ist leer" in response.content.decode()

    mail.outbox.clear()
    response = client.post(upload_url, {"file": pdf("vertrag.pdf")})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.RECEIVED and document.original_name == "vertrag.pdf"
    assert mail.outbox[-1].to == ["a@test.example"]  # the case's adviser

    # The adviser asks for a correction with a reason; the employer sees the reason and uploads again.
    log_in(client, world["users"]["adviser_a"])
    review_url = reverse("workspace:document_review", args=[document.pk])
    response = client.post(review_url, {"decision": "correct", "reason": ""})
    assert response.status_code == 400 and "was das Unternehmen korrigieren soll" in response.content.decode()
    response = client.post(review_url, {"decision": "correct", "reason": "Unterschrift fehlt auf Seite 2"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == Document.Status.REJECTED

    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Unterschrift fehlt auf Seite 2" in page and "Korrigierte Datei hochladen" in page
    assert client.post(upload_url, {"file": pdf("vertrag-unterschrieben.pdf")}).status_code == 302

    log_in(client, world["users"]["adviser_a"])
    exchange = client.get(reverse("workspace:exchange", args=[case.pk])).content.decode()
    assert "vertrag-unterschrieben.pdf" in exchange
    assert client.post(review_url, {"decision": "accept"}).status_code == 302
    document.refresh_from_db()
    request.refresh_from_db()
    assert document.status == Document.Status.CHECKED and request.closed_at is not None
    # Accepted: the employer may not replace it any more.
    log_in(client, world["users"]["employer_a"])
    assert client.post(upload_url, {"file": pdf()}).status_code == 400

    entries = timeline(case)
    assert "Unterlage beim Unternehmen angefordert: Arbeitsvertrag (unterschrieben)" in entries
    assert entries.count("Dokument eingegangen: Arbeitsvertrag (unterschrieben)") == 2
    assert "Dokument abgelehnt: Arbeitsvertrag (unterschrieben)" in entries
    assert "Dokument geprüft: Arbeitsvertrag (unterschrieben)" in entries
    actions = audit_actions(case)
    assert actions.count("document.request") == 1
    assert actions.count("document.upload") == 2
    assert actions.count("document.status") == 2

    # The dossier lists the file names.
    log_in(client, world["users"]["adviser_a"])
    response = client.get(reverse("cases:dossier_pdf", args=[case.pk]))
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "vertrag-unterschrieben.pdf" in "".join(text.split())  # the table cell may wrap the name


def test_checklist_document_can_be_requested_and_not_twice(client, world, cases):
    case = cases["a"]
    passport = Document.unscoped.get(case=case, key="passport")
    log_in(client, world["users"]["adviser_a"])
    assert request_document(client, case, document=passport.pk, due_on="2099-01-31").status_code == 302
    # Requested already: no longer offered, and a second request is refused with a message.
    page = client.get(reverse("workspace:exchange", args=[case.pk])).content.decode()
    assert f'<option value="{passport.pk}"' not in page
    response = request_document(client, case, document=passport.pk)
    assert response.status_code == 400
    response = request_document(client, case)
    assert response.status_code == 400
    assert (
        "Bitte wählen Sie eine Unterlage aus der Liste oder geben Sie die Bezeichnung an." in response.content.decode()
    )
    response = request_document(client, case, label="Zeugnis", due_on="2001-01-01")
    assert response.status_code == 400 and "nicht in der Vergangenheit" in response.content.decode()


def test_employer_cannot_upload_what_was_not_requested(client, world, cases):
    passport = Document.unscoped.get(case=cases["a"], key="passport")
    log_in(client, world["users"]["employer_a"])
    response = client.post(reverse("workspace:upload", args=[passport.pk]), {"file": pdf()})
    assert response.status_code == 400 and "nicht bei Ihnen angefordert" in response.content.decode()


# --- messages -----------------------------------------------------------------------------------------------------


def test_messages_each_way_with_mail_without_content(client, world, cases):
    case = cases["a"]
    log_in(client, world["users"]["employer_a"])
    url = reverse("workspace:employer_message", args=[case.pk])
    assert client.post(url, {"text": "  "}).status_code == 400
    response = client.post(url, {"text": "Wann kommt die Vorabzustimmung?"})
    assert response.status_code == 302
    notice = mail.outbox[-1]
    assert notice.to == ["a@test.example"] and "Vorabzustimmung?" not in notice.body
    assert reverse("workspace:exchange", args=[case.pk]) in notice.body

    log_in(client, world["users"]["adviser_a"])
    page = client.get(reverse("workspace:exchange", args=[case.pk])).content.decode()
    assert "Wann kommt die Vorabzustimmung?" in page
    response = client.post(
        reverse("workspace:adviser_message", args=[case.pk]), {"text": "Voraussichtlich nächste Woche."}
    )
    assert response.status_code == 302
    notice = mail.outbox[-1]
    assert notice.to == ["hr@a.example"] and "nächste Woche" not in notice.body

    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Voraussichtlich nächste Woche." in page
    assert "Nachricht der Beratung" in page and "Nachricht des Unternehmens" in page  # the timeline
    home = client.get(reverse("start")).content.decode()
    assert "Neueste Nachrichten der Beratung" in home and case.reference in home
    with system_access("test"):
        assert Message.objects.filter(case=case).count() == 2
    assert audit_actions(case).count("message.send") == 2


def test_messages_are_part_of_the_gdpr_export(client, world, cases):
    from lotse.workspace import services

    case = cases["a"]
    with visibility_for(world["users"]["employer_a"]):
        services.message_send(actor=world["users"]["employer_a"], case=case, side="employer", text="Frage zu Priya")
    with system_access("test"):
        candidate = Candidate.objects.get(cases=case)
        export = case_selectors.person_export(candidate=candidate)
        contact = case_selectors.contact_export(email="hr@a.example")
    assert export["cases"][0]["messages"][0]["text"] == "Frage zu Priya"
    assert contact["messages"][0]["text"] == "Frage zu Priya"
    assert contact["messages"][0]["case"] == case.reference


# --- scoping ------------------------------------------------------------------------------------------------------


def test_second_employer_sees_nothing_of_the_first(client, world, cases):
    case = cases["a"]
    log_in(client, world["users"]["adviser_a"])
    request_document(client, case, label="Arbeitsvertrag")
    document = the_request(case).document
    from lotse.workspace import services

    with visibility_for(world["users"]["adviser_a"]):
        services.message_send(actor=world["users"]["adviser_a"], case=case, side="adviser", text="Geheim für A")

    log_in(client, world["users"]["employer_b"])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.post(reverse("workspace:upload", args=[document.pk]), {"file": pdf()}).status_code == 404
    assert client.post(reverse("workspace:employer_message", args=[case.pk]), {"text": "x"}).status_code == 404
    home = client.get(reverse("start")).content.decode()
    assert "Arbeitsvertrag" not in home and "Geheim für A" not in home and case.reference not in home
    # Employers never reach the adviser's side.
    assert client.get(reverse("workspace:exchange", args=[cases["b"].pk])).status_code == 403


def test_advisers_see_only_their_region(client, world, cases):
    case = cases["a"]
    log_in(client, world["users"]["adviser_b"])
    assert client.get(reverse("workspace:exchange", args=[case.pk])).status_code == 404
    assert request_document(client, case, label="X").status_code == 404
    assert client.post(reverse("workspace:adviser_message", args=[case.pk]), {"text": "x"}).status_code == 404
    log_in(client, world["users"]["fai"])
    assert client.get(reverse("workspace:exchange", args=[case.pk])).status_code == 200
    # Advisers don't use the employer's pages.
    assert client.post(reverse("workspace:employer_message", args=[case.pk]), {"text": "x"}).status_code == 403


def test_employer_case_page_is_the_workspace_view(client, world, cases):
    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("cases:detail", args=[cases["a"].pk])).content.decode()
    assert "Angeforderte Unterlagen" in page and "Nachrichten mit der Beratung" in page
    assert client.get(reverse("cases:detail", args=[cases["b"].pk])).status_code == 404


def test_beratung_anfragen_gives_reference_expected_answer_and_confirmation_mail(client, world, assessment):
    from lotse.navigator.models import SavedResult

    data, output = assessment
    saved = SavedResult.objects.create(
        lang="de",
        as_of=dt.date(2026, 3, 2),
        rules_version=output["rules_version"],
        answers={},
        assessment_input=data,
        assessment_output=output,
        place={"ags": "05158024", "label": "Mettmann", "region": "duesseldorf-kreis-mettmann"},
    )
    log_in(client, world["users"]["employer_a"])
    response = client.post(
        reverse("navigator:advice", args=[saved.token]),
        {"contact_name": "Petra Lange", "contact_email": "petra@a.example", "message": ""},
    )
    assert response.status_code == 200
    with system_access("test"):
        request = AdviceRequest.objects.latest("pk")
    due = service_levels.advice_response_due(request.created_at.date())
    page = response.content.decode()
    assert request.reference in page and f"{due:%d.%m.%Y}" in page and "petra@a.example" in page
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["petra@a.example"]
    assert request.reference in confirmation.subject
    assert f"{due:%d.%m.%Y}" in confirmation.body and reverse("start") in confirmation.body
    # … and "Mein Bereich" shows it with its status.
    home = client.get(reverse("start")).content.decode()
    assert request.reference in home and "Eingegangen – wird geprüft" in home


def test_employer_sees_the_regional_agency_contact(client, world, cases):
    region = world["regions"]["a"]
    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("cases:detail", args=[cases["a"].pk])).content.decode()
    contact = page.split('data-testid="team-contact">')[1].split("</dd>")[0]
    details = [value for value in (region.phone, region.email, region.address) if value]
    assert details and all(value in contact for value in details)
    assert not contact.startswith(" · ")


def test_mein_bereich_in_english(client, world, cases):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("start")).content.decode()
    assert "Your advice requests" in page and "Answer expected by" in page and "Your procedures" in page
    case_page = client.get(reverse("cases:detail", args=[cases["a"].pk])).content.decode()
    assert "Requested documents" in case_page and "Messages with the advisers" in case_page


def test_advisers_inbox_shows_the_expected_answer(client, world, assessment):
    from lotse.cases import services

    data, output = assessment
    with system_access("test"):
        request = services.advice_request_create(
            actor=None,
            employer=world["orgs"]["employer_a"],
            region=None,
            assessment_input=data,
            assessment_output=output,
            contact_name="Petra",
            contact_email="hr@a.example",
        )
    log_in(client, world["users"]["adviser_a"])
    page = client.get(reverse("cases:inbox")).content.decode()
    due = service_levels.advice_response_due(request.created_at.date())
    assert "Antwort erwartet bis" in page and f"{due:%d.%m.%Y}" in page and request.reference in page
