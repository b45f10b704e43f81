"""PostgreSQL refuses UPDATE and DELETE on audit rows, whatever the application does.

TRUNCATE is a privilege question, not a row event: the production database role gets no TRUNCATE on the table
(docs/operations.md); the test runner's flush between live-server tests needs it.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION lotse_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'core_auditentry is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditentry_no_update_delete
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION lotse_audit_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS core_auditentry_no_update_delete ON core_auditentry;
DROP FUNCTION IF EXISTS lotse_audit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
