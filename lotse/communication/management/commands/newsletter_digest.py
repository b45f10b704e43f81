"""`lotse newsletter-digest`: queue the digest of what was published since the last one (weekly from cron)."""

from django.core.management.base import BaseCommand

from lotse.communication.services import newsletter


class Command(BaseCommand):
    help = "Beauftragt den Newsletter mit allem, was seit der letzten Ausgabe erschienen ist (Versand: db-worker)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="gleich hier versenden statt über den db-worker")

    def handle(self, *args, now=False, **options):
        issue = newsletter.digest_create(actor="system: cron")
        if now:
            issue = newsletter.digest_send(issue=issue)
            self.stdout.write(f"versandt: {issue.sent}, ohne Inhalt: {issue.skipped}, fehlgeschlagen: {issue.failed}")
        else:
            self.stdout.write(f"Ausgabe {issue.pk} beauftragt.")
        removed = newsletter.pending_expire()
        if removed:
            self.stdout.write(f"{removed} unbestätigte Anmeldungen gelöscht.")
