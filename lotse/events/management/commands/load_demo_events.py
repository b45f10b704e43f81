from django.core.management.base import BaseCommand

from lotse.events.demo import load_demo_events


class Command(BaseCommand):
    help = "Load demo workshops (needs `lotse load-demo` first). Idempotent."

    def handle(self, *args, **options):
        events = load_demo_events()
        self.stdout.write(f"{len(events)} Demo-Veranstaltungen bereit.")
