"""Every case URL × every role × an object of another region/employer: 403 or 404, never data."""

import datetime as dt

import pytest
from django.urls import reverse

from lotse.cases import services
from lotse.cases.models import Candidate, CompanyProfile, Consent, Document, PowerOfAttorney, Task
from lotse.core.scoping import system_access
from tests.cases.conftest import new_advice_request
from tests.conftest import log_in

pytestmark = pytest.mark.django_db

SECRET = "Kovač"  # the candidate name of region B's case: must never appear in a foreign response


@pytest.fixture
def objects_b(world, cases):
    """Objects belonging to region B / employer B."""
    case = cases["b"]
    with system_access("test setup"):
        candidate = Candidate.objects.get(cases=case)
        consent = Consent.objects.filter(candidate=candidate).first()
        document = Document.objects.filter(case=case).first()
        task = services.task_create(actor=None, case=case, title="Aufgabe B", due_on=dt.date(2026, 3, 9))
        poa = services.power_of_attorney_record(
            actor=None, case=case, kind="worker_to_employer", granted_on=dt.date(2026, 3, 3)
        )
        request = new_advice_request(
            ({}, {"pathways": []}),
            employer=world["orgs"]["employer_b"],
            contact_name="Kontakt B",
            contact_email="b@b.example",
        )
    return {
        "case": case,
        "candidate": candidate,
        "consent": consent,
        "document": document,
        "task": task,
        "request": request,
        "company": world["orgs"]["employer_b"],
        "poa": poa,
    }


def urls_for(o):
    c, cand = o["case"].pk, o["candidate"].pk
    return [
        ("GET", reverse("cases:detail", args=[c])),
        ("GET", reverse("cases:documents", args=[c])),
        ("GET", reverse("cases:people", args=[c])),
        ("GET", reverse("cases:tasks", args=[c])),
        ("GET", reverse("cases:timeline", args=[c])),
        ("GET", reverse("cases:edit", args=[c])),
        ("POST", reverse("cases:event", args=[c])),
        ("POST", reverse("cases:waiting", args=[c])),
        ("POST", reverse("cases:timeline", args=[c])),
        ("POST", reverse("cases:tasks", args=[c])),
        ("POST", reverse("cases:edit", args=[c])),
        ("POST", reverse("cases:handover", args=[c])),
        ("POST", reverse("cases:close", args=[c])),
        ("POST", reverse("cases:power_of_attorney", args=[c])),
        ("GET", reverse("cases:recheck", args=[c])),
        ("GET", reverse("cases:dossier_pdf", args=[c])),
        ("GET", reverse("cases:dossier_zip", args=[c])),
        ("POST", reverse("cases:task_done", args=[o["task"].pk])),
        ("POST", reverse("cases:document", args=[o["document"].pk])),
        ("GET", reverse("cases:document_download", args=[o["document"].pk])),
        ("GET", reverse("cases:candidate", args=[cand])),
        ("POST", reverse("cases:consent", args=[cand])),
        ("GET", reverse("cases:export", args=[cand, "json"])),
        ("GET", reverse("cases:export", args=[cand, "pdf"])),
        ("POST", reverse("cases:erase", args=[cand])),
        ("POST", reverse("cases:consent_withdraw", args=[o["consent"].pk])),
        ("GET", reverse("cases:request", args=[o["request"].pk])),
        ("POST", reverse("cases:request", args=[o["request"].pk])),
        ("GET", reverse("cases:company", args=[o["company"].pk])),
        ("POST", reverse("cases:company_edit", args=[o["company"].pk])),
        ("POST", reverse("cases:candidate_edit", args=[cand])),
        ("POST", reverse("cases:add_candidate", args=[c])),
        ("POST", reverse("cases:power_of_attorney_revoke", args=[o["poa"].pk])),
        # The exchange between employer and advisers (lotse.workspace).
        ("GET", reverse("workspace:exchange", args=[c])),
        ("POST", reverse("workspace:document_request", args=[c])),
        ("POST", reverse("workspace:adviser_message", args=[c])),
        ("POST", reverse("workspace:document_review", args=[o["document"].pk])),
        ("POST", reverse("workspace:employer_message", args=[c])),
        ("POST", reverse("workspace:upload", args=[o["document"].pk])),
    ]


