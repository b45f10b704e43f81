import pytest
from django.core import mail

from lotse.core.mail import Attachment, send_mail
from lotse.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_mail_is_rendered_in_the_recipients_language(world):
    sent = send_mail(
        to=["hr@a.example"],
        template="registration/password_reset",
        context={"protocol": "https", "domain": "lotse.example", "uid": "MQ", "token": "abc"},
        language="de",
        attachments=[Attachment("termin.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        audit_action="mail.send",
    )
    assert sent == 1
    message = mail.outbox[0]
    assert message.subject == "Fachkräfte-Lotse NRW: Passwort zurücksetzen"
    assert "https://lotse.example/accounts/reset/MQ/abc/" in message.body
    assert message.attachments[0][0] == "termin.ics"
    entry = AuditEntry.unscoped.get(action="mail.send")
    assert entry.context["recipients"] == 1  # counts only: addresses are personal data


def test_no_recipients_sends_nothing(db):
    assert send_mail(to=["", None], template="registration/password_reset") == 0
    assert mail.outbox == []
