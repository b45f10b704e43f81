from django.core.management.base import BaseCommand

from lotse.reference.loading import load_reference_data
from lotse.reference.models import Gemeinde
from lotse.reference.places import PLACES_DIR, load_places, shipped_places_present


class Command(BaseCommand):
    help = (
        "Load the reviewed NRW reference data (Regierungsbezirke, regions, Kreise, authorities) and, into an "
        "empty Gemeinde table, the shipped NRW places (396 Gemeinden and their PLZ)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload-places",
            action="store_true",
            help="load the shipped Gemeinden and PLZ even if Gemeinden are already loaded (e.g. after an update)",
        )

    def handle(self, *args, reload_places: bool, **options):
        report = load_reference_data()
        self.stdout.write(
            f"{report.regierungsbezirke} Regierungsbezirke, {report.regions} Arbeitsmarktregionen, "
            f"{report.kreise} Kreise, {report.authorities} Behörden geladen."
        )
        if not shipped_places_present():
            self.stderr.write(f"Mitgelieferte Ortsdaten fehlen in {PLACES_DIR}; siehe docs/data-sources.md.")
            return
        if Gemeinde.objects.exists() and not reload_places:
            # An operator may have imported fresher official files (lotse import-gemeinden): keep them.
            self.stdout.write(
                f"{Gemeinde.objects.count()} Gemeinden bereits geladen, mitgelieferte Ortsdaten nicht erneut "
                "geladen (--reload-places erzwingt es)."
            )
            return
        places = load_places()
        self.stdout.write(
            f"{places.gemeinden} Gemeinden und {places.postcodes} PLZ-Zuordnungen aus den mitgelieferten "
            "Ortsdaten geladen (© Destatis, dl-de/by-2-0; PLZ © OpenStreetMap contributors, ODbL 1.0)."
        )
