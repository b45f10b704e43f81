"""`lotse restore FILE`: into an empty database and an empty MEDIA_ROOT, then verified table by table."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.migrations.loader import MigrationLoader

from lotse.ops.backup import BackupError, restore_backup
from lotse.ops.management.commands._archive import database, progress_factory


class Command(BaseCommand):
    help = "Restore a `lotse backup` archive into an empty database and MEDIA_ROOT and verify every table."
    requires_system_checks = []  # the target database is empty: nothing to check against yet

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="archive written by `lotse backup`")
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args, file: Path, quiet: bool, **options):
        db = database()
        try:
            result = restore_backup(
                file, db=db, media_root=Path(settings.MEDIA_ROOT), progress=progress_factory(self, quiet)
            )
        except BackupError as error:
            raise CommandError(str(error), returncode=error.exit_code) from None
        manifest, tables = result["manifest"], result["tables"]
        if result["problems"]:
            for problem in result["problems"]:
                self.stderr.write(problem)
            raise CommandError(
                f"Wiederhergestellt, aber {len(result['problems'])} Tabellen weichen von der "
                "Sicherung ab (siehe oben).",
                returncode=1,
            )
        rows = sum(t["rows"] for t in tables.values())
        self.stdout.write(
            f"Wiederhergestellt und geprüft (Anzahl und Prüfsumme jeder Tabelle wie gesichert): Tabellen: "
            f"{len(tables)}, Zeilen: {rows:_}, Dateien: {len(manifest['media'])}; Sicherung vom "
            f"{manifest['created_at']}.".replace("_", ".")
        )
        self._migration_hint(manifest["migrations"])

    def _migration_hint(self, applied: list) -> None:
        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        saved = {tuple(item) for item in applied}
        if saved - known:
            self.stderr.write(
                "Achtung: die Sicherung stammt aus einer neueren Lotse-Version (unbekannte Migrationen: "
                + ", ".join(sorted(f"{a}.{n}" for a, n in saved - known)[:5])
                + ")."
            )
        elif known - saved:
            self.stdout.write("Die Sicherung ist älter als diese Lotse-Version: führen Sie `lotse migrate` aus.")
