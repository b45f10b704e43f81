"""The audit log keeps no personal values of people who are later erased, and employers see only what concerns
them of it (ADR 0141)."""

import pytest
from django.urls import reverse

from lotse.cases import services
from lotse.core import audit
from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access
from tests.cases.conftest import make_case
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_erased_person_leaves_no_personal_values_in_the_log(world, assessment):
    case = make_case(world, assessment, first_name="Zoraida", last_name="Quintanilla-Brook")
    with system_access("test"):
        candidate = case.candidates.get()
        services.candidate_update(
            actor=world["users"]["adviser_a"], candidate=candidate, profession="Kaltwalzwerksmeisterin",
            citizenship="PE", email="zoraida@example.org",
        )
        services.person_erase(actor=world["users"]["adviser_a"], candidate=candidate, mode="anonymise")
        entries = list(AuditEntry.unscoped.all())
    assert any(e.action == "candidate.create" for e in entries)
    dump = " ".join(f"{e.changes} {e.context} {e.object_repr}" for e in entries)
    for value in ("Zoraida", "Quintanilla", "Kaltwalzwerksmeisterin", "'PE'", "zoraida@", "software_developer"):
        assert value not in dump


def test_candidate_create_records_field_names_only(world, assessment):
    case = make_case(world, assessment)
    with system_access("test"):
        created = AuditEntry.unscoped.get(action="candidate.create", object_id=str(case.candidates.get().pk))
    assert created.changes == {}
    assert "first_name" in created.context["fields"] and "Priya" not in str(created.context)


def test_employer_start_page_shows_no_internal_entries(client, world, assessment):
    case = make_case(world, assessment)
    adviser = world["users"]["adviser_a"]
    with system_access("test"):
        candidate = case.candidates.get()
    # Reads by staff that concern the employer's own case and organisation.
    for action in ("candidate.view", "document.download", "person.export", "case.activity"):
        audit.record(actor=adviser, action=action, obj=candidate, organisation_id=world["orgs"]["employer_a"].pk)
    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("start")).content.decode()
    assert page.count("<h1") == 1  # the employer's start page (Mein Bereich) answered
    for action in ("candidate.view", "document.download", "person.export", "case.activity"):
        assert action not in page
    log_in(client, world["users"]["fai"])
    assert "candidate.view" in client.get(reverse("start")).content.decode()
