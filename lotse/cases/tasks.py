"""Background jobs of case work (django-tasks). Cron runs `lotse check-deadlines` nightly, or enqueue this."""

from django_tasks import task

from lotse.cases import services


@task()
def check_deadlines() -> dict:
    """Nightly: flag overdue timers, notify advisers, then apply the retention periods."""
    result = services.deadlines_check()
    result["anonymised"] = services.retention_apply()
    return result
