"""Every way around the scope (`Model.unscoped`, `system_access(...)`) in lotse/ is listed here with its reason.

The scope (lotse.core.scoping) filters every read by what the actor may see; code that needs more says so. This
test reads the source (AST) of every module under lotse/ — services, selectors, jobs, commands, not only views —
and compares the uses, per function, with the registry below: a new use fails until it is listed here with a reason
(and so is reviewed), and a listed use that disappeared fails until its entry goes, so the list stays true.

Views never appear here: tests/core/test_scoping.py forbids both in views.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# "path::function": (uses, reason). A use is one `.unscoped` or one `system_access` in that function.
REGISTRY: dict[str, tuple[int, str]] = {
    # --- core
    "lotse/core/audit.py::record": (1, "the audit log is append-only and written for every actor; reads stay scoped"),
    # --- demo data (commands, never on production)
    "lotse/accounts/demo.py::_organisation": (1, "demo loader: idempotent lookup of an organisation of any region"),
    "lotse/accounts/demo.py::load_demo_data": (2, "demo loader: writes organisations and users of every region"),
    "lotse/cases/management/commands/load_demo_cases.py::Command.handle": (1, "demo loader: cases of every region"),
    "lotse/communication/demo.py::load_demo_communication": (1, "demo loader: news and offers of every region"),
    "lotse/events/demo.py::load_demo_events": (1, "demo loader: workshops of several organisers"),
    # --- case work
    "lotse/cases/selectors.py::company_duplicates": (
        1,
        "duplicate check of a new company across all regions; returns only name and place of a foreign one",
    ),
    "lotse/cases/services/advice_requests.py::_team_for_region": (
        1,
        "an employer's request is routed to the Regionalagentur of its region, which the employer cannot see",
    ),
    "lotse/cases/services/candidates.py::_refresh_sharing": (
        1,
        "the consent flag decides the employer's visibility; written as a plain column update after the check",
    ),
    "lotse/cases/services/cases.py::case_handover": (
        3,
        "a handover moves the case's timers and candidates to the new region, which the actor may not see",
    ),
    "lotse/cases/services/deadlines.py::deadlines_check": (1, "nightly job: overdue timers of every region"),
    "lotse/cases/services/reassessment.py::_open_cases": (1, "re-assessment run: every open case of NRW"),
    "lotse/cases/services/reassessment.py::_baseline": (1, "re-assessment run: the case's last re-assessment"),
    "lotse/cases/services/reassessment.py::reassess_case": (3, "re-assessment run: records the result per case"),
    "lotse/cases/services/reassessment.py::_notify": (2, "re-assessment run: mails the case's adviser or team"),
    "lotse/cases/services/reassessment.py::reassessment_run": (1, "worker task: the run over all regions"),
    "lotse/cases/services/privacy.py::_scrub_rows": (1, "erasure: removes a person's name from rows of any region"),
    "lotse/cases/services/privacy.py::_anonymise_advice_request": (1, "erasure/retention of an advice request"),
    "lotse/cases/services/privacy.py::_anonymise_candidate": (
        12,
        "erasure: every record of the person in every case (messages too), also where the region has changed",
    ),
    "lotse/cases/services/privacy.py::_scrub_cases": (8, "erasure: the person's name out of every text of their cases"),
    "lotse/cases/services/privacy.py::_documents_of_person": (1, "erasure: the person's files in any region"),
    "lotse/cases/services/privacy.py::person_erase": (3, "erasure: the person and the anonymous statistics counts"),
    "lotse/cases/services/privacy.py::requests_retention_apply": (1, "nightly job: retention of advice requests"),
    "lotse/cases/services/privacy.py::retention_apply": (1, "nightly job: retention periods of every region"),
    # --- communication (public newsletter: the subscriber is anonymous, identified by a token)
    "lotse/communication/services/newsletter.py::subscriber_request": (1, "anonymous subscription by e-mail"),
    "lotse/communication/services/newsletter.py::subscriber_by_token": (1, "the subscriber's own record by token"),
    "lotse/communication/services/newsletter.py::subscriber_confirm": (1, "double opt-in by token"),
    "lotse/communication/services/newsletter.py::subscriber_unsubscribe": (1, "unsubscribe by token (RFC 8058)"),
    "lotse/communication/services/newsletter.py::subscriber_change": (1, "preferences by token"),
    "lotse/communication/services/newsletter.py::pending_expire": (1, "job: unconfirmed subscriptions expire"),
    "lotse/communication/services/newsletter.py::bounce_record": (1, "job: bounce reports from the mail server"),
    "lotse/communication/services/newsletter.py::digest_send": (1, "worker: sends an issue to every subscriber"),
    # --- events (participants are anonymous, identified by a token; capacity is counted over all registrations)
    "lotse/events/management/commands/events_sweep.py::Command.handle": (1, "hourly job: holds, offers, mails"),
    "lotse/events/selectors.py::registration_by_token": (2, "the participant's own registration by token"),
    "lotse/events/services/admin.py::session_update": (1, "capacity change locks the session row of all places"),
    "lotse/events/services/common.py::_schedule_event": (3, "schedules the mails of an event for all sessions"),
    "lotse/events/services/mail.py::_send_status_mail": (1, "worker: mail to one participant"),
    "lotse/events/services/mail.py::_send_offer_mail": (1, "worker: waiting-list offer to one participant"),
    "lotse/events/services/mail.py::participants_message": (1, "organiser's message to all confirmed participants"),
    "lotse/events/services/registration.py::_company_places": (1, "the places-per-company limit counts everyone"),
    "lotse/events/services/registration.py::registration_create": (3, "anonymous registration; capacity lock"),
    "lotse/events/services/registration.py::_active_registration_exists": (1, "duplicate check over everyone"),
    "lotse/events/services/registration.py::_locked": (3, "token actions of anonymous participants; row locks"),
    "lotse/events/services/registration.py::_offer_free_places": (1, "waiting list: the next person, whoever it is"),
    "lotse/events/services/shredder.py::shred_personal_data": (1, "job: deletes participants' data after the event"),
    "lotse/events/services/shredder.py::event_shred": (1, "deletes the participants' data of one event"),
    "lotse/events/services/sweep.py::expire_holds_and_offers": (1, "job: expired holds and offers of everyone"),
    "lotse/events/services/sweep.py::send_due_rules": (3, "job: scheduled mails to all participants"),
    "lotse/events/tasks.py::events_sweep": (1, "worker task: the hourly sweep"),
    # --- welcome plans and § 45c notices of a case (the employer's user may not see the case itself)
    "lotse/welcome/services.py::advises_case": (1, "is the actor an adviser of this case? the case within their scope"),
    "lotse/welcome/services.py::_timeline": (1, "a tick of the employer's plan goes onto its case's timeline"),
    "lotse/welcome/services.py::situation_from_case": (1, "the plan starts from the case's planned steps"),
    # --- workspace (the exchange between an employer and the case's advisers)
    "lotse/workspace/services.py::_employer_emails": (1, "notify the employer's users, whom the adviser cannot list"),
    "lotse/workspace/services.py::_adviser_emails": (2, "notify the case's adviser or team, unseen by the employer"),
    # --- reporting (aggregate counts of every region; no personal data leaves these functions)
    "lotse/reporting/build.py::reporting_fill": (1, "nightly job: fills the count tables"),
    "lotse/reporting/build.py::reporting_rebuild": (1, "rebuild of a period"),
    "lotse/reporting/build.py::reporting_rebuild_all": (2, "full rebuild of the count tables"),
    "lotse/reporting/build.py::_month_cells": (1, "reads the count table to sum months into quarters"),
    "lotse/reporting/build.py::_replace": (1, "replaces the cells of a period"),
    "lotse/reporting/build.py::_insert": (1, "writes cells (COPY or bulk insert)"),
    "lotse/reporting/build.py::_protect_year": (2, "disclosure control over a whole year's cells"),
    "lotse/fairness/reporting.py::self_checks": (1, "counts: saved self-checks (reporting source)"),
    "lotse/fairness/reporting.py::first_day": (1, "counts: first day of the self-checks"),
    "lotse/fairness/reporting.py::changed_days": (1, "counts: days on which self-checks were saved"),
    "lotse/reporting/sources.py::withdrawals": (1, "counts: cases withdrawn, by reason"),
    "lotse/reporting/sources.py::_companies": (1, "counts: companies"),
    "lotse/reporting/sources.py::_contacts": (2, "counts: contacts"),
    "lotse/reporting/sources.py::_first_contacts": (2, "counts: first contacts"),
    "lotse/reporting/sources.py::_companies_first_day": (2, "counts: first day of the companies"),
    "lotse/reporting/sources.py::advice_requests": (1, "counts: advice requests"),
    "lotse/reporting/sources.py::advice_response": (2, "counts: response times from the audit log"),
    "lotse/reporting/sources.py::_responses_first_day": (1, "counts: first day of the responses"),
    "lotse/reporting/sources.py::cases_opened": (1, "counts: cases opened"),
    "lotse/reporting/sources.py::cases_closed": (2, "counts: cases closed"),
    "lotse/reporting/sources.py::_cases_first_day": (1, "counts: first day of the cases"),
    "lotse/reporting/sources.py::_case_changed_days": (3, "counts: days on which cases changed"),
    "lotse/reporting/sources.py::_first_contact_days": (2, "counts: days of first contacts"),
    "lotse/reporting/sources.py::milestones": (2, "counts: milestones"),
    "lotse/reporting/sources.py::_milestones_first_day": (1, "counts: first day of the milestones"),
    "lotse/reporting/sources.py::deadlines": (2, "counts: deadlines kept and missed"),
    "lotse/reporting/sources.py::_deadlines_first_day": (1, "counts: first day of the deadlines"),
    "lotse/reporting/sources.py::_session_rows": (1, "counts: workshop sessions"),
    "lotse/reporting/sources.py::workshops": (1, "counts: workshops"),
    "lotse/reporting/sources.py::registrations": (1, "counts: registrations"),
    "lotse/reporting/sources.py::_events_first_day": (1, "counts: first day of the events"),
    "lotse/reporting/sources.py::_events_changed_days": (2, "counts: days on which events changed"),
}


def _uses(path: Path, relative: str | None = None) -> Counter:
    """Uses of `.unscoped` and `system_access` per enclosing function ("Class.method", "<module>")."""
    found: Counter = Counter()
    relative = relative or path.relative_to(ROOT).as_posix()

    def visit(node: ast.AST, where: list[str]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                visit(child, [*where, child.name])
                continue
            bypass = (isinstance(child, ast.Attribute) and child.attr in ("unscoped", "system_access")) or (
                isinstance(child, ast.Name) and child.id == "system_access"
            )
            if bypass:
                found[f"{relative}::{'.'.join(where) or '<module>'}"] += 1
            visit(child, where)

    visit(ast.parse(path.read_text(encoding="utf-8")), [])
    return found


def _all_uses() -> Counter:
    uses: Counter = Counter()
    for path in sorted((ROOT / "lotse").rglob("*.py")):
        if "migrations" in path.parts or path == ROOT / "lotse" / "core" / "scoping.py":
            continue  # migrations run outside the application; scoping.py defines the two
        uses.update(_uses(path))
    return uses


def test_every_scope_bypass_is_listed_with_its_reason():
    uses = _all_uses()
    unlisted = {where: count for where, count in uses.items() if where not in REGISTRY}
    assert unlisted == {}, "new scope bypasses: list each in REGISTRY with its reason (or use the scoped manager)"
    changed = {
        where: (count, REGISTRY[where][0]) for where, count in uses.items() if count != REGISTRY[where][0]
    }
    assert changed == {}, "(found, listed) uses per function differ: review the new use and update REGISTRY"
    gone = sorted(set(REGISTRY) - set(uses))
    assert gone == [], "listed bypasses no longer in the code: remove them from REGISTRY"


def test_every_reason_says_something():
    assert all(count > 0 and len(reason) >= 15 for count, reason in REGISTRY.values())


def test_the_finder_sees_services_and_both_forms(tmp_path):
    """The finder itself: a use in a service module, attribute and name forms, per function."""
    module = ROOT / "lotse" / "cases" / "services" / "privacy.py"
    assert _uses(module)["lotse/cases/services/privacy.py::_anonymise_candidate"] == 12
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from lotse.core import scoping\n"
        "def f():\n    with scoping.system_access('x'):\n        return M.unscoped.all()\n"
        "class C:\n    def g(self):\n        with system_access('y'):\n            pass\n",
        encoding="utf-8",
    )
    assert _uses(sample, "sample.py") == {"sample.py::f": 2, "sample.py::C.g": 1}
