"""The review's gaps: accepting teams, deemed BA approval, re-planning, cross-region duplicates, employer view,
editing, filters and the smaller fixes."""

import datetime as dt

import pytest
from django.urls import reverse

from lotse.accounts.models import Organisation
from lotse.cases import forms, services
from lotse.core.scoping import system_access, visibility_for
from tests.cases.conftest import new_advice_request
from tests.conftest import log_in

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def request_a(world, assessment):
    with system_access("test"):
        return new_advice_request(
            assessment,
            employer=world["orgs"]["employer_a"],
            contact_name="Petra",
            contact_email="p@a.example",
        )


# ------------------------------------------------------------------------------------------- 2. accepting team


def test_accept_form_offers_only_own_teams_and_fai(world):
    from lotse.core.permissions import adviser_teams

    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        form = forms.AcceptForm(teams=adviser_teams(adviser))
        offered = set(form.fields["team"].queryset)
    assert offered == {world["orgs"]["ra_a"], world["orgs"]["fai"]}


def test_accept_refuses_foreign_team_and_region_mismatch(world, request_a):
    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        with pytest.raises(services.CaseRuleError, match="eigenes Team"):
            services.advice_request_accept(
                actor=adviser,
                request=request_a,
                employer=world["orgs"]["employer_a"],
                pathway="eu_blue_card",
                case_type="fast_track_81a",
                team=world["orgs"]["ra_b"],
            )
    with system_access("test"):
        employer_b = Organisation.objects.get(pk=world["orgs"]["employer_b"].pk)
    with visibility_for(adviser):
        with pytest.raises(services.CaseRuleError, match="eigene Region"):
            services.advice_request_accept(
                actor=adviser,
                request=request_a,
                employer=employer_b,
                pathway="eu_blue_card",
                case_type="fast_track_81a",
                team=world["orgs"]["ra_a"],
            )
        # FAI NRW works for all of NRW.
        case = services.advice_request_accept(
            actor=adviser,
            request=request_a,
            employer=employer_b,
            pathway="eu_blue_card",
            case_type="fast_track_81a",
            team=world["orgs"]["fai"],
        )
    assert case.team == world["orgs"]["fai"] and case.region_id == employer_b.region_id


def test_accept_view_rejects_a_foreign_team(client, world, request_a):
    log_in(client, world["users"]["adviser_a"])
    response = client.post(
        reverse("cases:request", args=[request_a.pk]),
        {
            "action": "accept",
            "employer": world["orgs"]["employer_a"].pk,
            "pathway": "eu_blue_card",
            "case_type": "fast_track_81a",
            "team": world["orgs"]["ra_b"].pk,
        },
    )
    assert response.status_code == 200
    assert 'id="id_team"' in response.content.decode() and "error" in response.content.decode()
    with system_access("test"):
        request_a.refresh_from_db()
    assert request_a.status == "new"


# ------------------------------------------------------------------------------------------- 3. deemed approval


def test_ba_approval_is_deemed_given_when_the_ba_does_not_answer(client, world, cases, monkeypatch):
    from django.core import mail

    from lotse.cases import selectors
    from lotse.cases.models import Case, CaseStep, DeadlineTimer

    monkeypatch.setattr(services.common, "today", lambda: D(2026, 5, 28))
    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        services.case_record_event(
            actor=adviser, case=cases["a"], kind="ba_request_submitted", occurred_on=D(2026, 5, 28)
        )
        timer = DeadlineTimer.objects.get(case=cases["a"], kind="ba_approval")
    assert timer.due_on == D(2026, 6, 5)
    assert selectors.timer_state(timer, D(2026, 6, 5)) == "amber"
    assert selectors.timer_state(timer, D(2026, 6, 6)) == "deemed"  # before the nightly job, too

    mail.outbox.clear()
    services.deadlines_check(on=D(2026, 6, 6))
    subjects = [m.subject for m in mail.outbox if m.to == ["a@test.example"]]
    assert any("Zustimmung gilt als erteilt" in s for s in subjects), subjects
    assert not any("überschritten" in s for s in subjects), subjects
    with system_access("test"):
        timer.refresh_from_db()
        case = Case.objects.get(pk=cases["a"].pk)
        step = CaseStep.objects.get(case=case, key="ba_approval")
    assert timer.deemed_on == D(2026, 6, 5) and selectors.timer_state(timer, D(2026, 6, 20)) == "deemed"
    assert step.done_on == D(2026, 6, 5)
    assert not case.has_overdue
    assert case.stage != "ba_approval"
    assert services.deadlines_check(on=D(2026, 6, 7))["flagged"] <= 1  # case B's SLA at most; A once only

    log_in(client, adviser)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-state="deemed"' in page and "gilt als erteilt" in page
    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("cases:detail", args=[case.pk]), follow=True).content.decode()
    assert "gilt als erteilt" in page


