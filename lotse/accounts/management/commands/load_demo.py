from django.core.management.base import BaseCommand

from lotse.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, load_demo_data


class Command(BaseCommand):
    help = "Create the demo organisations and users (idempotent). Never run this on a production database."

    def handle(self, *args, **options):
        users = load_demo_data()
        self.stdout.write(
            f"{len(users)} Demo-Konten bereit (Passwort für alle: {DEMO_PASSWORD}; zweiter Faktor: "
            f"TOTP-Schlüssel {DEMO_TOTP_SECRET} oder `lotse demo-code`)."
        )
