"""Re-assessment of open cases when the legal parameters change, and the administrators' reminder (issue 10)."""

import dataclasses
import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from lotse.accounts.models import Membership, User
from lotse.cases.models import Activity, Case, CaseReassessment, ParameterWarning, ReassessmentRun
from lotse.cases.services import common, reassessment
from lotse.core.scoping import system_access
from lotse.rules import parameters as rules_parameters
from tests.conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 1)


def _clear_parameter_caches():
    for function in (
        rules_parameters.parameters_as_of,
        rules_parameters.resolved_parameters,
        rules_parameters.coverage,
        rules_parameters.coverage_start,
    ):
        function.cache_clear()


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(common, "today", lambda: DAY)
    return DAY


@pytest.fixture
def raised_thresholds(monkeypatch):
    """The Blue Card thresholds of 2026 corrected to 60,000 € (a changed value in the parameter files)."""
    original = rules_parameters.load_parameters()

    def load():
        changed = dict(original)
        for name in ("blue_card_standard", "blue_card_reduced"):
            parameter = original[name]
            values = tuple(
                dataclasses.replace(value, value=60000) if value.start.year == 2026 else value
                for value in parameter.values
            )
            changed[name] = dataclasses.replace(parameter, values=values)
        return changed

    def apply():
        monkeypatch.setattr(rules_parameters, "load_parameters", load)
        _clear_parameter_caches()

    yield apply
    monkeypatch.undo()
    _clear_parameter_caches()


def _statuses(case):
    return {p["id"]: p["status"] for p in case.assessment_output["pathways"]}


def test_fingerprint_changes_with_a_new_yearly_value_and_not_otherwise():
    same_year = rules_parameters.parameters_fingerprint(dt.date(2026, 3, 1))
    assert same_year == rules_parameters.parameters_fingerprint(dt.date(2026, 11, 30))
    # 1 January 2027: no published value yet, so every yearly series is carried forward (provisional)
    assert same_year != rules_parameters.parameters_fingerprint(dt.date(2027, 1, 1))


def test_first_check_records_a_baseline_and_reassesses_nothing(cases, today):
    result = reassessment.parameters_check(enqueue=False)
    assert result["run"] is None
    run = ReassessmentRun.objects.get()
    assert run.reason == ReassessmentRun.Reason.BASELINE and run.status == ReassessmentRun.Status.DONE
    assert not CaseReassessment.unscoped.exists()
    # nothing changed since: no run
    assert reassessment.parameters_check(enqueue=False)["run"] is None
    assert ReassessmentRun.objects.count() == 1


def test_changed_parameters_reassess_every_open_case_and_tell_the_adviser(
    cases, world, today, raised_thresholds, django_capture_on_commit_callbacks
):
    assert _statuses(cases["a"])["eu_blue_card"] == "eligible"
    with system_access("test"):
        closed = cases["b"]
        Case.unscoped.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    reassessment.parameters_check(enqueue=False)  # baseline
    raised_thresholds()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = reassessment.parameters_check()
    assert result["run"] is not None
    assert len(callbacks) == 1  # the run is queued for the worker once the transaction committed
    mail.outbox.clear()

    run = ReassessmentRun.objects.get(pk=result["run"])
    assert (run.reason, run.total, run.done) == (ReassessmentRun.Reason.PARAMETERS, 1, 0)
    run = reassessment.reassessment_run(run)
    assert (run.status, run.done, run.total, run.changed, run.errors) == ("done", 1, 1, 1, 0)

    found = CaseReassessment.unscoped.get(case=cases["a"])
    assert found.as_of == DAY
    assert {"pathway": "eu_blue_card", "old": "eligible", "new": "not_eligible"} in found.changes
    assert found.statuses["eu_blue_card"] == "not_eligible"
    assert found.notified
    assert not CaseReassessment.unscoped.filter(case=closed).exists()  # closed cases are left alone

    entry = Activity.unscoped.filter(case=cases["a"], kind=Activity.Kind.SYSTEM).order_by("-id").first()
    assert entry.code == "case.reassessed"
    with translation.override("de"):
        assert "Neubewertung" in entry.message and "Blaue Karte EU" in entry.message
        assert "möglich → nicht möglich" in entry.message
    assert entry.internal

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world["users"]["adviser_a"].email]
    assert cases["a"].reference in message.subject
    assert "nicht möglich" in message.body and f"/faelle/{cases['a'].pk}/pruefung/" in message.body

    # the same parameters again: nothing new
    assert reassessment.parameters_check(enqueue=False)["run"] is None
    # a manual run compares with the last re-assessment, so an unchanged case is recorded without a change
    manual = reassessment.reassessment_start(reason=ReassessmentRun.Reason.MANUAL)
    manual = reassessment.reassessment_run(manual)
    assert (manual.done, manual.changed) == (1, 0)
    assert len(mail.outbox) == 1


