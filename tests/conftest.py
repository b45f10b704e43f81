"""Shared fixtures: reference data, a small Gemeinde import, organisations and users of every kind; the one way
a test logs its client in (`log_in`).

The suite runs in parallel (pytest-xdist, `make test` uses every core): each worker has its own test database
(pytest-django appends the worker id to its name), its own tmp_path tree and its own MEDIA_ROOT below it, and the
servers tests start take ports from the worker's own slice (tests/ops/processes.py). Nothing may depend on the order
tests run in.
"""

import os
from pathlib import Path

import pytest
from django.db import connection

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PASSWORD = "correct-horse-battery"  # every test user's password


class _ReferenceSnapshot:
    """The rows `load_reference_data` writes, read once per test database and written back with one bulk insert
    per table after each flush (a transactional test empties every table when it ends). Loading the YAML files again
    cost 1.7 s (1,700 queries) per transactional test; the bulk insert takes a few milliseconds."""

    def __init__(self):
        self.rows: dict = {}  # model → list of field dicts, in insertion order of the tables

    @staticmethod
    def _counts() -> dict:
        from django.apps import apps

        return {model: model._base_manager.count() for model in apps.get_models(include_auto_created=True)}

    def load(self) -> None:
        from lotse.reference.loading import load_reference_data

        before = self._counts()
        load_reference_data()
        filled = [model for model, count in self._counts().items() if count > before[model]]
        assert not any(before[model] for model in filled), "reference tables must be empty before the first load"
        self.rows = {
            model: list(model._base_manager.values(*(f.attname for f in model._meta.concrete_fields)))
            for model in filled
        }

    def restore(self, sender=None, **kwargs) -> None:
        """post_migrate receiver: once, when the reference app's turn comes."""
        from django.db import transaction

        if sender is not None and sender.name != "lotse.reference":
            return
        with transaction.atomic():  # foreign keys are checked at the end
            for model, rows in self.rows.items():
                model._base_manager.bulk_create([model(**row) for row in rows], batch_size=500)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reviewed reference data (lotse/reference/data) is loaded once into each worker's test database.

    A transactional test (live server, child processes) empties every table when it ends; Django's flush then sends
    post_migrate, and the same rows are written back, committed, for the tests that follow.
    """
    from django.db.models.signals import post_migrate

    snapshot = _ReferenceSnapshot()
    with django_db_blocker.unblock():
        snapshot.load()
    post_migrate.connect(snapshot.restore, dispatch_uid="tests.reference_data", weak=False)
    yield
    post_migrate.disconnect(dispatch_uid="tests.reference_data")
    _close_every_connection()


def _close_every_connection() -> None:
    """Close every database connection of this process before the worker drops its test database.

    Django keeps one connection per context (asgiref's Local), and Playwright's sync API runs the browser tests in
    other contexts (greenlets): a connection opened in one context is not the one the drop closes in another, and
    the drop fails with "database … is being accessed by other users"."""
    import gc

    from django.db.backends.base.base import BaseDatabaseWrapper

    # type(), not isinstance(): isinstance() would evaluate lazy objects (SimpleLazyObject) on the heap.
    for wrapper in [obj for obj in gc.get_objects() if issubclass(type(obj), BaseDatabaseWrapper)]:
        if wrapper.connection is not None:
            wrapper.inc_thread_sharing()  # also the live server's request threads' connections
            wrapper.close()


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")  # below the worker's own base directory


@pytest.fixture(autouse=True)
def _plain_http_cookies(request):
    if not request.config.pluginmanager.hasplugin("django"):
        return  # the pure rules tests also run with -p no:django
    settings = request.getfixturevalue("settings")
    # Uploaded files go to this worker's own directory, not into the checkout.
    settings.MEDIA_ROOT = str(request.getfixturevalue("_media_root"))
    # The live server speaks plain HTTP on localhost.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]  # fast; real hashing is Django's
    # Each test starts with an empty cache (rate limits, filter choices kept for a minute).
    from django.core.cache import cache

    cache.clear()
    # Each test starts in the site's default language, whatever an earlier test in this process activated.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def require_postgres(db):
    if connection.vendor != "postgresql":
        if os.environ.get("LOTSE_REQUIRE_POSTGRES"):
            pytest.fail("LOTSE_REQUIRE_POSTGRES is set but the tests run on " + connection.vendor)
        pytest.skip("needs PostgreSQL (set DATABASE_URL or start the local server on 127.0.0.1:5432)")


@pytest.fixture
def reference_data(db):
    """The reviewed NRW reference data: in the database from the start (django_db_setup); named by tests that use it."""


@pytest.fixture
def small_gemeinden(reference_data):
    """A handful of real Gemeinden and PLZ rows, including shared PLZ and some deliberately bad lines."""
    from lotse.reference.gemeinden_import import import_gemeinden

    return import_gemeinden(FIXTURES / "gemeinden_small.csv", FIXTURES / "plz_small.csv")


def verify_second_factor(client, user) -> None:
    """Mark the client's session as verified with a second factor (as the log-in's second step does), creating a
    confirmed authenticator device for the user if it has none. Staff need it for every page (ADR 0142)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _user(email: str, organisation, role: str = "adviser"):
    # Imported here, not at module level, so that the pure rules tests can run without Django (-p no:django).
    from lotse.accounts.models import Membership, User

    user = User.objects.create_user(email=email, password=PASSWORD)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def world(reference_data):
    """Two regions with their agencies, FAI NRW, the ministry, two employers and one user for each."""
    return make_world()


