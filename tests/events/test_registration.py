"""Registration, double opt-in, waiting list, offers, cancellation, approval: the services on PostgreSQL."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from lotse.core.models import AuditEntry
from lotse.core.scoping import system_access
from lotse.events import services
from lotse.events.models import Registration, Session

pytestmark = pytest.mark.django_db
S = Registration.Status


def session_of(event) -> Session:
    with system_access("test"):
        return Session.objects.get(event=event)


def test_optin_holds_place_then_confirms_with_ics(make_event, register):
    event = make_event(capacity=2)
    registration = register(event, "a@firma.example", confirm=False)
    assert registration.status == S.UNCONFIRMED
    assert session_of(event).places_taken == 1  # held while the e-mail is unconfirmed
    optin = mail.outbox[-1]
    assert "bestätigen" in optin.subject
    assert f"/workshops/anmeldung/{registration.token}/bestaetigen/" in optin.body
    with_commit = services.registration_confirm_email(token=registration.token)
    with_commit.refresh_from_db()
    assert with_commit.status == S.CONFIRMED
    assert AuditEntry.unscoped.filter(action="registration.confirm", object_id=str(registration.pk)).exists()


def test_confirmation_mail_carries_ics(make_event, register):
    event = make_event(capacity=2)
    register(event, "a@firma.example")
    confirmed = mail.outbox[-1]
    assert "bestätigt" in confirmed.subject
    name, content, mimetype = confirmed.attachments[0]
    assert name == "termin.ics" and mimetype == "text/calendar"
    assert b"BEGIN:VEVENT" in (content if isinstance(content, bytes) else content.encode())


def test_full_session_puts_next_on_waiting_list(make_event, register):
    event = make_event(capacity=2)
    register(event, "a@x.example")
    register(event, "b@x.example")
    third = register(event, "c@x.example")
    assert third.status == S.WAITLISTED
    assert "Warteliste" in mail.outbox[-1].subject
    assert session_of(event).places_taken == 2


def test_cancellation_offers_place_to_next_who_accepts(make_event, register, run_on_commit):
    event = make_event(capacity=1)
    first = register(event, "a@x.example")
    second = register(event, "b@x.example")
    mail.outbox.clear()
    with run_on_commit():
        services.registration_cancel(token=first.token)
    second.refresh_from_db()
    assert second.status == S.OFFERED
    assert second.offer_expires_at is not None
    offer = [m for m in mail.outbox if m.to == ["b@x.example"]][0]
    assert "frei geworden" in offer.subject
    with run_on_commit():
        services.offer_accept(token=second.token)
    second.refresh_from_db()
    assert second.status == S.CONFIRMED
    assert session_of(event).places_taken == 1


def test_unanswered_offer_passes_on(make_event, register, run_on_commit):
    event = make_event(capacity=1)
    first = register(event, "a@x.example")
    second = register(event, "b@x.example")
    third = register(event, "c@x.example")
    with run_on_commit():
        services.registration_cancel(token=first.token)
    later = timezone.now() + timedelta(hours=25)
    with system_access("test"), run_on_commit():
        assert services.expire_holds_and_offers(now=later) == 1
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == S.EXPIRED
    assert third.status == S.OFFERED
    with pytest.raises(services.EventError):
        services.offer_accept(token=second.token)


def test_expired_offer_cannot_be_accepted_late(make_event, register, run_on_commit):
    event = make_event(capacity=1)
    first = register(event, "a@x.example")
    second = register(event, "b@x.example")
    with run_on_commit():
        services.registration_cancel(token=first.token)
    with pytest.raises(services.EventError, match="abgelaufen"), run_on_commit():
        services.offer_accept(token=second.token, now=timezone.now() + timedelta(hours=30))
    second.refresh_from_db()
    assert second.status == S.EXPIRED
    assert session_of(event).places_taken == 0


def test_unconfirmed_hold_expires_and_frees_place(make_event, register, run_on_commit):
    event = make_event(capacity=1)
    ghost = register(event, "ghost@x.example", confirm=False)
    waiting = register(event, "w@x.example")
    assert waiting.status == S.WAITLISTED
    with system_access("test"), run_on_commit():
        services.expire_holds_and_offers(now=timezone.now() + timedelta(minutes=61))
    ghost.refresh_from_db()
    waiting.refresh_from_db()
    assert ghost.status == S.EXPIRED
    assert waiting.status == S.OFFERED


def test_unconfirmed_waitlist_entries_get_no_offer(make_event, register, run_on_commit):
    event = make_event(capacity=1)
    first = register(event, "a@x.example")
    unconfirmed = register(event, "u@x.example", confirm=False)
    confirmed = register(event, "c@x.example")
    with run_on_commit():
        services.registration_cancel(token=first.token)
    unconfirmed.refresh_from_db()
    confirmed.refresh_from_db()
    assert unconfirmed.status == S.WAITLISTED
    assert confirmed.status == S.OFFERED


def test_leave_waiting_list(make_event, register, run_on_commit):
    event = make_event(capacity=1)
    register(event, "a@x.example")
    waiting = register(event, "b@x.example")
    with run_on_commit():
        services.registration_cancel(token=waiting.token)
    waiting.refresh_from_db()
    assert waiting.status == S.CANCELLED
    assert AuditEntry.unscoped.filter(action="waitlist.leave").count() == 1


def test_double_registration_is_refused_and_changes_nothing(make_event, register):
    event = make_event(capacity=3)
    register(event, "a@x.example")
    sent = len(mail.outbox)
    with pytest.raises(services.EventError) as error:
        register(event, "A@X.example")
    assert error.value.field == "email"
    assert "bereits eine Anmeldung" in str(error.value)
    assert len(mail.outbox) == sent
    assert session_of(event).places_taken == 1


def test_bounced_email_changes_nothing(make_event, register, settings):
    settings.EMAIL_BACKEND = "tests.events.bouncing.BouncingBackend"
    event = make_event(capacity=3)
    with pytest.raises(services.EventError) as error:
        register(event, "nobody@bounce.invalid")
    assert error.value.field == "email"
    assert "konnte keine Nachricht zugestellt" in str(error.value)
    with system_access("test"):
        assert not Registration.objects.exists()
    assert session_of(event).places_taken == 0


def test_places_per_company_limit(make_event, register):
    event = make_event(capacity=10, max_places_per_company=3)
    register(event, "a@x.example", places=2, company="Metall A GmbH")
    with pytest.raises(services.EventError) as error:
        register(event, "b@x.example", places=2, company="metall a gmbh")
    assert error.value.field == "places"
    with pytest.raises(services.EventError):
        register(event, "c@x.example", places=4)
    assert session_of(event).places_taken == 2


def test_multi_place_registration_waits_until_enough_places(make_event, register, run_on_commit):
    event = make_event(capacity=3)
    first = register(event, "a@x.example", places=2)
    big = register(event, "big@x.example", places=3)
    small = register(event, "small@x.example", places=1)
    assert (big.status, small.status) == (S.WAITLISTED, S.CONFIRMED)
    small_confirmed = small
    with run_on_commit():
        services.registration_cancel(token=first.token)
    big.refresh_from_db()
    small_confirmed.refresh_from_db()
    assert big.status == S.WAITLISTED  # 2 free, needs 3
    assert session_of(event).places_taken == 1


def test_approval_flow(make_event, register, ihk, run_on_commit):
    event = make_event(capacity=1, requires_approval=True)
    registration = register(event, "a@x.example")
    assert registration.status == S.PENDING_APPROVAL
    waiting = register(event, "b@x.example")
    with run_on_commit():
        services.registration_approve(actor=ihk["user"], registration=registration, approve=False)
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == S.REJECTED
    assert waiting.status == S.OFFERED


def test_registration_closed_for_draft_and_past(make_event, register):
    draft = make_event(publish=False)
    with pytest.raises(services.EventError, match="keine Anmeldung"):
        register(draft, "a@x.example")
    closed = make_event()
    with system_access("test"):  # a window that closed meanwhile (creating one closed is refused)
        type(closed).objects.filter(pk=closed.pk).update(registration_closes_at=timezone.now() - timedelta(hours=1))
    closed.refresh_from_db()
    with pytest.raises(services.EventError, match="keine Anmeldung"):
        register(closed, "a@x.example")


def test_check_in_only_for_confirmed_and_also_after_event(make_event, register, ihk):
    event = make_event(capacity=2)
    confirmed = register(event, "a@x.example")
    waiting = register(event, "b@x.example", confirm=False)
    services.registration_check_in(actor=ihk["user"], registration=confirmed)
    confirmed.refresh_from_db()
    assert confirmed.attended
    with pytest.raises(services.EventError):
        services.registration_check_in(actor=ihk["user"], registration=waiting)


def test_strangers_cannot_check_in(make_event, register, world):
    event = make_event(capacity=2)
    confirmed = register(event, "a@x.example")
    with pytest.raises(PermissionDenied):
        services.registration_check_in(actor=world["users"]["adviser_a"], registration=confirmed)


def test_company_limit_refusal_sends_no_mail_and_normalises_names(make_event, register, ihk, run_on_commit):
    event = make_event(capacity=10, max_places_per_company=3)
    start = timezone.now() + timedelta(days=20)
    with system_access("test"), run_on_commit():
        second = services.session_create(actor=ihk["user"], event=event, starts_at=start,
                                         ends_at=start + timedelta(hours=2), capacity=10)
    register(event, "a@x.example", places=2, company="Metall A")
    sent = len(mail.outbox)
    with pytest.raises(services.EventError) as error:
        register(event, "b@x.example", places=2, company="Metall  A")
    assert error.value.field == "places"
    assert len(mail.outbox) == sent  # no opt-in mail with a dead link
    # Counted across all sessions of the event, whatever the spelling of the legal form.
    with pytest.raises(services.EventError), run_on_commit():
        services.registration_create(session_id=second.pk, name="C", email="c@x.example", places=2,
                                     company=" metall a ")
    assert len(mail.outbox) == sent
    with system_access("test"):
        assert Registration.objects.count() == 1
        assert Registration.objects.get().company_key == "metall a"
    assert services.company_key("Metall A G.m.b.H.") == services.company_key("metall  a GmbH") == "metall a gmbh"


def test_double_registration_race_sends_no_mail(make_event, register, monkeypatch):
    event = make_event(capacity=3)
    register(event, "a@x.example")
    sent = len(mail.outbox)
    # The unlocked pre-check misses a concurrent registration: the unique index refuses it, before any mail.
    monkeypatch.setattr(services.registration, "_active_registration_exists", lambda **kwargs: False)
    with pytest.raises(services.EventError, match="bereits eine Anmeldung"):
        register(event, "A@x.example")
    assert len(mail.outbox) == sent
    assert session_of(event).places_taken == 1


def test_unconfirmed_hold_is_configurable_per_event(make_event, register):
    event = make_event(capacity=2, confirmation_minutes=15)
    before = timezone.now()
    ghost = register(event, "ghost@x.example", confirm=False)
    assert before + timedelta(minutes=14) < ghost.hold_expires_at <= timezone.now() + timedelta(minutes=15)
    default = make_event(capacity=2)
    assert default.confirmation_minutes == 60