# ------------------------------------------------------------------------------------------- 4. re-planning


def test_case_type_change_replans_steps_and_replays_events(world, cases, monkeypatch):
    from lotse.cases.models import Case, CaseStep, DeadlineTimer

    monkeypatch.setattr(services.common, "today", lambda: D(2026, 3, 10))
    with system_access("test"):
        case = cases["a"]
        services.case_record_event(
            actor=None, case=case, kind="recognition_decision_received", occurred_on=D(2026, 3, 4)
        )
        services.case_record_event(actor=None, case=case, kind="ba_request_submitted", occurred_on=D(2026, 3, 10))
        assert DeadlineTimer.objects.get(case=case, kind="ba_approval").due_on == D(2026, 3, 17)  # 1 week
        sla = DeadlineTimer.objects.get(case=case, kind="adviser_sla", stopped_on__isnull=True)
        case = Case.objects.get(pk=case.pk)
        services.case_update(actor=None, case=case, expected_version=case.version, case_type="regular_visa")
        keys = list(CaseStep.objects.filter(case=case).order_by("position").values_list("key", flat=True))
        assert "agreement_81a" not in keys and keys[0] == "recognition"
        recognition = CaseStep.objects.get(case=case, key="recognition")
        assert recognition.done_on == D(2026, 3, 4)  # done step kept its date
        ba = CaseStep.objects.get(case=case, key="ba_approval")
        assert ba.done_on is None and ba.planned_on == case.opened_on + dt.timedelta(days=100)
        timers = DeadlineTimer.objects.filter(case=case, kind="ba_approval")
        assert [t.due_on for t in timers] == [D(2026, 3, 24)]  # replayed: 2 weeks in the regular procedure
        assert DeadlineTimer.objects.get(case=case, kind="adviser_sla", stopped_on__isnull=True).pk == sla.pk
        case.refresh_from_db()
        assert case.stage == "ba_approval" and case.version > 1


def test_pathway_change_rebuilds_checklist_and_keeps_received_documents(world, cases):
    from lotse.cases.models import Case, Document

    with system_access("test"):
        case = cases["a"]
        passport = Document.objects.get(case=case, key="passport")
        services.document_set_status(actor=None, document=passport, status="checked")
        case = Case.objects.get(pk=case.pk)
        services.case_update(
            actor=None, case=case, expected_version=case.version, pathway="skilled_worker_academic"
        )
        # The stored assessment lists no documents for that pathway: only what was already received stays.
        assert list(Document.objects.filter(case=case).values_list("key", "status")) == [("passport", "checked")]
        case.refresh_from_db()
        services.case_update(actor=None, case=case, expected_version=case.version, pathway="eu_blue_card")
        documents = dict(Document.objects.filter(case=case).values_list("key", "status"))
    assert documents["passport"] == "checked" and documents["cv"] == "required" and len(documents) == 10


# ------------------------------------------------------------------------------------------- 5. duplicates


def test_duplicate_check_finds_a_company_of_another_region_by_name_only(client, world, small_gemeinden):
    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        assert not Organisation.objects.filter(pk=world["orgs"]["employer_b"].pk).exists()  # out of scope
        with pytest.raises(services.DuplicateCompany) as error:
            services.company_create(actor=adviser, name="Pflege-B GmbH", region=world["regions"]["a"])
    [match] = error.value.matches
    assert match.name == "Pflege B gGmbH" and match.pk is None and match.region
    log_in(client, adviser)
    page = client.post(reverse("cases:company_new"), {"name": "Pflege B", "postcode": "40822"}).content.decode()
    assert "gibt es vermutlich schon" in page and "Pflege B gGmbH" in page
    assert reverse("cases:company", args=[world["orgs"]["employer_b"].pk]) not in page


