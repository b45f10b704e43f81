from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lotse.reference.gemeinden_import import import_gemeinden
from lotse.reference.models import Kreis

DESTATIS_FILE = "de_gemeindeverzeichnis_destatis_AuszugGV4Q.csv"
PLZ_FILE = "de_zuordnung_plz_ort_landkreis.csv"


class Command(BaseCommand):
    help = "Import the NRW Gemeinden (Destatis extract) and their postcodes (PLZ mapping)."

    def add_arguments(self, parser):
        parser.add_argument("--destatis", type=Path, default=settings.LOTSE_DATA_DIR / DESTATIS_FILE)
        parser.add_argument("--plz", type=Path, default=settings.LOTSE_DATA_DIR / PLZ_FILE)
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, destatis: Path, plz: Path, quiet: bool, **options):
        for path in (destatis, plz):
            if not path.is_file():
                raise CommandError(f"File not found: {path}")
        if not Kreis.objects.exists():
            raise CommandError("No Kreise loaded yet: run `lotse load-reference` first.")

        def progress(rows):
            return tqdm(rows, desc="Zeilen", unit=" Zeilen", disable=quiet, file=self.stderr._out)

        report = import_gemeinden(destatis, plz, progress=progress)
        for error in report.errors:
            self.stderr.write(f"Zeile übersprungen – {error}")
        self.stdout.write(
            f"{report.gemeinden} Gemeinden und {report.postcodes} PLZ-Zuordnungen geladen, "
            f"{len(report.errors)} fehlerhafte Zeilen übersprungen."
        )
        if report.errors:
            raise CommandError(
                f"{len(report.errors)} lines were rejected (see above); the others were loaded.", returncode=1
            )
