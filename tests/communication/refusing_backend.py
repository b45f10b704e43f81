"""A mail backend like Django's test outbox that refuses addresses at refused.example the way an SMTP server does
(the mail server lies outside the project; this stands in for its answer)."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as OutboxBackend


class EmailBackend(OutboxBackend):
    def send_messages(self, messages):
        for message in messages:
            refused = [r for r in message.recipients() if r.endswith("@refused.example")]
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    {r: (550, b"5.1.1 <%s>: user unknown" % r.encode()) for r in refused}
                )
        return super().send_messages(messages)
