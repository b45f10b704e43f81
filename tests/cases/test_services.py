"""Case-work services on PostgreSQL: flow, timers, SLA pause, handover, consent, jobs, data protection."""

import datetime as dt
import tempfile

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from lotse.cases import selectors, services
from lotse.cases.models import (
    Activity,
    AdviceRequest,
    Candidate,
    Case,
    DeadlineTimer,
    Document,
    ErasureCount,
)
from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access, visibility_for
from tests.cases.conftest import make_case, new_advice_request

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def freeze_today(monkeypatch):
    def freeze(day):
        monkeypatch.setattr(services.common, "today", lambda: day)

    return freeze


def test_advice_request_lands_in_region_inbox_and_notifies(world, assessment):
    data, output = assessment
    with system_access("test"):
        request = new_advice_request(
            assessment,
            employer=world["orgs"]["employer_a"],
            contact_name="P",
            contact_email="p@a.example",
        )
    assert request.team == world["orgs"]["ra_a"]
    assert request.rules_version == output["rules_version"]
    with visibility_for(world["users"]["adviser_a"]):
        assert list(AdviceRequest.objects.values_list("pk", flat=True)) == [request.pk]
    with visibility_for(world["users"]["adviser_b"]):
        assert not AdviceRequest.objects.exists()


def test_accept_makes_a_case_with_steps_documents_and_sla(world, assessment, cases):
    case = cases["a"]
    assert case.reference.startswith("LOT-2026-")
    assert case.stage == "recognition"
    assert case.rules_version == assessment[1]["rules_version"]
    with system_access("test"):
        assert case.steps.count() == 12
        assert {d.key for d in case.documents.all()} >= {"passport", "fast_track_agreement"}
        sla = DeadlineTimer.objects.get(case=case, kind="adviser_sla")
        assert sla.due_on == D(2026, 3, 12) and sla.pausable
        assert AdviceRequest.objects.get(case=case).status == "accepted"


def test_forward_to_other_region_moves_the_request(world, assessment):
    with system_access("test"):
        request = new_advice_request(
            assessment,
            region=world["regions"]["a"],
            contact_name="P",
            contact_email="p@x.example",
        )
        services.advice_request_forward(
            actor=world["users"]["adviser_a"],
            request=request,
            to_team=world["orgs"]["ra_b"],
            reason="Arbeitsort in Münster",
        )
    with visibility_for(world["users"]["adviser_a"]):
        assert not AdviceRequest.objects.filter(pk=request.pk).exists()
    with visibility_for(world["users"]["adviser_b"]):
        assert AdviceRequest.objects.get(pk=request.pk).forward_reason == "Arbeitsort in Münster"
    assert AuditEntry.unscoped.filter(action="advice_request.forward", object_id=str(request.pk)).exists()


def test_ba_timer_runs_from_recorded_event_and_turns_amber_then_red(world, cases, freeze_today):
    freeze_today(D(2026, 5, 28))
    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        case = services.case_record_event(
            actor=adviser, case=cases["a"], kind="ba_request_submitted", occurred_on=D(2026, 5, 28)
        )
        timer = DeadlineTimer.objects.get(case=case, kind="ba_approval")
    assert timer.due_on == D(2026, 6, 5)  # 1 week (§ 81a) ends on Fronleichnam → next working day
    assert timer.period == "1 Woche"
    assert selectors.timer_state(timer, D(2026, 5, 29)) == "green"
    assert selectors.timer_state(timer, D(2026, 6, 3)) == "amber"
    assert selectors.timer_state(timer, D(2026, 6, 6)) == "deemed"  # § 36 Abs. 2 BeschV, not "red"
    freeze_today(D(2026, 6, 1))
    with visibility_for(adviser):
        services.case_record_event(
            actor=adviser, case=case, kind="ba_decision_received", occurred_on=D(2026, 6, 1)
        )
        timer.refresh_from_db()
        assert timer.stopped_on == D(2026, 6, 1)
        assert Case.objects.get(pk=case.pk).steps.get(key="ba_approval").done_on == D(2026, 6, 1)


def test_regular_procedure_uses_two_weeks(world, assessment, freeze_today):
    freeze_today(D(2026, 3, 10))
    case = make_case(world, assessment)
    with system_access("test"):
        services.case_update(
            actor=None,
            case=case,
            expected_version=Case.objects.get(pk=case.pk).version,
            case_type="regular_visa",
        )
        services.case_record_event(
            actor=None, case=case, kind="ba_request_submitted", occurred_on=D(2026, 3, 10)
        )
        assert DeadlineTimer.objects.get(case=case, kind="ba_approval").due_on == D(2026, 3, 24)


