"""Erasing one person of a case that holds two touches only that person: files, notes, the contact person."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lotse.cases import services
from lotse.cases.models import Activity, AdviceRequest, Candidate, Document
from lotse.core.scoping import system_access
from tests.conftest import log_in

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(document, name, candidate=None):
    with system_access("test"):
        return services.document_upload(
            actor=None,
            document=document,
            uploaded=SimpleUploadedFile(name, PDF),
            candidate_id=candidate.pk if candidate else None,
        )


@pytest.fixture
def couple(world, cases):
    """Case A with Priya Sharma (from the request) and Arjun Sharma (added later; same family name)."""
    case = cases["a"]
    with system_access("test"):
        priya = case.candidates.get()
        arjun = services.case_add_candidate(
            actor=None, case=case, first_name="Arjun", last_name="Sharma", citizenship="IN", email="arjun@example.org"
        )
        documents = list(Document.objects.filter(case=case).order_by("pk"))
    assert len(documents) >= 4
    files = {
        "priya_marked": _upload(documents[0], "Pass.pdf", priya),
        "arjun_marked": _upload(documents[1], "Pass.pdf", arjun),
        "arjun_by_name": _upload(documents[2], "Zeugnis_Arjun_Sharma.pdf"),
        "priya_by_name": _upload(documents[3], "Zeugnis_Priya.pdf"),
    }
    if len(documents) > 4:
        files["family"] = _upload(documents[4], "Sharma_Familienbuch.pdf")  # names the family: both, kept
    adviser = world["users"]["adviser_a"]
    with system_access("test"):
        services.activity_add(actor=adviser, case=case, kind="note", text="Arjun hat B1 bestanden; Wohnung in Mettmann")
        services.activity_add(actor=adviser, case=case, kind="call", text="Priya ruft morgen wegen ZAB an")
    return {"case": case, "priya": priya, "arjun": arjun, "files": files}


def _state(couple):
    with system_access("test"):
        return {key: Document.objects.get(pk=doc.pk) for key, doc in couple["files"].items()}


def test_erasing_one_person_keeps_the_other_persons_files_notes_and_contact(couple, tmp_path):
    case = couple["case"]
    with system_access("test"):
        services.person_erase(actor=None, candidate=couple["priya"], mode="anonymise")
        after = _state(couple)
        request = AdviceRequest.objects.get(case=case)
        notes = {a.kind: a.params.get("text") for a in Activity.objects.filter(case=case, kind__in=["note", "call"])}
        arjun = Candidate.objects.get(pk=couple["arjun"].pk)
    # Priya's files are gone: marked as hers, or named after her.
    assert after["priya_marked"].storage_name == "" and after["priya_by_name"].storage_name == ""
    # Arjun's files stay, marked or named after him; so does a file naming only the shared family name.
    assert after["arjun_marked"].storage_name and after["arjun_by_name"].storage_name
    assert after["arjun_by_name"].original_name == "Zeugnis_Arjun_Sharma.pdf"
    if "family" in after:
        assert after["family"].storage_name
    stored = {p.name for p in (tmp_path / "private" / "cases").iterdir()}
    assert after["arjun_marked"].storage_name in stored and after["priya_marked"].storage_name not in stored
    # Notes: Arjun's note whole; Priya's name gone from hers, the rest kept.
    assert notes["note"] == "Arjun hat B1 bestanden; Wohnung in Mettmann"
    assert notes["call"] == "[anonymisiert] ruft morgen wegen ZAB an"
    # The employer's contact person is another person: kept.
    assert request.contact_name == "Petra Lange" and request.contact_email == "hr@a.example"
    assert request.anonymised_at is None
    # Arjun himself untouched.
    assert (arjun.first_name, arjun.last_name, arjun.email) == ("Arjun", "Sharma", "arjun@example.org")


def test_erasing_the_second_person_then_the_first_removes_everything(couple):
    with system_access("test"):
        services.person_erase(actor=None, candidate=couple["arjun"], mode="anonymise")
        after = _state(couple)
        assert after["arjun_marked"].storage_name == "" and after["arjun_by_name"].storage_name == ""
        assert after["priya_marked"].storage_name and after["priya_by_name"].storage_name
        assert "candidate" in AdviceRequest.objects.get(case=couple["case"]).assessment_input  # Priya's part
        services.person_erase(actor=None, candidate=Candidate.objects.get(pk=couple["priya"].pk), mode="anonymise")
        after = _state(couple)
        assert all(doc.storage_name == "" for doc in after.values())
        assert "candidate" not in AdviceRequest.objects.get(case=couple["case"]).assessment_input


def test_a_contact_who_is_the_person_is_anonymised(world, cases):
    case = cases["a"]
    with system_access("test"):
        priya = case.candidates.get()
        Candidate.objects.filter(pk=priya.pk).update(email="hr@a.example")
        services.person_erase(actor=None, candidate=Candidate.objects.get(pk=priya.pk), mode="anonymise")
        request = AdviceRequest.objects.get(case=case)
    assert request.contact_name == "[anonymisiert]" and request.contact_email == "" and request.anonymised_at


def test_upload_form_asks_whose_file_when_the_case_holds_two(client, world, couple):
    log_in(client, world["users"]["adviser_a"])
    page = client.get(reverse("cases:documents", args=[couple["case"].pk])).content.decode()
    assert 'name="candidate"' in page and "Arjun Sharma" in page
    with system_access("test"):
        document = (
            Document.objects.filter(case=couple["case"], storage_name="").first()
            or Document.objects.filter(case=couple["case"]).last()
        )
    client.post(
        reverse("cases:document", args=[document.pk]),
        {"file": SimpleUploadedFile("Nachweis.pdf", PDF), "candidate": couple["arjun"].pk},
    )
    with system_access("test"):
        assert Document.objects.get(pk=document.pk).candidate_id == couple["arjun"].pk


def test_upload_refuses_a_person_of_another_case(client, world, cases, couple):
    with system_access("test"):
        stranger = cases["b"].candidates.get()
        document = Document.objects.filter(case=couple["case"]).last()
    with pytest.raises(services.CaseRuleError), system_access("test"):
        services.document_upload(
            actor=None, document=document, uploaded=SimpleUploadedFile("x.pdf", PDF), candidate_id=stranger.pk
        )


def test_single_person_case_still_loses_all_files(world, cases):
    case = cases["a"]
    with system_access("test"):
        documents = list(Document.objects.filter(case=case))
    _upload(documents[0], "Pass.pdf")
    with system_access("test"):
        services.person_erase(actor=None, candidate=case.candidates.get(), mode="anonymise")
        assert not Document.objects.filter(case=case).exclude(storage_name="").exists()
