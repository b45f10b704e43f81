"""The case's overview counters (`Case.welcome_items`, `Case.last_reassessment`) filled for rows that existed before
them (migrations cases 0015 and welcome 0003)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lotse.cases.models import Case
from lotse.core.scoping import system_access


@pytest.mark.django_db(transaction=True)
def test_migrations_count_existing_plans_notices_and_find_the_last_change(world, cases):
    before = [("cases", "0014_document_candidate"), ("welcome", "0002_case_link")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    case_a, case_b = cases["a"], cases["b"]
    Run = old.get_model("cases", "ReassessmentRun")
    Result = old.get_model("cases", "CaseReassessment")
    change = [{"pathway": "eu_blue_card", "old": "eligible", "new": "not_eligible"}]
    first, second = (
        Run.objects.create(reason="manual", as_of=dt.date(2026, 6, day), fingerprint=str(day)) for day in (1, 2)
    )
    changed = Result.objects.create(run=first, case_id=case_a.pk, as_of=first.as_of, changes=change)
    Result.objects.create(run=second, case_id=case_a.pk, as_of=second.as_of, changes=[])  # later, nothing new
    Result.objects.create(run=first, case_id=case_b.pk, as_of=first.as_of, changes=[])
    Plan = old.get_model("welcome", "WelcomePlan")
    plan = Plan.objects.create(
        organisation_id=case_a.employer_id,
        case_id=case_a.pk,
        pathway="eu_blue_card",
        arrival=dt.date(2026, 9, 1),
        work_ags="05158024",
        residence_ags="05158024",
        content_version="1",
    )
    Notice = old.get_model("welcome", "Notice")
    for case_id in (case_a.pk, None):  # the second one is the employer's own, of no case
        Notice.objects.create(
            organisation_id=case_a.employer_id,
            plan=plan,
            case_id=case_id,
            employer_name="Metall A GmbH",
            workplace_ags="05158024",
            office_id="faire-integration-duesseldorf",
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    with system_access("test"):
        a, b = Case.unscoped.get(pk=case_a.pk), Case.unscoped.get(pk=case_b.pk)
    assert (a.welcome_items, a.last_reassessment_id) == (2, changed.pk)
    assert (b.welcome_items, b.last_reassessment_id) == (0, None)