def test_sla_pauses_while_waiting_on_authority(world, cases, freeze_today):
    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        sla = DeadlineTimer.objects.get(case=cases["a"], kind="adviser_sla")
        assert sla.due_on == D(2026, 3, 12)
        freeze_today(D(2026, 3, 5))
        services.case_set_waiting(actor=adviser, case=cases["a"], waiting=True, on=D(2026, 3, 5))
        sla.refresh_from_db()
        assert sla.paused_since == D(2026, 3, 5)
        assert selectors.timer_state(sla, D(2026, 3, 30)) == "paused"
        services.case_set_waiting(actor=adviser, case=cases["a"], waiting=False, on=D(2026, 3, 19))
        sla.refresh_from_db()
    assert sla.paused_since is None and sla.paused_days == 14
    assert sla.due_on == D(2026, 3, 26)


def test_nightly_check_flags_overdue_once_and_notifies_adviser(world, cases):
    with system_access("test"):
        DeadlineTimer.objects.filter(case=cases["a"], kind="adviser_sla").update(due_on=D(2026, 3, 3))
    mail.outbox.clear()
    result = services.deadlines_check(on=D(2026, 3, 4))
    assert result["flagged"] == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["a@test.example"]
    assert "LOT-" in mail.outbox[0].subject
    assert services.deadlines_check(on=D(2026, 3, 5))["flagged"] == 0
    with system_access("test"):
        assert Case.objects.get(pk=cases["a"].pk).has_overdue


def test_check_deadlines_command_runs(world, cases):
    from django.core.management import call_command

    call_command("check_deadlines")


def test_handover_to_fai_and_between_regions(world, cases):
    adviser_a = world["users"]["adviser_a"]
    with visibility_for(adviser_a):
        services.activity_add(actor=adviser_a, case=cases["a"], kind="note", text="Interne Notiz A")
        services.case_handover(
            actor=adviser_a, case=cases["a"], to_team=world["orgs"]["fai"], note="Bitte FAI"
        )
    with visibility_for(world["users"]["fai"]):
        case = Case.objects.get(pk=cases["a"].pk)
        assert case.team == world["orgs"]["fai"]
        texts = [entry.message for entry in Activity.objects.filter(case=case)]
        assert "Interne Notiz A" in texts  # the new team sees the whole history
        services.case_handover(
            actor=world["users"]["fai"], case=case, to_team=world["orgs"]["ra_b"], note="Arbeitsort Münster"
        )
    with visibility_for(adviser_a):
        assert not Case.objects.filter(pk=cases["a"].pk).exists()
        assert not DeadlineTimer.objects.filter(case_id=cases["a"].pk).exists()
    with visibility_for(world["users"]["adviser_b"]):
        case = Case.objects.get(pk=cases["a"].pk)
        assert case.handovers.count() == 2
        assert Candidate.objects.filter(cases=case).exists()
        # The timers moved with the case: the new region's dashboard counts them.
        timers = DeadlineTimer.objects.filter(case=case)
        assert timers.exists() and set(timers.values_list("region_id", flat=True)) == {case.region_id}


def test_employer_sees_own_case_without_internal_notes_and_candidate_only_with_consent(world, cases):
    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        services.activity_add(actor=adviser, case=cases["a"], kind="note", text="geheim", internal=True)
        services.activity_add(actor=adviser, case=cases["a"], kind="email", text="Info an AG", internal=False)
        candidate = Candidate.objects.get(cases=cases["a"])
    with visibility_for(world["users"]["employer_a"]):
        assert list(Case.objects.values_list("pk", flat=True)) == [cases["a"].pk]
        texts = {entry.message for entry in Activity.objects.all()}
        assert "Info an AG" in texts and "geheim" not in texts
        assert not Candidate.objects.exists()
    with visibility_for(adviser):
        consent = services.consent_record(
            actor=adviser, candidate=candidate, purpose="share_with_employer", given_on=D(2026, 3, 3)
        )
    with visibility_for(world["users"]["employer_a"]):
        assert Candidate.objects.get().last_name == "Sharma"
    with visibility_for(adviser):
        services.consent_withdraw(actor=adviser, consent=consent, withdrawn_on=D(2026, 3, 9))
    with visibility_for(world["users"]["employer_a"]):
        assert not Candidate.objects.exists()
    with visibility_for(world["users"]["mags"]):
        assert not Case.objects.exists() and not Candidate.objects.exists()


