"""What `lotse backup` and `lotse restore` share: the database and progress bars on stderr."""

from django.conf import settings
from django.core.management.base import CommandError
from tqdm import tqdm

from lotse.ops.backup import BackupError, Database


def database() -> Database:
    try:
        return Database.from_settings(settings.DATABASES["default"])
    except BackupError as error:
        raise CommandError(str(error), returncode=error.exit_code) from None


def progress_factory(command, quiet: bool):
    def progress(**kwargs):
        return tqdm(disable=quiet, file=command.stderr._out, leave=True, **kwargs)

    return progress
