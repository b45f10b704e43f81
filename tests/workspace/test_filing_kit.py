"""The filing kit ("Unterlagen-Paket") of a § 81a case: pre-filled from the case, its candidate and its company,
the authority from the reference data, missing data shown as missing; scoped; only for eligible pathways; as a
tagged PDF; German and English."""

import pytest
from django.urls import reverse

from lotse.accounts.models import Organisation
from lotse.cases.models import Candidate, Case, CaseStep, CompanyProfile
from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access
from lotse.workspace import filing_kit
from tests.conftest import log_in
from tests.pdfs import assert_tagged_pdf

pytestmark = pytest.mark.django_db


def kit_url(case, pdf=False):
    return reverse("workspace:filing_kit_pdf" if pdf else "workspace:filing_kit", args=[case.pk])


@pytest.fixture
def company(world):
    """Employer A's address and contact, entered once (the company page)."""
    with system_access("test setup"):
        Organisation.objects.filter(pk=world["orgs"]["employer_a"].pk).update(
            street="Talstraße 5", postcode="40822", city="Mettmann"
        )
        CompanyProfile.objects.create(
            organisation=world["orgs"]["employer_a"], contact_name="Petra Lange", contact_email="hr@a.example"
        )


@pytest.fixture
def shared(world, cases):
    """Priya Sharma consented to sharing her data with employer A (the consent services set the flag)."""
    from lotse.cases.models import Consent
    from lotse.cases.services.candidates import consent_record

    with system_access("test setup"):
        candidate = Candidate.objects.get(cases=cases["a"])
        consent_record(
            actor=world["users"]["adviser_a"],
            candidate=candidate,
            purpose=Consent.Purpose.SHARE_WITH_EMPLOYER,
            given_on=cases["a"].opened_on,
        )
    return candidate


def page(client, user, case, lang="de"):
    log_in(client, user)
    client.cookies["django_language"] = lang
    return client.get(kit_url(case))


def test_kit_is_prefilled_from_case_candidate_company_and_reference_data(client, world, cases, company, shared):
    case = cases["a"]
    response = page(client, world["users"]["employer_a"], case)
    assert response.status_code == 200
    html = response.content.decode()
    # the parties: the employer from the case's organisation, the worker from its candidate, the ZFE NRW
    assert "Metall A GmbH" in html and "Talstraße 5, 40822 Mettmann" in html and "Petra Lange" in html
    assert "Priya" in html and "Sharma" in html
    assert "Zentralstelle Fachkräfteeinwanderung NRW" in html and "Villemombler Str. 76, 53123 Bonn" in html
    # the BA declaration's data from the case's assessment (the navigator's answers): salary, hours, occupation
    answers = case.assessment_input
    assert answers["job"]["annual_gross_salary_eur"] == 52000 and answers["job"]["weekly_hours"] == 40
    assert "52.000 €" in html and "40 Stunden" in html and "2512" in html
    assert "Softwareentwickler" in html  # the job title from the occupation (ISCO 2512), not retyped
    assert "Hochschulabschluss" in html and ">academic<" not in html
    # not held by Lotse: "fehlt noch" with where, never invented (phone, contract duration, collective agreement)
    assert html.count("fehlt noch") >= 3
    with system_access("test"):
        start = CaseStep.objects.get(case=case, key="work_start").planned_on  # the case's step plan
    assert f"{start:%d.%m.%Y} (geplant)" in html
    # the links: Auslandsportal with the Blue Card category, BA eService, Anerkennungs-Finder
    assert "https://digital.diplo.de" in html and "Blaue Karte (EU)" in html
    assert "Vorabzustimmung" in html and "anerkennungs-finder.php" in html
    assert AuditEntry.unscoped.filter(action="case.filing_kit").exists()


def test_kit_is_linked_from_both_case_pages(client, world, cases):
    case = cases["a"]
    for user in ("employer_a", "adviser_a"):
        log_in(client, world["users"][user])
        html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert kit_url(case) in html, user


def test_adviser_sees_where_to_enter_missing_data(client, world, cases):
    html = page(client, world["users"]["adviser_a"], cases["a"]).content.decode()
    assert "fehlt noch" in html and reverse("cases:recheck", args=[cases["a"].pk]) in html


def test_employer_sees_no_candidate_without_consent_to_share(client, world, cases):
    html = page(client, world["users"]["employer_a"], cases["a"]).content.decode()
    assert "Sharma" not in html and "fehlt noch" in html
    adviser_html = page(client, world["users"]["adviser_a"], cases["a"]).content.decode()
    assert "Sharma" in adviser_html


@pytest.mark.parametrize("user", ["employer_b", "adviser_b"])
def test_other_employer_or_region_gets_404(client, world, cases, user):
    log_in(client, world["users"][user])
    assert client.get(kit_url(cases["a"])).status_code == 404
    assert client.get(kit_url(cases["a"], pdf=True)).status_code == 404


def test_anonymous_and_roleless_users_get_no_kit(client, world, cases):
    assert client.get(kit_url(cases["a"])).status_code == 302  # to the login
    log_in(client, world["users"]["nobody"])
    assert client.get(kit_url(cases["a"])).status_code == 403


def test_ineligible_pathway_has_no_kit(client, world, cases):
    with system_access("test"):
        Case.objects.filter(pk=cases["a"].pk).update(pathway="western_balkans")
        case = Case.objects.get(pk=cases["a"].pk)
    assert not filing_kit.eligible(case) and "western_balkans" not in filing_kit.ACCELERATED
    response = page(client, world["users"]["employer_a"], case)
    assert response.status_code == 404
    log_in(client, world["users"]["employer_a"])
    assert kit_url(case) not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_every_accelerated_pathway_has_a_visa_category():
    categories = filing_kit.data()["auslandsportal"]["categories"]
    assert set(filing_kit.ACCELERATED) <= set(categories)
    for entry in (filing_kit.data()[key] for key in ("auslandsportal", "ba_eservice", "anerkennungs_finder")):
        assert entry["source"] and isinstance(entry["verified"], bool)


def test_pdf_is_tagged_and_carries_the_kit(client, world, cases, company, shared):
    log_in(client, world["users"]["employer_a"])
    client.cookies["django_language"] = "de"
    response = client.get(kit_url(cases["a"], pdf=True))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_tagged_pdf(
        response.content,
        lang="de",
        title="Unterlagen-Paket",
        texts=(
            "Metall A GmbH",
            "Priya",
            "Sharma",
            "Zentralstelle Fachkräfteeinwanderung NRW",
            "52.000 €",
            "Blaue Karte (EU)",
            "fehlt noch",
        ),
    )


def test_english(client, world, cases, company):
    html = page(client, world["users"]["employer_a"], cases["a"], lang="en").content.decode()
    assert "Filing kit" in html and "still missing" in html and "employment declaration" in html
    assert "EU Blue Card" in html
    client.cookies["django_language"] = "en"
    response = client.get(kit_url(cases["a"], pdf=True))
    assert_tagged_pdf(response.content, lang="en", title="Filing kit", texts=("still missing", "Metall A GmbH"))
