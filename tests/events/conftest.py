"""Fixtures for the events tests: an IHK event manager, a co-organised published event with one session."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lotse.accounts.models import Membership, Organisation, User
from lotse.core.scoping import system_access, visibility_for
from lotse.events import services
from lotse.events.models import Event
from tests.conftest import PASSWORD

# The registration rate limit counts in the cache: tests/conftest.py empties it before every test.


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def ihk(world):
    with system_access("test setup"):
        chamber = Organisation.objects.create(name="IHK Düsseldorf", kind=Organisation.Kind.KAMMER)
    user = User.objects.create_user(email="events@ihk.example", password=PASSWORD, full_name="Eva Becker")
    Membership.objects.create(user=user, organisation=chamber, role=Membership.Role.EVENT_MANAGER)
    return {"org": chamber, "user": user}


@pytest.fixture
def make_event(world, ihk, django_capture_on_commit_callbacks):
    def make(*, capacity=5, publish=True, starts_in=timedelta(days=10), **fields):
        start = timezone.now() + starts_in
        defaults = dict(
            title_de="Beschleunigtes Fachkräfteverfahren in Mettmann",
            title_en="Fast-track procedure in Mettmann",
            description_de="Praxisworkshop zu § 81a AufenthG.",
            format=Event.Format.IN_PERSON, city="Mettmann", street="Neanderstraße 1", postcode="40822",
            max_places_per_company=3, offer_hours=24, retention_days=90,
        )
        defaults.update(fields)
        with visibility_for(ihk["user"]), django_capture_on_commit_callbacks(execute=True):
            event = services.event_create(
                actor=ihk["user"], organisers=[ihk["org"], world["orgs"]["fai"]],
                regions=[world["regions"]["a"]],
                sessions=[{"starts_at": start, "ends_at": start + timedelta(hours=3), "capacity": capacity}],
                **defaults,
            )
            if publish:
                services.event_publish(actor=ihk["user"], event=event)
        return event

    return make


@pytest.fixture
def register(django_capture_on_commit_callbacks):
    """Register and (by default) click the opt-in link, running on-commit work like a real request."""

    def do(event, email, *, confirm=True, places=1, company="", name="Test Person", language="de"):
        with system_access("test"):
            session = event.sessions.first()
        with django_capture_on_commit_callbacks(execute=True):
            result = services.registration_create(session_id=session.pk, name=name, email=email, places=places,
                                                  company=company, language=language)
        if confirm:
            with django_capture_on_commit_callbacks(execute=True):
                services.registration_confirm_email(token=result.registration.token)
        result.registration.refresh_from_db()
        return result.registration

    return do


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)
