from django.core.management.base import BaseCommand

from lotse.core.scoping import system_access
from lotse.events import services


class Command(BaseCommand):
    help = "Run everything due in the events app now (offers, holds, e-mail rules, data deletion)."

    def handle(self, *args, **options):
        with system_access("events: sweep command"):
            result = services.sweep()
        self.stdout.write(", ".join(f"{key}={value}" for key, value in result.items()))
