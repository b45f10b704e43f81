"""Closing a case as withdrawn asks why; the reason goes into the reporting as "withdrawn and why" (issue 15)."""

import datetime as dt

import pytest

from lotse.cases import services
from lotse.cases.models import Case
from lotse.core.confirm import CONFIRMED
from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access
from lotse.reporting import build
from lotse.reporting.models import ReportCell
from tests.conftest import log_in

pytestmark = pytest.mark.django_db


def test_a_withdrawal_needs_a_reason_and_only_a_withdrawal_has_one(world, cases):
    with system_access("test"):
        with pytest.raises(services.CaseRuleError, match="warum"):
            services.case_close(actor=None, case=cases["a"], status="withdrawn")
        with pytest.raises(services.CaseRuleError, match="warum"):
            services.case_close(actor=None, case=cases["a"], status="withdrawn", withdrawal_reason="bored")
        with pytest.raises(services.CaseRuleError, match="nur zu einem zurückgezogenen"):
            services.case_close(actor=None, case=cases["a"], status="closed", withdrawal_reason="other")
        assert Case.unscoped.get(pk=cases["a"].pk).status == "open"  # nothing changed

        services.case_close(
            actor=None,
            case=cases["a"],
            status="withdrawn",
            withdrawal_reason="employer_filled",
            withdrawal_note="  Stelle intern besetzt  ",
            on=dt.date(2026, 3, 20),
        )
        case = Case.unscoped.get(pk=cases["a"].pk)
        assert (case.status, case.withdrawal_reason, case.withdrawal_note) == (
            "withdrawn",
            "employer_filled",
            "Stelle intern besetzt",
        )
        entry = AuditEntry.unscoped.filter(action="case.close").latest("id")
        assert entry.changes["withdrawal_reason"]["new"] == "employer_filled"
        assert "Stelle" not in str(entry.changes)  # the free note stays out of the audit log


def test_close_form_asks_for_the_reason(client, world, cases):
    log_in(client, world["users"]["adviser_a"])
    url = f"/faelle/{cases['a'].pk}/abschluss/"
    page = client.post(url, {"status": "withdrawn"})
    assert "Bitte wählen Sie, warum der Fall zurückgezogen wird." in page.content.decode()
    with system_access("test"):
        assert Case.unscoped.get(pk=cases["a"].pk).status == "open"
    data = {"status": "withdrawn", "withdrawal_reason": "candidate_declined"}
    confirm = client.post(url, data).content.decode()  # closing asks first, and carries the reason along
    assert 'name="withdrawal_reason" value="candidate_declined"' in confirm
    response = client.post(url, {**data, CONFIRMED: "1"})
    assert response.status_code == 302
    edit = client.get(f"/faelle/{cases['a'].pk}/bearbeiten/").content.decode()
    assert 'data-testid="withdrawal"' in edit and "Fachkraft hat abgesagt" in edit


def test_reasons_are_counted_in_the_reporting(world, cases):
    with system_access("test"):
        services.case_close(
            actor=None, case=cases["a"], status="withdrawn", withdrawal_reason="recognition", on=dt.date(2026, 3, 20)
        )
        services.case_close(actor=None, case=cases["b"], status="withdrawn", withdrawal_reason="recognition",
                            on=dt.date(2026, 3, 21))
    build.reporting_fill(until=dt.date(2026, 3, 31))
    with system_access("test"):
        cells = {
            (r.measure, r.region): r.count
            for r in ReportCell.unscoped.filter(
                stat="withdrawals", period_kind="month", dimension="", period_start=dt.date(2026, 3, 1)
            )
        }
    assert cells[("recognition", 0)] == 2 and cells[("total", 0)] == 2
    assert cells[("recognition", world["regions"]["a"].pk)] == 1
