"""One race, run on PostgreSQL (in the test process) and on a SQLite file (in a child process, as `make run` serves
it): 12 people of one company and 18 of others register at once for 10 places with at most 3 per company.

`python -m tests.events.company_race` sets up a fresh database named by DATABASE_URL and prints the outcome as
JSON; `race(session_id)` runs the threads against an existing session.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

SAME_COMPANY, OTHERS, CAPACITY, PER_COMPANY = 12, 18, 10, 3
SPELLINGS = ["Metall A GmbH", "metall a gmbh", "Metall  A G.m.b.H.", "METALL A GMBH"]


def setup_event(actor, organiser):
    from django.utils import timezone

    from lotse.core.scoping import system_access
    from lotse.events import services
    from lotse.events.models import Session

    start = timezone.now() + timedelta(days=3)
    with system_access("test setup"):
        event = services.event_create(
            actor=actor, organisers=[organiser], title_de="Ansturm", format="online",
            online_url="https://meet.example/x", statewide=True, max_places_per_company=PER_COMPANY,
            sessions=[{"starts_at": start, "ends_at": start + timedelta(hours=1), "capacity": CAPACITY}],
        )
        services.event_publish(actor=actor, event=event)
        return Session.objects.get(event=event).pk


def race(session_id: int) -> dict:
    from django.db import connection

    from lotse.core.scoping import system_access
    from lotse.events import services
    from lotse.events.models import Registration, Session

    people = [(f"same{i}@rush.example", SPELLINGS[i % len(SPELLINGS)]) for i in range(SAME_COMPANY)]
    people += [(f"other{i}@rush.example", f"Firma {i}") for i in range(OTHERS)]
    barrier = threading.Barrier(len(people))

    def one(person) -> str:
        email, company = person
        try:
            barrier.wait()
            result = services.registration_create(session_id=session_id, name=email, email=email, company=company)
            return result.status
        except services.EventError as error:
            return f"refused:{error.field}"
        except Exception as error:  # what the race must never produce, e.g. "database is locked"
            return f"error:{type(error).__name__}:{error}"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        outcomes = list(pool.map(one, people))
    with system_access("test"):
        session = Session.objects.get(pk=session_id)
        rows = list(Registration.objects.filter(session=session).values_list("company_key", "status", "places"))
    return {
        "vendor": connection.vendor,
        "same_company": dict(Counter(outcomes[:SAME_COMPANY])),
        "others": dict(Counter(outcomes[SAME_COMPANY:])),
        "company_a_rows": sum(1 for key, _, _ in rows if key == "metall a gmbh"),
        "holding": sum(places for _, status, places in rows if status in Registration.HOLDING),
        "places_taken": session.places_taken,
    }


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from lotse.accounts.models import Membership, Organisation, User
    from lotse.core.scoping import system_access

    call_command("migrate", verbosity=0)
    with system_access("test setup"):
        chamber = Organisation.objects.create(name="IHK Düsseldorf", kind=Organisation.Kind.KAMMER)
    user = User.objects.create_user(email="events@ihk.example", password="correct-horse-battery")
    Membership.objects.create(user=user, organisation=chamber, role=Membership.Role.EVENT_MANAGER)
    print(json.dumps(race(setup_event(user, chamber))))


if __name__ == "__main__":
    main()
