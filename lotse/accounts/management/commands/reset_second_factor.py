from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp import devices_for_user

from lotse.accounts.models import User
from lotse.core import audit


class Command(BaseCommand):
    help = (
        "Remove the second factor (authenticator app and recovery codes) of an account that lost its device, and end "
        "its sessions; at the next log-in it sets up a new one. Audited as otp.reset."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    @transaction.atomic
    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Kein Konto mit der Adresse {email}.")
        removed = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
        user.rotate_session_secret()
        audit.record(actor="operator", action="otp.reset", obj=user, context={"devices": removed})
        self.stdout.write(f"{removed} Gerät(e) entfernt, alle Sitzungen beendet: {user.email}")
