"""`lotse reporting-fill`: bring the count table up to yesterday (nightly), rebuild one period, or everything."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lotse.reporting import build
from lotse.reporting.periods import Period, PeriodError


class Command(BaseCommand):
    help = "Füllt die Auswertungstabellen (Standard: bis gestern); --period baut einen Zeitraum neu, --full alles."

    def add_arguments(self, parser):
        parser.add_argument("--until", help="letzter Tag, JJJJ-MM-TT (Standard: gestern)")
        parser.add_argument("--period", help="einen Zeitraum neu berechnen: 2026-03, 2026-Q1 oder 2026")
        parser.add_argument("--full", action="store_true", help="alles leeren und neu berechnen")

    def handle(self, *args, until=None, period=None, full=False, **options):
        if period and full:
            raise CommandError("--period und --full schließen sich aus.")
        try:
            until_day = dt.date.fromisoformat(until) if until else None
        except ValueError as error:
            raise CommandError(f"--until: kein Datum im Format JJJJ-MM-TT: {until!r}") from error
        bar = tqdm(total=0, unit="Einheit", disable=options["verbosity"] == 0, file=self.stderr._out)

        def progress(run):
            bar.total = run.units_total
            bar.n = run.units_done
            bar.refresh()

        if period:
            try:
                target = Period.parse(period)
            except PeriodError as error:
                raise CommandError(f"--period: kein Zeitraum wie 2026-03, 2026-Q1 oder 2026: {period!r}") from error
            run = build.reporting_rebuild(period=target, progress=progress)
        elif full:
            run = build.reporting_rebuild_all(until=until_day, progress=progress)
        else:
            run = build.reporting_fill(until=until_day, progress=progress)
        bar.close()
        self.stdout.write(f"{run.units_done} Einheiten, {run.cells_written} Zellen geschrieben ({run.status}).")
