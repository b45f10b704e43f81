"""The audit log cannot be emptied or rewritten by the application's database role (ADR 0141)."""

import uuid

import pytest
from django.db import DatabaseError, connection, transaction

from lotse.core import audit
from lotse.core.dbroles import apply_grants, audit_protection_problems
from lotse.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    return audit.record(actor=world["users"]["fai"], action="organisation.rename", obj=world["orgs"]["employer_a"])


@pytest.fixture
def app_role(require_postgres, entry):
    """A role like production's application role: owns nothing, granted what lotse.core.dbroles grants."""
    name = f"lotse_app_test_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN")
    assert apply_grants(role=name)
    yield name
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(f"DROP OWNED BY {name}")
        cursor.execute(f"DROP ROLE {name}")


def _as_role(role, statement, params=None):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute(statement, params)


@pytest.mark.parametrize(
    "statement",
    ["TRUNCATE core_auditentry", "UPDATE core_auditentry SET action = 'x.y'", "DELETE FROM core_auditentry"],
)
def test_application_role_cannot_truncate_update_or_delete(app_role, entry, statement):
    with pytest.raises(DatabaseError, match="permission denied|append-only"):
        _as_role(app_role, statement)
    assert AuditEntry.unscoped.filter(pk=entry.pk).exists()


def test_application_role_can_append_and_its_setup_passes_the_check(app_role):
    _as_role(
        app_role,
        "INSERT INTO core_auditentry (created_at, actor_label, action, object_type, object_id, object_repr, changes,"
        " context) VALUES (now(), 'system', 'test.insert', '', '', '', '{}', '{}')",
    )
    assert AuditEntry.unscoped.filter(action="test.insert").exists()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app_role}")
        assert audit_protection_problems() == []


def test_truncate_trigger_refuses_even_the_table_owner(app_role, entry):
    # Granting TRUNCATE back (a careless migration or operator) still meets the trigger.
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT TRUNCATE ON core_auditentry TO {app_role}")
    with pytest.raises(DatabaseError, match="append-only"):
        _as_role(app_role, "TRUNCATE core_auditentry")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {app_role}")
        assert audit_protection_problems() == ["the application's role has TRUNCATE on core_auditentry"]


def test_check_warns_when_the_application_connects_as_superuser(require_postgres):
    # The test database connects as the postgres superuser: exactly what production must not do.
    from lotse.core.checks import check_audit_log_protection

    warnings = check_audit_log_protection(None, databases=["default"])
    assert [w.id for w in warnings] == ["lotse.W101"]
    assert "superuser" in warnings[0].msg


def test_both_triggers_exist_after_migrate(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'core_auditentry'::regclass")
        names = {row[0] for row in cursor.fetchall()}
    assert {"core_auditentry_no_update_delete", "core_auditentry_no_truncate"} <= names
