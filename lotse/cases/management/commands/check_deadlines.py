from django.core.management.base import BaseCommand

from lotse.cases import services
from lotse.cases.services import reassessment


class Command(BaseCommand):
    help = (
        "Flag overdue deadline timers, notify the advisers, apply retention periods, warn the administrators about "
        "expiring legal parameters and start a re-assessment of the open cases when the parameters changed "
        "(run nightly)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue the job for the worker instead")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from lotse.cases.tasks import check_deadlines

            result = check_deadlines.enqueue()
            self.stdout.write(f"queued {result.id}")
            return
        result = services.deadlines_check()
        result["anonymised"] = services.retention_apply()
        parameters = reassessment.parameters_check()
        self.stdout.write(
            f"{result['flagged']} overdue, {result['notified']} notified, {result['anonymised']} anonymised, "
            f"{parameters['warned']} parameter series warned about"
            + (f", re-assessment run {parameters['run']} queued" if parameters["run"] else "")
        )
