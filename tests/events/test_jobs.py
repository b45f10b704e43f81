"""Scheduled work: e-mail rules sent by the real database worker, offers expiring, data deleted after the event."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access
from lotse.events import services
from lotse.events.models import Event, MailRule, Registration, Session

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_reminder_is_sent_by_the_database_worker(settings, make_event, register, ihk, run_on_commit):
    event = make_event(capacity=5, starts_in=timedelta(hours=40))
    register(event, "a@x.example", language="en")
    register(event, "b@x.example", confirm=False)  # unconfirmed: gets no reminder
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail.outbox.clear()
    with run_on_commit():
        services.mail_rule_create(actor=ihk["user"], event=event, anchor=MailRule.Anchor.BEFORE_START,
                                  offset_hours=48, audience=MailRule.Audience.CONFIRMED,
                                  subject="Erinnerung: Workshop übermorgen", body="Wir freuen uns auf Sie.")
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="events_sweep").exists()
    call_command("db_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)
    reminders = [m for m in mail.outbox if m.subject == "Erinnerung: Workshop übermorgen"]
    assert [m.to for m in reminders] == [["a@x.example"]]
    # In the participant's language (English here), with the organiser's own text.
    assert "Your Fachkräfte-Lotse NRW team" in reminders[0].body and "Guten Tag" not in reminders[0].body
    assert "Wir freuen uns auf Sie." in reminders[0].body
    assert reminders[0].attachments[0][0] == "termin.ics"
    # Idempotent: another sweep sends nothing again.
    with system_access("test"):
        services.sweep()
    assert len([m for m in mail.outbox if m.subject == "Erinnerung: Workshop übermorgen"]) == 1


def test_follow_up_only_to_attendees(make_event, register, ihk):
    event = make_event(capacity=5, starts_in=timedelta(days=1))
    came = register(event, "came@x.example")
    register(event, "noshow@x.example")
    services.registration_check_in(actor=ihk["user"], registration=came)
    services.mail_rule_create(actor=ihk["user"], event=event, anchor=MailRule.Anchor.AFTER_END, offset_hours=2,
                              audience=MailRule.Audience.ATTENDED, subject="Folien und Feedback",
                              body="Hier die Folien: https://example.org/folien")
    with system_access("test"):
        session = Session.objects.get(event=event)
        assert services.send_due_rules(now=session.ends_at + timedelta(hours=1)) == 0  # not yet due
        assert services.send_due_rules(now=session.ends_at + timedelta(hours=3)) == 1
    follow_up = [m for m in mail.outbox if m.subject == "Folien und Feedback"]
    assert [m.to for m in follow_up] == [["came@x.example"]]


def test_personal_data_is_anonymised_after_retention_keeping_counts(make_event, register, ihk, world):
    event = make_event(capacity=5, starts_in=timedelta(days=1), retention_days=30)
    person = register(event, "person@x.example", name="Petra Lange", company="Metall A")
    services.registration_check_in(actor=ihk["user"], registration=person)
    with system_access("test"):
        session = Session.objects.get(event=event)
        assert services.shred_personal_data(now=session.ends_at + timedelta(days=29)) == 0
        assert services.shred_personal_data(now=session.ends_at + timedelta(days=31)) == 1
        registration = Registration.objects.get(pk=person.pk)
        event = Event.objects.get(pk=event.pk)
    assert registration.name == "" and registration.company == "" and "person@" not in registration.email
    assert registration.status == Registration.Status.CONFIRMED and registration.checked_in_at is not None
    assert event.personal_data_deleted_at is not None
    entry = AuditEntry.unscoped.get(action="event.personal_data_delete")
    assert entry.context["registrations_anonymised"] == 1
    assert "Petra" not in str(entry.changes) + str(entry.context)


def test_sweep_command_expires_offers(make_event, register, run_on_commit):
    event = make_event(capacity=1)
    first = register(event, "a@x.example")
    second = register(event, "b@x.example")
    with run_on_commit():
        services.registration_cancel(token=first.token)
    with system_access("test"):
        Registration.objects.filter(pk=second.pk).update(offer_expires_at=timezone.now() - timedelta(minutes=1))
    call_command("events_sweep")
    second.refresh_from_db()
    assert second.status == Registration.Status.EXPIRED


def test_demo_events_load_idempotently(reference_data, settings):
    from lotse.accounts.demo import load_demo_data
    from lotse.events.demo import load_demo_events

    load_demo_data()
    first = load_demo_events()
    second = load_demo_events()
    assert len(first) == 2 and [e.pk for e in first] == [e.pk for e in second]
    with system_access("test"):
        assert Event.objects.filter(status=Event.Status.PUBLISHED).count() == 2


def test_reminder_never_after_start_and_follow_up_catch_up_is_short(make_event, register, ihk):
    event = make_event(capacity=5, starts_in=timedelta(hours=10))
    came = register(event, "came@x.example")
    services.registration_check_in(actor=ihk["user"], registration=came)
    services.mail_rule_create(actor=ihk["user"], event=event, anchor=MailRule.Anchor.BEFORE_START,
                              offset_hours=24, audience=MailRule.Audience.CONFIRMED, subject="Morgen",
                              body="Bis morgen.")
    services.mail_rule_create(actor=ihk["user"], event=event, anchor=MailRule.Anchor.AFTER_END, offset_hours=1,
                              audience=MailRule.Audience.ATTENDED, subject="Danke", body="Folien anbei.")
    with system_access("test"):
        session = Session.objects.get(event=event)
        # The reminder is due (24 h before) but the session has already started: nothing.
        assert services.send_due_rules(now=session.starts_at + timedelta(minutes=5)) == 0
        # The follow-up is not caught up three days late …
        assert services.send_due_rules(now=session.ends_at + timedelta(days=3)) == 0
        # … but within two days it is, once.
        assert services.send_due_rules(now=session.ends_at + timedelta(days=1)) == 1
        assert services.send_due_rules(now=session.ends_at + timedelta(days=1, hours=1)) == 0
        # Before the start, the reminder still goes out.
        assert services.send_due_rules(now=session.starts_at - timedelta(minutes=5)) == 1
    assert sorted(m.subject for m in mail.outbox if m.subject in ("Morgen", "Danke")) == ["Danke", "Morgen"]


def test_rules_and_messages_in_the_participants_language(make_event, register, ihk):
    event = make_event(capacity=5, starts_in=timedelta(hours=10))
    register(event, "de@x.example", language="de")
    register(event, "en@x.example", language="en")
    services.mail_rule_create(actor=ihk["user"], event=event, anchor=MailRule.Anchor.BEFORE_START,
                              offset_hours=24, audience=MailRule.Audience.CONFIRMED, subject="Erinnerung",
                              body="Wir freuen uns.", subject_en="Reminder", body_en="Looking forward.")
    with system_access("test"):
        assert services.send_due_rules(now=timezone.now()) == 2
    by_to = {m.to[0]: m for m in mail.outbox if m.subject in ("Erinnerung", "Reminder")}
    assert by_to["de@x.example"].subject == "Erinnerung" and "Wir freuen uns." in by_to["de@x.example"].body
    assert by_to["en@x.example"].subject == "Reminder" and "Looking forward." in by_to["en@x.example"].body
    # Without an English text everybody gets the German one.
    mail.outbox.clear()
    assert services.participants_message(actor=ihk["user"], event=event, subject="Raumänderung",
                                         body="Raum 2") == 2
    assert {m.subject for m in mail.outbox} == {"Raumänderung"}
    mail.outbox.clear()
    services.participants_message(actor=ihk["user"], event=event, subject="Raumänderung", body="Raum 2",
                                  subject_en="Room change", body_en="Room 2")
    assert {m.to[0]: m.subject for m in mail.outbox} == {"de@x.example": "Raumänderung",
                                                         "en@x.example": "Room change"}