def make_world() -> dict:
    """The `world` fixture's organisations and users, for fixtures of a wider scope (inside their own transaction)."""
    from lotse.accounts.models import Membership, Organisation
    from lotse.core.scoping import system_access
    from lotse.reference.models import Arbeitsmarktregion

    with system_access("test setup"):
        region_a = Arbeitsmarktregion.objects.get(slug="duesseldorf-kreis-mettmann")
        region_b = Arbeitsmarktregion.objects.get(slug="muensterland")
        K = Organisation.Kind
        orgs = {
            "fai": Organisation.objects.create(name="FAI NRW", kind=K.FAI),
            "mags": Organisation.objects.create(name="MAGS", kind=K.MINISTERIUM),
            "ra_a": Organisation.objects.create(
                name="RA Düsseldorf", kind=K.REGIONALAGENTUR, region=region_a
            ),
            "ra_b": Organisation.objects.create(
                name="RA Münsterland", kind=K.REGIONALAGENTUR, region=region_b
            ),
            "employer_a": Organisation.objects.create(
                name="Metall A GmbH", kind=K.UNTERNEHMEN, region=region_a
            ),
            "employer_b": Organisation.objects.create(
                name="Pflege B gGmbH", kind=K.UNTERNEHMEN, region=region_b
            ),
        }
    users = {
        "fai": _user("fai@test.example", orgs["fai"]),
        "mags": _user("mags@test.example", orgs["mags"], Membership.Role.ANALYST),
        "adviser_a": _user("a@test.example", orgs["ra_a"]),
        "adviser_b": _user("b@test.example", orgs["ra_b"]),
        "employer_a": _user("hr@a.example", orgs["employer_a"], Membership.Role.MEMBER),
        "employer_b": _user("hr@b.example", orgs["employer_b"], Membership.Role.MEMBER),
        "nobody": _user("nobody@test.example", None),
    }
    return {"regions": {"a": region_a, "b": region_b}, "orgs": orgs, "users": users}


def log_in(client, user, *, second_factor: bool = True):
    """Log a Django test client in as `user` (a User or an e-mail address): a real session, as after the login form
    and – unless second_factor=False – its second step (staff reach no page without it, ADR 0142).

    The one helper for it; returns the client. Browser tests log in through the form: tests/browser/conftest.py."""
    if isinstance(user, str):
        from lotse.accounts.models import User

        user = User.objects.get(email=user)
    client.force_login(user)
    if second_factor:
        verify_second_factor(client, user)
    return client


def figures(record_property, group: str, label: str, line: str, **counts: int) -> None:
    """Report what a long test did (one line, and counts to be summed over the tests of `group`, e.g. its roles).

    Printed in the terminal summary – also for tests that ran in an xdist worker, whose own output is not shown."""
    record_property("figures", {"group": group, "label": label, "line": line, "counts": counts})


def pytest_terminal_summary(terminalreporter):
    rows = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", ())
        if name == "figures"
    ]
    if not rows:
        return
    terminalreporter.section("figures")
    totals: dict[str, dict[str, int]] = {}
    for row in sorted(rows, key=lambda r: (r["group"], r["label"])):
        terminalreporter.write_line(f"{row['group']}[{row['label']}]: {row['line']}")
        total = totals.setdefault(row["group"], {"tests": 0})
        total["tests"] += 1
        for name, count in row["counts"].items():
            total[name] = total.get(name, 0) + count
    for group, total in totals.items():
        tests = total.pop("tests")
        counted = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in total.items())
        terminalreporter.write_line(f"{group}, sum over {tests} tests: {counted}")
