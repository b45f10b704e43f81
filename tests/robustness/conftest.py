"""One populated world for the robustness checks (walker, fuzz): the demo organisations and people in several
regions and employers, extra roles, and a unique marker string in every personal record, built once per package
(per xdist worker) inside a transaction that is rolled back at the end; each test runs in a savepoint on top of it,
and `robust_world` checks that no earlier test left anything behind.

Who may see what (the oracle the walker checks pages against) follows the documented rules, not the code under
test: a case's people and internal notes are seen by FAI NRW and the Regionalagentur of the case's region; the
case itself (reference) and its advice request also by the members of its employer; nobody else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.conftest import FIXTURES

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Marker:
    """A string that may appear only on pages of the users in `allowed` (user ids)."""

    text: str
    kind: str
    allowed: set = field(default_factory=set)


@dataclass
class World:
    users: dict  # role label → User (None: anonymous)
    markers: list
    objects: dict  # kind → list of values for URL arguments (own and foreign objects)


def _members(organisations) -> set[int]:
    from lotse.accounts.models import Membership

    return set(Membership.objects.filter(organisation__in=organisations).values_list("user_id", flat=True))


def _region_staff(region) -> set[int]:
    from lotse.accounts.models import Organisation

    return _members(Organisation.objects.filter(kind="regionalagentur", region=region))


def _build(tmp_media) -> World:  # noqa: PLR0915 – one linear setup
    from django.core.management import call_command

    from lotse.accounts.demo import load_demo_data
    from lotse.accounts.models import Membership, Organisation, User
    from lotse.cases import services
    from lotse.cases.models import AdviceRequest, Candidate, Case, Consent, Document, Task
    from lotse.communication.demo import load_demo_communication
    from lotse.communication.models import EditorialEntry, NewsItem, RegionalOffer, Subscriber, TextTemplate
    from lotse.core.scoping import system_access
    from lotse.events.demo import load_demo_events
    from lotse.events.models import Event, Registration, Session
    from lotse.events.services import registration_create
    from lotse.fairness.models import SelfCheck
    from lotse.navigator.models import SavedResult
    from lotse.reference.gemeinden_import import import_gemeinden
    from lotse.welcome.models import Notice, WelcomePlan

    # The reference data is in the database from the start (django_db_setup, tests/conftest.py).
    import_gemeinden(FIXTURES / "gemeinden_small.csv", FIXTURES / "plz_small.csv")
    load_demo_data()
    call_command("load_demo_cases", stdout=open("/dev/null", "w"))  # noqa: SIM115
    load_demo_events()
    load_demo_communication()

    Role = Membership.Role
    with system_access("robustness world"):
        orgs = {o.name: o for o in Organisation.objects.all()}
        ra_dus = Organisation.objects.get(kind="regionalagentur", region__slug="duesseldorf-kreis-mettmann")
        ra_ms = Organisation.objects.get(kind="regionalagentur", region__slug="muensterland")
        mettmann, sonnenhof, siegtal = (
            orgs["Mettmanner Metallbau GmbH"],
            orgs["Sonnenhof Pflege gGmbH"],
            orgs["Siegtal Software GmbH"],
        )
        fai = Organisation.objects.get(kind="fai")

        def extra(email, organisation, role):
            user = User.objects.create_user(email=email, password="robust-walker-2026", full_name="Extra Rolle")
            if organisation is not None:
                Membership.objects.create(user=user, organisation=organisation, role=role)
            return user

        by_email = {u.email: u for u in User.objects.all()}
        users = {
            "admin_fai": by_email["admin@lotse.example"],
            "adviser_fai": by_email["beratung.fai@lotse.example"],
            "adviser_duesseldorf": by_email["beratung.duesseldorf@lotse.example"],
            "adviser_muensterland": by_email["beratung.muensterland@lotse.example"],
            "event_manager_ihk": by_email["veranstaltungen@lotse.example"],
            "analyst_mags": by_email["auswertung@lotse.example"],
            "member_mettmann": by_email["personal@mettmanner-metallbau.example"],
            "member_sonnenhof": by_email["personal@sonnenhof-pflege.example"],
            "admin_siegtal": by_email["personal@siegtal-software.example"],
            "admin_ra_duesseldorf": extra("admin.ra@robust.example", ra_dus, Role.ADMIN),
            "event_manager_ra_muensterland": extra("events.ra@robust.example", ra_ms, Role.EVENT_MANAGER),
            "admin_mettmann": extra("chef@mettmann.robust.example", mettmann, Role.ADMIN),
            "member_siegtal": extra("team@siegtal.robust.example", siegtal, Role.MEMBER),
            "no_membership": extra("niemand@robust.example", None, None),
            "anonymous": None,
        }

        # A second case in Münsterland for another employer, so each region holds two employers' data.
        markers: list[Marker] = []
        cases = list(Case.objects.order_by("pk"))
        assert len(cases) >= 2
        for case in cases:
            staff = _members([fai]) | _region_staff(case.region)
            employer = _members([case.employer])
            person = case.candidates.first()
            Candidate.objects.filter(pk=person.pk).update(
                first_name="Vertraulich", last_name=f"Kandidat{person.pk}Qz", shared_with_employer=False
            )
            markers.append(Marker(f"Kandidat{person.pk}Qz", "candidate", staff))
            markers.append(Marker(case.reference, "case", staff | employer))
            services.activity_add(actor=None, case=case, kind="note", text=f"Internvermerk{case.pk}Qz", internal=True)
            markers.append(Marker(f"Internvermerk{case.pk}Qz", "internal note", staff))
            services.task_create(actor=None, case=case, title=f"Aufgabe{case.pk}Qz", due_on=None)
            markers.append(Marker(f"Aufgabe{case.pk}Qz", "task", staff))
            document = Document.objects.filter(case=case).first()
            services.document_upload(
                actor=None, document=document, uploaded=SimpleUploadedFile(f"Zeugnis{case.pk}Qz.pdf", PDF)
            )
            markers.append(Marker(f"Zeugnis{case.pk}Qz", "file name", staff))
            services.consent_record(
                actor=None, candidate=person, purpose=Consent.Purpose.values[0], given_on=dt.date.today()
            )
        for request in AdviceRequest.objects.all():
            staff = _members([fai]) | _members(
                Organisation.objects.filter(kind="regionalagentur", region=request.region)
            )
            employer = _members([request.employer]) if request.employer_id else set()
            AdviceRequest.objects.filter(pk=request.pk).update(contact_email=f"kontakt{request.pk}qz@example.org")
            markers.append(Marker(f"kontakt{request.pk}qz@example.org", "contact e-mail", staff | employer))

        # Event registrations: the organisers see them, nobody else.
        registrations = []
        for event in Event.objects.all():
            session = Session.objects.filter(event=event).first()
            if session is None:
                continue
            email = f"teilnahme{event.pk}qz@example.org"
            result = registration_create(session_id=session.pk, name=f"Teilnehmer{event.pk}Qz", email=email)
            registrations.append(getattr(result, "registration", None))
            organisers = _members(event.organisers.all())
            markers.append(Marker(email, "registration e-mail", organisers))
        registrations = [r for r in registrations if r is not None] or list(Registration.objects.all())

        # Employer records of other apps (business data and plans): the employer and its region's advisers.
        plans, notices, checks = [], [], []
        for employer in (mettmann, sonnenhof, siegtal):
            plans.append(
                WelcomePlan.objects.create(
                    organisation=employer,
                    region=employer.region,
                    title=f"Plan{employer.pk}Qz",
                    pathway="eu_blue_card",
                    arrival=dt.date.today() + dt.timedelta(days=60),
                    work_ags="05158024",
                    residence_ags="05158024",
                    content_version="1",
                )
            )
            notices.append(
                Notice.objects.create(
                    organisation=employer,
                    region=employer.region,
                    plan=plans[-1],
                    employer_name=employer.name,
                    worker_name=f"Arbeitskraft{employer.pk}Qz",
                    workplace_ags="05158024",
                    office_id="faire-integration-duesseldorf",
                )
            )
            checks.append(
                SelfCheck.objects.create(
                    organisation=employer, region=employer.region, content_version="1", answers={}, scores={}
                )
            )
            staff = _members([fai]) | _members(
                Organisation.objects.filter(kind="regionalagentur", region=employer.region)
            )
            markers.append(Marker(f"Arbeitskraft{employer.pk}Qz", "§ 45c worker", staff | _members([employer])))

        from lotse.cases.management.commands.load_demo_cases import INPUT
        from lotse.rules import assess

        output = assess(INPUT)
        saved = SavedResult.objects.create(
            as_of=dt.date.fromisoformat(output["as_of"]),
            rules_version=output["rules_version"],
            answers={},
            assessment_input=INPUT,
            assessment_output=output,
        )
        subscriber = Subscriber.objects.first()
        objects = {
            "case": [c.pk for c in cases],
            "request": list(AdviceRequest.objects.values_list("pk", flat=True)),
            "candidate": list(Candidate.objects.values_list("pk", flat=True)),
            "document": list(Document.objects.exclude(storage_name="").values_list("pk", flat=True)),
            "task": list(Task.objects.values_list("pk", flat=True)[:3]),
            "consent": list(Consent.objects.values_list("pk", flat=True)[:3]),
            "power_of_attorney": [],
            "company": [mettmann.pk, sonnenhof.pk, siegtal.pk],
            "event": list(Event.objects.values_list("pk", flat=True)),
            "session": list(Session.objects.values_list("pk", flat=True)[:3]),
            "registration": [r.pk for r in registrations],
            "registration_token": [r.token for r in registrations],
            "selfcheck": [c.pk for c in checks],
            "plan": [p.pk for p in plans],
            "notice": [n.pk for n in notices],
            "news": list(NewsItem.objects.values_list("pk", flat=True)[:3]),
            "entry": list(EditorialEntry.objects.values_list("pk", flat=True)[:3]),
            "offer": list(RegionalOffer.objects.values_list("pk", flat=True)[:3]),
            "template": list(TextTemplate.objects.values_list("pk", flat=True)[:3]),
            "subscriber_token": [subscriber.token] if subscriber else [],
            "saved_token": [saved.token],
        }
    return World(users=users, markers=markers, objects=objects)


def _fingerprint(media: str) -> dict:
    """What a test could leave behind for the next: the row count of every table and the files below MEDIA_ROOT."""
    from django.apps import apps

    rows = {model._meta.db_table: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}
    files = sorted(str(path.relative_to(media)) for path in Path(media).rglob("*") if path.is_file())
    return {"rows": rows, "files": files}


@pytest.fixture(scope="package")
def _robust_world_built(django_db_setup, django_db_blocker, _media_root):
    """The world, committed to nothing: one outer transaction rolled back at the end of the package (built once per
    xdist worker, in the worker's own test database, whichever of the package's tests that worker runs)."""
    from django.test import override_settings

    media = str(_media_root)  # the directory every test's settings point at (tests/conftest.py)
    # The tests' fast password hasher (tests/conftest.py) – the default one costs half a second per user created.
    fast = override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast:
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = _build(media)
            yield world, _fingerprint(media)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def robust_world(_robust_world_built, _media_root, db):
    """The world as it was built: each test runs in a savepoint on top of it (rolled back at its end), so whatever an
    earlier test of this worker did – log-ins, sessions, second-factor devices, submitted forms – is gone. Checked:
    no table holds a row more or less and no file was added or removed (stray commits or file writes would show)."""
    world, built = _robust_world_built
    now = _fingerprint(str(_media_root))
    changed = {
        table: (count, now["rows"][table]) for table, count in built["rows"].items() if now["rows"][table] != count
    }
    assert not changed, f"an earlier test left rows behind (table: built, now): {changed}"
    assert now["files"] == built["files"], "an earlier test added or removed files below MEDIA_ROOT"
    return world