def test_concurrent_edits_do_not_lose_updates(world, cases):
    case = cases["a"]
    with system_access("test"):
        version = Case.objects.get(pk=case.pk).version
        services.case_update(
            actor=None, case=case, expected_version=version, adviser=world["users"]["adviser_a"]
        )
        with pytest.raises(services.CaseConflict):
            services.case_update(
                actor=None, case=case, expected_version=version, pathway="skilled_worker_academic"
            )
        fresh = Case.objects.get(pk=case.pk)
        assert fresh.adviser == world["users"]["adviser_a"] and fresh.pathway == "eu_blue_card"


def test_recheck_reports_differences_against_todays_law(world, cases):
    with system_access("test"):
        case = Case.objects.get(pk=cases["a"].pk)
        output = dict(case.assessment_output)
        output["pathways"] = [
            dict(p, status="not_eligible") if p["id"] == "eu_blue_card" else p for p in output["pathways"]
        ]
        Case.objects.filter(pk=case.pk).update(assessment_output=output, rules_version="0.9.0+old")
        result = selectors.recheck(case=Case.objects.get(pk=case.pk), on=D(2026, 3, 2))
    assert result["version_changed"]
    changed = {c["id"]: c for c in result["changes"]}
    assert changed["eu_blue_card"]["old"] == "not_eligible" and changed["eu_blue_card"]["new"] == "eligible"
    assert changed["eu_blue_card"]["chosen"]


def test_person_export_and_anonymise_keep_counts_and_audit(world, cases):
    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        candidate = Candidate.objects.get(cases=cases["a"])
        export = selectors.person_export(candidate=candidate)
        assert export["candidate"]["last_name"] == "Sharma" and export["cases"][0]["reference"]
        services.person_erase(actor=adviser, candidate=candidate, mode="anonymise")
        candidate.refresh_from_db()
    assert candidate.last_name == "" and candidate.anonymised_at
    assert ErasureCount.objects.get().count == 1
    assert AuditEntry.unscoped.filter(action="person.anonymise").exists()
    with system_access("test"):
        assert Case.objects.filter(pk=cases["a"].pk).exists()  # counts for statistics stay


def test_retention_anonymises_closed_cases_after_period(world, cases):
    with system_access("test"):
        services.case_close(
            actor=None, case=cases["b"], status="withdrawn", on=D(2026, 1, 10), withdrawal_reason="candidate_declined"
        )
    assert services.retention_apply(on=D(2026, 7, 9)) == 0
    assert services.retention_apply(on=D(2026, 7, 10)) == 1
    with system_access("test"):
        assert Candidate.objects.get(cases=cases["b"]).anonymised_at is not None
        assert Candidate.objects.get(cases=cases["a"]).anonymised_at is None


def test_company_duplicate_detection(world):
    adviser = world["users"]["adviser_a"]
    with visibility_for(adviser):
        with pytest.raises(services.DuplicateCompany) as error:
            services.company_create(actor=adviser, name="METALL-A  gmbh", region=world["regions"]["a"])
        assert [(m.pk, m.name) for m in error.value.matches] == [(world["orgs"]["employer_a"].pk, "Metall A GmbH")]
        created = services.company_create(
            actor=adviser, name="Metall A GmbH & Co. KG", region=world["regions"]["a"], allow_duplicate=True
        )
        assert created.company_profile.name_key == "metall a"
        assert services.company_find_duplicates(name="Bäckerei Müller", postcode="40822") == []


def _text_columns_containing(needle: str) -> list[str]:
    """Every text or JSON column of every case-work model that still holds `needle` (case-insensitive)."""
    from django.apps import apps
    from django.db import models as dj
    from django.db.models.functions import Cast

    hits = []
    for model in apps.get_app_config("cases").get_models():
        manager = getattr(model, "unscoped", model._default_manager)
        for field in model._meta.concrete_fields:
            if isinstance(field, dj.CharField | dj.TextField):
                rows = manager.filter(**{f"{field.name}__icontains": needle})
            elif isinstance(field, dj.JSONField):
                rows = manager.annotate(_t=Cast(field.name, dj.TextField())).filter(_t__icontains=needle)
            else:
                continue
            if rows.exists():
                hits.append(f"{model.__name__}.{field.name}")
    return hits


