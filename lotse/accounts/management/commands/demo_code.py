from django.core.management.base import BaseCommand

from lotse.accounts.demo import DEMO_TOTP_SECRET, demo_code


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of the demo accounts (their TOTP secret is public: "
        f"{DEMO_TOTP_SECRET}). Useless on production, where no account has that secret."
    )

    def handle(self, *args, **options):
        self.stdout.write(demo_code())
