"""No overselling under a rush: many threads register at once for a small session (real PostgreSQL, row locks)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from lotse.core.scoping import system_access
from lotse.events import services
from lotse.events.models import Registration, Session

pytestmark = pytest.mark.postgres


@pytest.mark.django_db(transaction=True)
def test_forty_threads_for_ten_places(require_postgres, ihk, world):
    start = timezone.now() + timedelta(days=3)
    with system_access("test setup"):
        event = services.event_create(
            actor=ihk["user"], organisers=[ihk["org"]], title_de="Rush", format="online",
            online_url="https://meet.example/x", statewide=True,
            sessions=[{"starts_at": start, "ends_at": start + timedelta(hours=1), "capacity": 10}],
        )
        services.event_publish(actor=ihk["user"], event=event)
        session = Session.objects.get(event=event)
    barrier = threading.Barrier(40)

    def one(index: int) -> str:
        try:
            barrier.wait()
            result = services.registration_create(session_id=session.pk, name=f"P{index}",
                                                  email=f"p{index}@rush.example")
            return result.status
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(one, range(40)))
    assert statuses.count("unconfirmed") == 10
    assert statuses.count("waitlisted") == 30
    with system_access("test"):
        session.refresh_from_db()
        held = Registration.objects.filter(session=session, status__in=Registration.HOLDING).count()
    assert session.places_taken == held == 10

    # Cancelling and confirming concurrently never pushes the counter past the capacity either.
    with system_access("test"):
        tokens = list(Registration.objects.filter(session=session).values_list("token", "status"))
    barrier = threading.Barrier(len(tokens))

    def act(item) -> None:
        token, status = item
        try:
            barrier.wait()
            if status == "unconfirmed" and token[-1] < "M":
                services.registration_cancel(token=token)
            else:
                services.registration_confirm_email(token=token)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        list(pool.map(act, tokens))
    with system_access("test"):
        session.refresh_from_db()
        holding = sum(Registration.objects.filter(session=session, status__in=Registration.HOLDING)
                      .values_list("places", flat=True))
    assert session.places_taken == holding == 10  # freed places went straight to the waiting list


@pytest.mark.django_db(transaction=True)
def test_rush_then_everyone_confirms(require_postgres, ihk, world):
    """The bench in small: after the rush every person clicks the opt-in link, concurrently."""
    capacity, clients = 8, 30
    start = timezone.now() + timedelta(days=3)
    with system_access("test setup"):
        event = services.event_create(
            actor=ihk["user"], organisers=[ihk["org"]], title_de="Rush", format="online",
            online_url="https://meet.example/x", statewide=True,
            sessions=[{"starts_at": start, "ends_at": start + timedelta(hours=1), "capacity": capacity}],
        )
        services.event_publish(actor=ihk["user"], event=event)
        session = Session.objects.get(event=event)
    barrier = threading.Barrier(clients)

    def one(index: int) -> str:
        try:
            barrier.wait()
            return services.registration_create(session_id=session.pk, name=f"P{index}", company=f"Firma {index}",
                                                email=f"p{index}@rush.example").registration.token
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        tokens = list(pool.map(one, range(clients)))
    barrier = threading.Barrier(clients)

    def confirm(token: str) -> str:
        try:
            barrier.wait()
            return services.registration_confirm_email(token=token).status
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=clients) as pool:
        statuses = list(pool.map(confirm, tokens))
    assert statuses.count("confirmed") == capacity
    assert statuses.count("waitlisted") == clients - capacity
    with system_access("test"):
        session.refresh_from_db()
        by_status = sorted(Registration.objects.filter(session=session).values_list("status", flat=True))
    assert by_status.count("confirmed") == capacity and by_status.count("waitlisted") == clients - capacity
    assert session.places_taken == capacity
