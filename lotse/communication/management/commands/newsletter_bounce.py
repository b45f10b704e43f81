"""`lotse newsletter-bounce [FILE]`: record the failed recipients of a delivery status notification (RFC 3464).

Wire it to the bounce address of the mail server, e.g. in Postfix's aliases: `bounces: "|lotse newsletter-bounce"`.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lotse.communication.services import newsletter


class Command(BaseCommand):
    help = "Liest eine Unzustellbarkeitsnachricht (DSN) aus einer Datei oder von stdin und vermerkt die Adressen."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Datei mit der Nachricht (ohne: stdin)")

    def handle(self, *args, file=None, **options):
        try:
            raw = Path(file).read_bytes() if file else sys.stdin.buffer.read()
        except OSError as error:
            raise CommandError(f"Datei nicht lesbar: {file} ({error.strerror})") from error
        if not raw.strip():
            raise CommandError("Keine Nachricht erhalten (leere Eingabe).")
        count = newsletter.bounce_process(raw)
        if not count:
            raise CommandError(
                "Keine Unzustellbarkeitsmeldung mit Empfängeradresse gefunden (message/delivery-status)."
            )
        self.stdout.write(f"{count} unzustellbare Adresse(n) vermerkt.")