def test_anonymise_removes_the_name_from_every_text_and_json_column(world, cases):
    adviser = world["users"]["adviser_a"]
    case = cases["a"]
    with system_access("test setup"):
        request = AdviceRequest.objects.get(case=case)
        data = dict(request.assessment_input)
        data["candidate"] = {**data["candidate"], "name": "Priya Sharma", "email": "priya@example.org"}
        AdviceRequest.objects.filter(pk=request.pk).update(
            assessment_input=data, message="Beratung für Priya Sharma erbeten"
        )
        Candidate.objects.filter(cases=case).update(email="priya@example.org")
    with visibility_for(adviser):
        services.task_create(actor=adviser, case=case, title="Pass von Priya Sharma anfordern", due_on=None)
        services.activity_add(actor=adviser, case=case, kind="call", text="Mit Frau Sharma telefoniert")
        services.activity_add(actor=adviser, case=case, kind="note", text="priya@example.org schreibt", internal=False)
        services.case_record_event(actor=adviser, case=case, kind="zab_statement_received", occurred_on=D(2026, 3, 3))
        # Entries of an older wording, kept as text by the data migration (code "legacy").
        Activity.objects.create(
            case=case,
            kind="milestone",
            code="legacy",
            params={"text": "Zeugnis für SHARMA, Priya eingegangen"},
            internal=False,
        )
        Activity.objects.create(case=case, kind="system", code="legacy", params={"text": "Priya: Termin bestätigt"})
        document = Document.objects.filter(case=case).first()
        services.document_set_status(
            actor=adviser, document=document, status="rejected", reason="Kopie von Priya Sharma unleserlich"
        )
        services.case_handover(
            actor=adviser, case=case, to_team=world["orgs"]["fai"], note="Priya Sharma braucht § 81a-Hilfe"
        )
    assert "Task.title" in _text_columns_containing("Sharma")
    with system_access("test"):
        candidate = Candidate.objects.get(cases=case)
        services.person_erase(actor=adviser, candidate=candidate, mode="anonymise")
        for needle in ("Priya", "Sharma", "priya@example.org"):
            assert _text_columns_containing(needle) == [], needle
        request.refresh_from_db()
        # The employer's contact person is another person and stays; the message was about the person only.
        assert request.contact_name == "Petra Lange" and request.contact_email == "hr@a.example"
        assert request.message == ""
        assert "candidate" not in request.assessment_input and request.assessment_input["job"]
        assert request.anonymised_at is None  # the contact's own erasure (contact_erase) is still possible
        # Wording of system entries stays, only the name goes.
        assert Activity.objects.filter(case=case, params__text="[anonymisiert]: Termin bestätigt").exists()
        assert Case.objects.filter(pk=case.pk).exists()
    # Case B's candidate (another person) is untouched.
    assert "Candidate.last_name" in _text_columns_containing("Kovač")


def test_retention_anonymises_advice_requests_that_never_became_a_case(world, settings):
    settings.LOTSE_CASES_REQUEST_RETENTION_MONTHS = 6
    with system_access("test"):
        request = new_advice_request(
            ({"candidate": {"citizenship": "IN", "name": "Ravi Kumar"}, "job": {"kind": "employment"}}, {}),
            region=world["regions"]["a"],
            contact_name="Ravi Kumar",
            contact_email="ravi@example.org",
            message="Ich bin Ravi",
        )
        received = timezone.localtime(request.created_at).date()
        assert services.retention_apply(on=received + dt.timedelta(days=30)) == 0
        assert services.retention_apply(on=received + dt.timedelta(days=200)) == 1
        request.refresh_from_db()
        assert request.anonymised_at and request.contact_email == "" and request.message == ""
        assert request.assessment_input == {"job": {"kind": "employment"}}
        assert _text_columns_containing("Ravi") == []
        assert services.retention_apply(on=received + dt.timedelta(days=400)) == 0  # once only
    assert AuditEntry.unscoped.filter(action="advice_request.anonymise").count() == 1


def test_document_counters_follow_the_checklist(world, cases):
    """The overview shows the counters instead of reading the checklist: every change keeps them in step."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def counters():
        with system_access("t"):
            case = Case.objects.get(pk=cases["a"].pk)
            documents = Document.objects.filter(case=case)
            expected = (documents.filter(status__in=["required", "rejected"]).count(), documents.count())
        return (case.documents_open, case.documents_total), expected

    actual, expected = counters()
    assert actual == expected and expected[1] > 2
    with system_access("t"):
        first, second = Document.objects.filter(case=cases["a"]).order_by("pk")[:2]
        services.document_set_status(actor=None, document=first, status="checked")
    actual, expected = counters()
    assert actual == expected == (expected[1] - 1, expected[1])
    with system_access("t"), override_settings(MEDIA_ROOT=tempfile.mkdtemp()):
        services.document_upload(
            actor=None, document=second, uploaded=SimpleUploadedFile("pass.pdf", b"%PDF-1.4\n%%EOF\n")
        )
        services.document_set_status(actor=None, document=first, status="rejected", reason="unleserlich")
    actual, expected = counters()
    assert actual == expected == (expected[1] - 1, expected[1])
