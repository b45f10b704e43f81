"""GDPR for contact persons (company contacts, senders of advice requests): information and erasure by e-mail,
only within the adviser's scope, every step logged."""

import json

from django.urls import reverse

from lotse.cases import services
from lotse.cases.models import AdviceRequest, CompanyProfile
from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access
from tests.cases.conftest import ASSESSMENT_INPUT, new_advice_request
from tests.conftest import log_in
from tests.pdfs import assert_tagged_pdf

EMAIL = "petra.lange@metall-a.example"


def make_records(world, assessment):
    _data, output = assessment
    with system_access("test setup"):
        for key in ("a", "b"):
            services.company_profile_save(
                actor=None,
                organisation=world["orgs"][f"employer_{key}"],
                wz_code="25.11",
                size_class="small",
                contact_name="Petra Lange",
                contact_email=EMAIL,
                contact_phone="0211 123",
            )
        request = new_advice_request(
            (ASSESSMENT_INPUT, output),
            employer=world["orgs"]["employer_a"],
            contact_name="Petra Lange",
            contact_email=EMAIL.upper(),
            message="Bitte um Rückruf",
            candidate_consent=True,
        )
    return request


def test_export_finds_own_region_only_and_is_logged(client, world, assessment):
    request = make_records(world, assessment)
    log_in(client, world["users"]["adviser_a"])
    page = client.get(reverse("cases:contact_privacy"), {"email": EMAIL}).content.decode()
    assert world["orgs"]["employer_a"].name in page and world["orgs"]["employer_b"].name not in page
    assert f"Beratungsanfrage {request.pk}" in page

    response = client.get(reverse("cases:contact_export", args=["json"]), {"email": EMAIL})
    data = json.loads(response.content)
    assert data["schema"] == "lotse.contact-export/v1"
    assert [p["company"] for p in data["company_profiles"]] == [world["orgs"]["employer_a"].name]
    assert data["advice_requests"][0]["message"] == "Bitte um Rückruf"
    assert AuditEntry.unscoped.filter(action="contact.export").exists()
    pdf = client.get(reverse("cases:contact_export", args=["pdf"]), {"email": EMAIL})
    assert pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "private, no-store"
    assert_tagged_pdf(pdf.content, lang="de", texts=("Bitte um Rückruf",))


def test_erase_removes_contact_data_in_scope_and_logs_it(client, world, assessment):
    request = make_records(world, assessment)
    log_in(client, world["users"]["adviser_a"])
    url = reverse("cases:contact_erase")
    refused = client.post(url, {"email": EMAIL})  # without the confirmation nothing happens
    assert refused.status_code == 302
    with system_access("check"):
        assert AdviceRequest.objects.get(pk=request.pk).contact_email
    asked = client.post(url, {"email": EMAIL, "confirm": "on"})  # the page that says what will happen
    assert asked.status_code == 200 and "Ja, Kontaktdaten entfernen" in asked.content.decode()
    with system_access("check"):
        assert AdviceRequest.objects.get(pk=request.pk).contact_email
    client.post(url, {"email": EMAIL, "confirm": "on", "confirmed": "1"})
    with system_access("check"):
        erased = AdviceRequest.objects.get(pk=request.pk)
        assert erased.contact_email == "" and erased.message == "" and erased.anonymised_at is not None
        profile_a = CompanyProfile.objects.get(organisation=world["orgs"]["employer_a"])
        profile_b = CompanyProfile.objects.get(organisation=world["orgs"]["employer_b"])
    assert profile_a.contact_name == "" and profile_a.contact_email == "" and profile_a.contact_phone == ""
    assert profile_b.contact_email == EMAIL  # another region's record is not this adviser's to erase
    assert AuditEntry.unscoped.filter(action="contact.erase").count() == 2


def test_only_advisers(client, world, assessment):
    make_records(world, assessment)
    for user in ("employer_a", "mags"):
        log_in(client, world["users"][user])
        assert client.get(reverse("cases:contact_privacy"), {"email": EMAIL}).status_code == 403
        assert client.get(reverse("cases:contact_export", args=["json"]), {"email": EMAIL}).status_code == 403
        assert client.post(reverse("cases:contact_erase"), {"email": EMAIL, "confirm": "on"}).status_code == 403
