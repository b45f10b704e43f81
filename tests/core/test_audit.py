"""The audit log is append-only: the application cannot change or delete entries, nor can raw SQL on PostgreSQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from lotse.accounts.services import organisation_create
from lotse.core import audit
from lotse.core.models import AuditEntry, AuditLogImmutable
from lotse.core.scoping import visibility_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    return audit.record(
        actor=world["users"]["adviser_a"],
        action="organisation.rename",
        obj=world["orgs"]["employer_a"],
        old={"name": "Metall A GmbH"},
        new={"name": "Metall A AG"},
    )


def test_record_writes_actor_action_object_and_changes(entry, world):
    assert entry.actor == world["users"]["adviser_a"]
    assert entry.action == "organisation.rename"
    assert entry.object_type == "accounts.organisation"
    assert entry.object_id == str(world["orgs"]["employer_a"].pk)
    assert entry.region_id == world["regions"]["a"].pk
    assert entry.changes == {"name": {"old": "Metall A GmbH", "new": "Metall A AG"}}
    assert entry.created_at is not None


def test_action_code_must_be_dotted(world):
    with pytest.raises(ValueError):
        audit.record(actor=None, action="rename")


def test_services_write_audit_entries(world):
    organisation = organisation_create(
        actor=world["users"]["fai"], name="Neu GmbH", kind="unternehmen", region=world["regions"]["a"]
    )
    entry = AuditEntry.unscoped.get(action="organisation.create", object_id=str(organisation.pk))
    assert entry.changes["name"] == {"old": None, "new": "Neu GmbH"}


def test_entries_cannot_be_saved_again(entry):
    entry.action = "organisation.delete"
    with pytest.raises(AuditLogImmutable):
        entry.save()


def test_entries_cannot_be_deleted(entry):
    with pytest.raises(AuditLogImmutable):
        entry.delete()
    with pytest.raises(AuditLogImmutable):
        AuditEntry.unscoped.filter(pk=entry.pk).delete()
    with pytest.raises(AuditLogImmutable):
        AuditEntry.unscoped.filter(pk=entry.pk).update(action="x.y")


def test_database_refuses_update_and_delete(entry, require_postgres):
    for statement in ("UPDATE core_auditentry SET action = 'x.y'", "DELETE FROM core_auditentry"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
    assert AuditEntry.unscoped.get(pk=entry.pk).action == "organisation.rename"


def test_audit_entries_are_region_scoped(entry, world):
    with visibility_for(world["users"]["adviser_b"]):
        assert not AuditEntry.objects.filter(pk=entry.pk).exists()
    with visibility_for(world["users"]["adviser_a"]):
        assert AuditEntry.objects.filter(pk=entry.pk).exists()
    with visibility_for(world["users"]["mags"]):
        assert not AuditEntry.objects.filter(pk=entry.pk).exists()
