"""Background jobs of case work (django-tasks). Cron runs `lotse check-deadlines` nightly, or enqueue this."""

from django_tasks import task

from lotse.cases import services
from lotse.cases.services import reassessment


@task()
def check_deadlines() -> dict:
    """Nightly: flag overdue timers, notify advisers, apply the retention periods, warn about expiring legal
    parameters and start a re-assessment of the open cases when the parameters in force changed."""
    result = services.deadlines_check()
    result["anonymised"] = services.retention_apply()
    result["parameters"] = reassessment.parameters_check()
    return result


@task()
def reassess_cases(run_id: int) -> dict:
    """Re-assess the open cases of one run (resumes after its last finished case)."""
    from lotse.cases.models import ReassessmentRun  # noqa: PLC0415

    run = ReassessmentRun.objects.get(pk=run_id)
    if run.status != ReassessmentRun.Status.RUNNING:
        return {"run": run.pk, "status": run.status}
    run = reassessment.reassessment_run(run)
    return {"run": run.pk, "done": run.done, "changed": run.changed, "errors": run.errors}