def own_employer_answers(o) -> dict:
    """What employer B gets for its own case: its view of the case, and the employer's actions."""
    c = o["case"].pk
    return {
        ("GET", reverse("cases:detail", args=[c])): 200,  # its case in the employer's view (lotse.workspace)
        ("POST", reverse("workspace:employer_message", args=[c])): 302,  # sent
        ("POST", reverse("workspace:upload", args=[o["document"].pk])): 400,  # no file, and nothing asked for
    }


LIST_URLS = [
    "cases:list",
    "cases:dashboard",
    "cases:my_tasks",
    "cases:inbox",
    "cases:companies",
    "cases:company_new",
]

POST_DATA = {
    "kind": "entry",
    "occurred_on": "2026-03-03",
    "text": "x",
    "title": "x",
    "note": "x",
    "to_team": "",
    "status": "closed",
    "waiting": "on",
    "purpose": "share_with_employer",
    "given_on": "2026-03-03",
    "withdrawn_on": "2026-03-04",
    "mode": "delete",
    "confirm": "on",
    "granted_on": "2026-03-03",
    "action": "forward",
    "reason": "x",
    "version": "1",
    "revoked_on": "2026-03-04",
    "first_name": "Eve",
    "last_name": "Intruder",
    "new-first_name": "Eve",
    "new-last_name": "Intruder",
    "wz_code": "62.01",
    "contact_name": "Eve",
}


@pytest.fixture
def kammer_user(world):
    """A chamber (IHK/HWK) user: sees its own event registrations, nothing of case work."""
    from lotse.accounts.models import Membership, Organisation
    from tests.conftest import _user

    with system_access("test setup"):
        chamber = Organisation.objects.create(
            name="IHK Düsseldorf", kind=Organisation.Kind.KAMMER, region=world["regions"]["a"]
        )
    return _user("ihk@test.example", chamber, Membership.Role.ADMIN)


@pytest.mark.parametrize("role", ["adviser_a", "employer_a", "employer_b", "mags", "kammer", "nobody"])
def test_foreign_objects_are_403_or_404_never_data(client, world, objects_b, kammer_user, role):
    log_in(client, kammer_user if role == "kammer" else world["users"][role])
    own = own_employer_answers(objects_b) if role == "employer_b" else {}
    for method, url in urls_for(objects_b):
        response = client.get(url) if method == "GET" else client.post(url, POST_DATA)
        if (method, url) in own:
            assert response.status_code == own[(method, url)], f"{role} {method} {url} → {response.status_code}"
            assert SECRET.encode() not in response.content
            continue
        assert response.status_code in (403, 404), f"{role} {method} {url} → {response.status_code}"
        assert SECRET.encode() not in response.content
    with system_access("check"):  # nothing was changed by the refused requests
        assert Candidate.objects.filter(pk=objects_b["candidate"].pk, last_name="Kovač").exists()
        assert Task.objects.get(pk=objects_b["task"].pk).done_at is None
        assert not Candidate.objects.filter(last_name="Intruder").exists()
        assert PowerOfAttorney.objects.get(pk=objects_b["poa"].pk).revoked_on is None
        assert not CompanyProfile.objects.filter(organisation=objects_b["company"], wz_code="62.01").exists()


@pytest.mark.parametrize("role", ["mags", "kammer", "nobody"])
def test_roles_without_case_work_get_403_on_lists(client, world, kammer_user, role):
    log_in(client, kammer_user if role == "kammer" else world["users"][role])
    for name in LIST_URLS:
        assert client.get(reverse(name)).status_code == 403, name


def test_anonymous_is_sent_to_login(client, world, objects_b):
    for method, url in urls_for(objects_b):
        response = client.get(url) if method == "GET" else client.post(url, POST_DATA)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_employer_gets_403_on_adviser_pages_and_lists_only_own_cases(client, world, cases):
    log_in(client, world["users"]["employer_a"])
    for name in ["cases:dashboard", "cases:my_tasks", "cases:inbox", "cases:companies", "cases:company_new"]:
        assert client.get(reverse(name)).status_code == 403
    response = client.get(reverse("cases:list"))
    assert cases["a"].reference.encode() in response.content
    assert cases["b"].reference.encode() not in response.content
    assert client.get(reverse("cases:recheck", args=[cases["a"].pk])).status_code == 403


def test_lists_of_region_a_do_not_show_region_b(client, world, objects_b):
    log_in(client, world["users"]["adviser_a"])
    for name in LIST_URLS:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert SECRET.encode() not in response.content
        assert objects_b["case"].reference.encode() not in response.content
        assert b"Kontakt B" not in response.content
