"""A mail backend for tests: addresses at bounce.invalid are refused like an SMTP server would."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class BouncingBackend(EmailBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = {a: (550, b"5.1.1 User unknown") for a in message.recipients() if a.endswith("@bounce.invalid")}
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)
