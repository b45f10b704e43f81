from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lotse.reference.gemeinden_import import import_gemeinden
from lotse.reference.models import Gemeinde, Kreis
from lotse.reference.places import PLACES_DIR, write_places

DESTATIS_FILE = "de_gemeindeverzeichnis_destatis_AuszugGV4Q.csv"
PLZ_FILE = "de_zuordnung_plz_ort_landkreis.csv"
NRW_GEMEINDEN = 396


class Command(BaseCommand):
    help = (
        "Import the NRW Gemeinden (Destatis extract) and their postcodes (PLZ mapping). With --write-shipped, "
        "also write the imported places as the files the project ships (lotse/reference/data/places/)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--destatis", type=Path, default=settings.LOTSE_DATA_DIR / DESTATIS_FILE)
        parser.add_argument("--plz", type=Path, default=settings.LOTSE_DATA_DIR / PLZ_FILE)
        parser.add_argument("--quiet", action="store_true", help="no progress bar")
        parser.add_argument(
            "--write-shipped",
            nargs="?",
            const=PLACES_DIR,
            type=Path,
            metavar="DIR",
            help=f"after a clean import of all {NRW_GEMEINDEN} Gemeinden write the shipped place files "
            f"(default {PLACES_DIR})",
        )

    def handle(self, *args, destatis: Path, plz: Path, quiet: bool, write_shipped: Path | None, **options):
        for path in (destatis, plz):
            if not path.is_file():
                raise CommandError(f"File not found: {path}")
        if not Kreis.objects.exists():
            raise CommandError("No Kreise loaded yet: run `lotse load-reference` first.")

        def progress(rows):
            return tqdm(rows, desc="Zeilen", unit=" Zeilen", disable=quiet, file=self.stderr._out)

        report = import_gemeinden(destatis, plz, progress=progress, all_or_nothing=True)
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"Fehler – {error}")
            raise CommandError(
                f"{len(report.errors)} error(s) (see above, with file, line and reason): nothing was imported, "
                "the database is unchanged.",
                returncode=1,
            )
        self.stdout.write(f"{report.gemeinden} Gemeinden und {report.postcodes} PLZ-Zuordnungen geladen.")
        if write_shipped is not None:
            count = Gemeinde.objects.count()
            if count != NRW_GEMEINDEN:
                raise CommandError(
                    f"{count} Gemeinden in the database, expected {NRW_GEMEINDEN}: shipped files not written."
                )
            written = write_places(write_shipped)
            self.stdout.write(
                f"Mitgelieferte Ortsdaten geschrieben: {written.gemeinden} Gemeinden, "
                f"{written.postcodes} PLZ-Zuordnungen in {write_shipped}."
            )
