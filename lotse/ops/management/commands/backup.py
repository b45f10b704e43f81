"""`lotse backup [FILE]`: database and uploaded files in one verifiable archive (lotse.ops.backup)."""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lotse.ops.backup import BackupError, create_backup
from lotse.ops.management.commands._archive import database, progress_factory


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and the uploaded files (MEDIA_ROOT) into one tar archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", type=Path, help="archive to write (default: lotse-backup-YYYYMMDD-HHMMSS.tar here)"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args, file: Path | None, quiet: bool, **options):
        target = file or Path(f"lotse-backup-{datetime.now():%Y%m%d-%H%M%S}.tar")
        try:
            manifest = create_backup(
                target.absolute(),
                db=database(),
                media_root=Path(settings.MEDIA_ROOT),
                progress=progress_factory(self, quiet),
            )
        except BackupError as error:
            raise CommandError(str(error), returncode=error.exit_code) from None
        tables = manifest["database"]["tables"]
        rows = sum(t["rows"] for t in tables.values())
        self.stdout.write(
            f"Sicherung geschrieben: {target} (Tabellen: {len(tables)}, Zeilen: {rows:_}, "
            f"Dateien: {len(manifest['media'])}).".replace("_", ".")
        )
