from django.core.management.base import BaseCommand

from lotse.reference.loading import load_reference_data


class Command(BaseCommand):
    help = "Load the reviewed NRW reference data (Regierungsbezirke, regions, Kreise, authorities)."

    def handle(self, *args, **options):
        report = load_reference_data()
        self.stdout.write(
            f"{report.regierungsbezirke} Regierungsbezirke, {report.regions} Arbeitsmarktregionen, "
            f"{report.kreise} Kreise, {report.authorities} Behörden geladen."
        )
