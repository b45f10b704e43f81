"""PostgreSQL refuses TRUNCATE of the audit log as well (UPDATE and DELETE: 0002).

TRUNCATE fires no row trigger, so a statement trigger refuses it. Superusers pass: they can drop any trigger
anyway, and the test runner's flush between live-server tests runs as one. The real wall in production is the
database role (docs/operations.md, "Database roles"): the application's role owns no table and is granted only
SELECT and INSERT on core_auditentry (lotse.core.dbroles, after every migrate).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION lotse_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND rolsuper) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'core_auditentry is append-only (TRUNCATE refused)'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditentry_no_truncate
    BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION lotse_audit_no_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry;
DROP FUNCTION IF EXISTS lotse_audit_no_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only")]
    operations = [migrations.RunPython(forward, backward)]
