"""`lotse reassess-cases`: re-assess every open case under the legal parameters in force today (issue 10).

The nightly `lotse check-deadlines` starts this by itself when the parameters changed; use it by hand after a
yearly update to see the result at once, or with --resume to continue a run cut off by a crash.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lotse.cases.models import ReassessmentRun
from lotse.cases.services import reassessment


class Command(BaseCommand):
    help = "Bewertet alle offenen Fälle mit den heute geltenden Rechtsparametern neu (Fortschritt auf stderr)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--enqueue", action="store_true", help="start the run and leave it to the worker")
        group.add_argument("--resume", action="store_true", help="continue the last unfinished or failed run")

    def handle(self, *args, enqueue=False, resume=False, **options):
        if resume:
            run = ReassessmentRun.objects.exclude(status=ReassessmentRun.Status.DONE).order_by("-id").first()
            if run is None:
                raise CommandError("Keine unterbrochene Neubewertung vorhanden.")
        else:
            try:
                run = reassessment.reassessment_start(reason=ReassessmentRun.Reason.MANUAL)
            except reassessment.ReassessmentBusy as error:
                raise CommandError(f"{error} (--resume)") from error
        if enqueue:
            from lotse.cases.tasks import reassess_cases  # noqa: PLC0415

            reassess_cases.enqueue(run.pk)
            self.stdout.write(f"Neubewertung {run.pk} für {run.total} offene Fälle an den Worker übergeben.")
            return
        bar = tqdm(
            total=run.total, initial=run.done, unit="Fall", disable=options["verbosity"] == 0, file=self.stderr._out
        )

        def progress(current):
            bar.total = max(current.total, current.done)
            bar.n = current.done
            bar.refresh()

        if resume:
            ReassessmentRun.objects.filter(pk=run.pk).update(status=ReassessmentRun.Status.RUNNING)
            run.refresh_from_db()
        run = reassessment.reassessment_run(run, progress=progress)
        bar.close()
        self.stdout.write(
            f"Neubewertung {run.pk}: {run.done} Fälle, {run.changed} mit geändertem Status, {run.errors} Fehler."
        )
