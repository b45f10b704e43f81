from django.core.management.base import BaseCommand

from lotse.communication.demo import load_demo_communication


class Command(BaseCommand):
    help = "Demo-Inhalte der Kommunikation (Nachrichten, Angebote, Kalender, Vorlagen). Nie auf Produktion ausführen."

    def handle(self, *args, **options):
        self.stdout.write(f"{load_demo_communication()} Demo-Einträge der Kommunikation angelegt.")