# ------------------------------------------------------------------------------------------- 6. employer view


def test_employer_sees_no_adviser_sla_and_labels_instead_of_keys(client, world, cases):
    case = cases["a"]
    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("cases:detail", args=[case.pk]), follow=True).content.decode()
    assert 'data-timer="adviser_sla"' not in page and "Service-Level" not in page
    assert "Anerkennung der Qualifikation" in page and "Blaue Karte EU" in page
    listing = client.get(reverse("cases:list")).content.decode()
    assert "Blaue Karte EU" in listing and "Anerkennung der Qualifikation" in listing
    assert ">eu_blue_card<" not in listing and ">recognition<" not in listing

    log_in(client, world["users"]["adviser_a"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-timer="adviser_sla"' in page  # the adviser still sees it
    assert "Blaue Karte EU" in page and 'data-testid="stage">Anerkennung der Qualifikation' in page
    company = client.get(reverse("cases:company", args=[world["orgs"]["employer_a"].pk])).content.decode()
    assert "Blaue Karte EU" in company and "Anerkennung der Qualifikation" in company


def test_stage_labels_cover_done_and_closed_stages():
    from lotse.cases.labels import pathway_title, stage_label

    assert stage_label("zab_statement", "opportunity_card") == "ZAB-Zeugnisbewertung / Anerkennung"
    assert stage_label("closed") == "abgeschlossen" and stage_label("done") == "alle Schritte erledigt"
    assert pathway_title("opportunity_card") == "Chancenkarte"


# ------------------------------------------------------------------------------------------- 7. editing


def test_adviser_edits_candidate_adds_a_candidate_and_revokes_power_of_attorney(client, world, cases):
    from lotse.cases.models import Activity, Candidate, Case, PowerOfAttorney

    case = cases["a"]
    log_in(client, world["users"]["adviser_a"])
    with system_access("test"):
        candidate = Candidate.objects.get(cases=case)
    response = client.post(
        reverse("cases:candidate_edit", args=[candidate.pk]),
        {"first_name": "Priya", "last_name": "Sharma-Rao", "citizenship": "in", "email": "p@example.org"},
    )
    assert response.status_code == 302
    with system_access("test"):
        candidate.refresh_from_db()
    assert candidate.last_name == "Sharma-Rao" and candidate.citizenship == "IN"
    assert client.get(reverse("cases:candidate", args=[candidate.pk])).status_code == 200

    version = Case.unscoped.get(pk=case.pk).version
    client.post(
        reverse("cases:add_candidate", args=[case.pk]),
        {"new-first_name": "Arjun", "new-last_name": "Mehta", "new-citizenship": "IN"},
    )
    with system_access("test"):
        names = sorted(c.last_name for c in Candidate.objects.filter(cases=case))
        assert names == ["Mehta", "Sharma-Rao"]
        added = Candidate.objects.get(last_name="Mehta")
        assert added.region_id == case.region_id and added.employer_id == case.employer_id
        assert Case.objects.get(pk=case.pk).version > version
        poa = services.power_of_attorney_record(
            actor=None, case=case, kind="worker_to_employer", granted_on=D(2026, 3, 3)
        )
    page = client.get(reverse("cases:people", args=[case.pk])).content.decode()
    assert "Mehta" in page and reverse("cases:power_of_attorney_revoke", args=[poa.pk]) in page
    client.post(reverse("cases:power_of_attorney_revoke", args=[poa.pk]), {"revoked_on": "2026-03-02"})
    with system_access("test"):
        assert PowerOfAttorney.objects.get(pk=poa.pk).revoked_on is None  # before it was granted: refused
    client.post(reverse("cases:power_of_attorney_revoke", args=[poa.pk]), {"revoked_on": "2026-03-05"})
    with system_access("test"):
        assert PowerOfAttorney.objects.get(pk=poa.pk).revoked_on == D(2026, 3, 5)
        assert any("widerrufen (05.03.2026)" in entry.message for entry in Activity.objects.filter(case=case))
    with system_access("test"), pytest.raises(services.CaseRuleError):
        services.power_of_attorney_revoke(actor=None, poa=poa, revoked_on=D(2026, 3, 6))


@pytest.mark.parametrize(
    ("code", "valid"),
    [("62.01", True), ("C25", True), ("c25.11", True), ("Q", True), ("86", True), ("62.01.0", True),
     ("6201", False), ("Z99", False), ("62.", False), ("Informatik", False)],
)
def test_wz_code_pattern(code, valid):
    form = forms.CompanyProfileForm({"wz_code": code})
    assert form.is_valid() is valid, form.errors


def test_adviser_edits_company_profile(client, world):
    from lotse.cases.models import CompanyProfile

    log_in(client, world["users"]["adviser_a"])
    company = world["orgs"]["employer_a"]
    url = reverse("cases:company_edit", args=[company.pk])
    client.post(url, {"wz_code": "Informatik", "size_class": "small"})
    with system_access("test"):
        assert not CompanyProfile.objects.filter(organisation=company).exists()
    client.post(url, {"wz_code": "c25", "size_class": "small", "contact_name": "Petra Lange"})
    with system_access("test"):
        profile = CompanyProfile.objects.get(organisation=company)
    assert (profile.wz_code, profile.size_class, profile.contact_name) == ("C25", "small", "Petra Lange")
    page = client.get(reverse("cases:company", args=[company.pk])).content.decode()
    assert "C25" in page and "Petra Lange" in page


# ------------------------------------------------------------------------------------------- 8. filters, pages


def test_case_list_filters_by_employer_and_adviser(client, world, assessment):
    from lotse.accounts.models import Membership
    from lotse.accounts.services import organisation_create
    from lotse.cases.models import Case
    from tests.cases.conftest import make_case
    from tests.conftest import _user

    first = make_case(world, assessment, "a")
    with system_access("test"):
        other_employer = organisation_create(
            actor=None, name="Zweite A GmbH", kind=Organisation.Kind.UNTERNEHMEN, region=world["regions"]["a"]
        )
        colleague = _user("colleague@test.example", world["orgs"]["ra_a"], Membership.Role.ADVISER)
        second = make_case(world, assessment, "a")
        Case.objects.filter(pk=second.pk).update(employer=other_employer, adviser=colleague)
    log_in(client, world["users"]["adviser_a"])
    page = client.get(reverse("cases:list")).content.decode()
    assert 'type="hidden" name="employer"' in page and 'name="adviser"' in page
    assert f'<option value="{colleague.pk}"' in page
    company = client.get(reverse("cases:company", args=[other_employer.pk])).content.decode()
    link = f"{reverse('cases:list')}?employer={other_employer.pk}&amp;status="
    assert link in company  # the company page links to its cases in the list
    by_employer = client.get(reverse("cases:list"), {"employer": other_employer.pk, "status": ""}).content.decode()
    assert second.reference in by_employer and first.reference not in by_employer
    assert "Nur Fälle von Zweite A GmbH" in by_employer
    by_adviser = client.get(reverse("cases:list"), {"adviser": colleague.pk}).content.decode()
    assert second.reference in by_adviser and first.reference not in by_adviser
    foreign = client.get(reverse("cases:list"), {"employer": world["orgs"]["employer_b"].pk})
    assert foreign.status_code == 200 and b"Pflege B" not in foreign.content

    log_in(client, world["users"]["employer_a"])
    page = client.get(reverse("cases:list")).content.decode()
    assert 'name="employer"' not in page and 'name="adviser"' not in page


def test_my_tasks_and_timeline_are_paginated(client, world, cases):
    from lotse.cases import selectors

    adviser = world["users"]["adviser_a"]
    with system_access("test"):
        for i in range(selectors.PAGE_SIZE + 2):
            services.task_create(actor=None, case=cases["a"], title=f"Aufgabe {i:02d}", due_on=None, assignee=adviser)
        for i in range(selectors.ACTIVITY_PAGE_SIZE + 5):
            services.activity_add(actor=None, case=cases["a"], kind="note", text=f"Eintrag {i:03d}")
    log_in(client, adviser)
    first = client.get(reverse("cases:my_tasks")).content.decode()
    assert "Aufgabe 00" in first and "Aufgabe 26" not in first and "page=2" in first
    second = client.get(reverse("cases:my_tasks"), {"page": 2}).content.decode()
    assert "Aufgabe 26" in second and "Aufgabe 00" not in second

    url = reverse("cases:timeline", args=[cases["a"].pk])  # the timeline tab
    newest = client.get(url).content.decode()
    assert "Eintrag 054" in newest and "Eintrag 000" not in newest and "verlauf=2" in newest
    older = client.get(url, {"verlauf": 2}).content.decode()
    assert "Eintrag 000" in older and "Eintrag 054" not in older


# ------------------------------------------------------------------------------------------- 9. smaller fixes


def test_document_download_audit_names_the_region(client, world, cases, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lotse.cases.models import Document
    from lotse.core.models import AuditEntry

    settings.MEDIA_ROOT = tmp_path
    with system_access("test"):
        document = Document.objects.filter(case=cases["a"]).first()
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        services.document_upload(
            actor=None, document=document, uploaded=SimpleUploadedFile("pass.pdf", pdf, "application/pdf")
        )
    log_in(client, world["users"]["adviser_a"])
    assert client.get(reverse("cases:document_download", args=[document.pk])).status_code == 200
    entry = AuditEntry.unscoped.get(action="document.download")
    assert entry.region_id == cases["a"].region_id and entry.organisation_id == cases["a"].employer_id


def test_task_power_of_attorney_and_document_changes_bump_the_case_version(world, cases):
    from lotse.cases.models import Case, Document

    with system_access("test"):
        case = cases["a"]

        def version():
            return Case.objects.get(pk=case.pk).version

        before = version()
        services.task_create(actor=None, case=case, title="x", due_on=None)
        assert version() == before + 1
        services.power_of_attorney_record(actor=None, case=case, kind="worker_to_employer", granted_on=D(2026, 3, 3))
        assert version() == before + 2
        document = Document.objects.filter(case=case).first()
        services.document_set_status(actor=None, document=document, status="checked")
        assert version() == before + 3
        stale = Case.objects.get(pk=case.pk)
        stale.version = before
        with pytest.raises(services.CaseConflict):
            services.case_update(actor=None, case=stale, expected_version=before, case_type="regular_visa")


def test_handover_keeps_the_region_of_a_candidate_with_an_open_case_elsewhere(world, cases):
    from lotse.cases.models import Candidate, Case

    with system_access("test"):
        candidate = Candidate.objects.get(cases=cases["a"])
        # The person of case A (region A) is also a candidate of case B. First case B goes to region A: both
        # of its candidates move there.
        cases["b"].candidates.add(candidate)
        own_b = Candidate.objects.get(last_name="Kovač")
        services.case_handover(actor=None, case=cases["b"], to_team=world["orgs"]["ra_a"], note="bitte übernehmen")
        assert Case.objects.get(pk=cases["b"].pk).region_id == world["regions"]["a"].pk
        assert Candidate.objects.get(pk=own_b.pk).region_id == world["regions"]["a"].pk
        assert Candidate.objects.get(pk=candidate.pk).region_id == world["regions"]["a"].pk
        # Now hand case B on to region B: the shared candidate still has the open case A in region A.
        services.case_handover(actor=None, case=cases["b"], to_team=world["orgs"]["ra_b"], note="zurück")
        assert Candidate.objects.get(pk=own_b.pk).region_id == world["regions"]["b"].pk
        assert Candidate.objects.get(pk=candidate.pk).region_id == world["regions"]["a"].pk


def test_adviser_filter_choices_are_kept_per_scope(client, world, cases):
    """The adviser select is cached for a minute, but per scope: region B's advisers never show in region A."""
    log_in(client, world["users"]["adviser_a"])
    page_a = client.get(reverse("cases:list")).content.decode()
    log_in(client, world["users"]["adviser_b"])
    page_b = client.get(reverse("cases:list")).content.decode()
    adviser_a, adviser_b = world["users"]["adviser_a"], world["users"]["adviser_b"]
    assert f'<option value="{adviser_a.pk}"' in page_a and f'<option value="{adviser_b.pk}"' not in page_a
    assert f'<option value="{adviser_b.pk}"' in page_b and f'<option value="{adviser_a.pk}"' not in page_b
    # An adviser of another region cannot be smuggled in as a filter value.
    log_in(client, adviser_a)
    response = client.get(reverse("cases:list"), {"adviser": adviser_b.pk})
    assert response.status_code == 200 and not response.context["form"].is_valid()