def test_a_run_cut_off_resumes_after_the_last_finished_case(cases, today, raised_thresholds, monkeypatch):
    raised_thresholds()
    run = reassessment.reassessment_start(reason=ReassessmentRun.Reason.MANUAL)
    assert run.total == 2
    first, second = sorted(case.pk for case in cases.values())
    real = reassessment._assess

    def crash_on_second(case, on):
        if case.pk == second:
            raise RuntimeError("worker killed")
        return real(case, on)

    monkeypatch.setattr(reassessment, "_assess", crash_on_second)
    with pytest.raises(RuntimeError):
        reassessment.reassessment_run(run)
    run.refresh_from_db()
    assert (run.status, run.done, run.last_case_id) == ("failed", 1, first)
    assert "worker killed" in run.error

    monkeypatch.setattr(reassessment, "_assess", real)
    run = reassessment.reassessment_resume(run)
    assert (run.status, run.done, run.changed) == ("done", 2, 2)
    assert CaseReassessment.unscoped.filter(run=run).count() == 2  # each case once


def test_a_second_run_is_refused_while_one_is_unfinished(cases, today):
    reassessment.reassessment_start(reason=ReassessmentRun.Reason.MANUAL)
    with pytest.raises(reassessment.ReassessmentBusy):
        reassessment.reassessment_start(reason=ReassessmentRun.Reason.MANUAL)


def test_bad_stored_input_is_recorded_as_an_error_not_a_crash(cases, today):
    with system_access("test"):
        Case.unscoped.filter(pk=cases["a"].pk).update(assessment_input={"candidate": {"age": "old"}})
    run = reassessment.reassessment_run(reassessment.reassessment_start(reason=ReassessmentRun.Reason.MANUAL))
    assert (run.done, run.errors) == (2, 1)
    assert CaseReassessment.unscoped.get(case=cases["a"]).error


def test_cli_runs_with_a_summary(cases, today, raised_thresholds, capsys):
    raised_thresholds()
    call_command("reassess_cases", verbosity=0)
    out = capsys.readouterr().out
    assert "2 Fälle, 2 mit geändertem Status, 0 Fehler" in out
    with pytest.raises(Exception, match="Keine unterbrochene"):
        call_command("reassess_cases", "--resume", verbosity=0)


def test_progress_page_shows_the_run_and_only_the_advisers_cases(cases, world, today, raised_thresholds, client):
    raised_thresholds()
    reassessment.reassessment_run(reassessment.reassessment_start(reason=ReassessmentRun.Reason.MANUAL))
    log_in(client, world["users"]["adviser_a"])
    page = client.get("/faelle/neubewertungen/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 von 2 Fällen bewertet" in html
    assert cases["a"].reference in html and cases["b"].reference not in html
    assert "jetzt neu bewerten" not in html
    assert client.post("/faelle/neubewertungen/").status_code == 403
    detail = client.get(f"/faelle/{cases['a'].pk}/").content.decode()
    assert 'data-testid="reassessment"' in detail and "nicht möglich" in detail

    log_in(client, world["users"]["fai"])
    html = client.get("/faelle/neubewertungen/").content.decode()
    assert cases["a"].reference in html and cases["b"].reference in html
    assert "jetzt neu bewerten" in html

    log_in(client, world["users"]["employer_a"])
    assert client.get("/faelle/neubewertungen/").status_code == 403


@pytest.fixture
def administrator(world):
    user = User.objects.create_user(email="admin@fai.example", password=PASSWORD)
    Membership.objects.create(user=user, organisation=world["orgs"]["fai"], role=Membership.Role.ADMIN)
    return user


def test_administrators_are_warned_60_days_ahead_once_per_series_and_threshold(world, administrator):
    mail.outbox.clear()
    assert reassessment.parameters_warn(on=dt.date(2026, 10, 1)) == 0  # 91 days before 31 Dec: not yet
    warned = reassessment.parameters_warn(on=dt.date(2026, 11, 1))  # 60 days before
    assert warned >= 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [administrator.email]  # admins only, not the advisers
    assert "blue_card_standard" in message.body and "31.12.2026" in message.body
    assert ParameterWarning.objects.filter(parameter="blue_card_standard", threshold_days=60).exists()

    assert reassessment.parameters_warn(on=dt.date(2026, 11, 2)) == 0  # once per threshold
    assert len(mail.outbox) == 1
    assert reassessment.parameters_warn(on=dt.date(2026, 12, 1)) == warned  # 30 days: the next reminder
    assert reassessment.parameters_warn(on=dt.date(2026, 12, 24)) == warned  # 7 days
    assert reassessment.parameters_warn(on=dt.date(2026, 12, 25)) == 0
    assert len(mail.outbox) == 3


def test_nightly_command_warns_and_reports(world, administrator, monkeypatch, capsys):
    monkeypatch.setattr(common, "today", lambda: dt.date(2026, 11, 15))
    call_command("check_deadlines")
    out = capsys.readouterr().out
    assert "parameter series warned about" in out
    assert ParameterWarning.objects.filter(threshold_days=60).exists()
