"""Database roles: the application's role may read and append to the audit log, never change it (ADR 0141).

In production the schema belongs to an owner role that runs `lotse migrate`; the web and worker processes connect
as DB_APP_ROLE, which owns nothing (deploy/postgres-roles.sql, docs/operations.md). After every migrate this
module (re)grants that role what it needs on the tables and takes UPDATE, DELETE and TRUNCATE on the audit log
away again, so a migration that adds a table or rebuilds one cannot quietly widen its rights.
"""

from __future__ import annotations

import os

from django.db import connections

AUDIT_TABLE = "core_auditentry"
AUDIT_TRIGGERS = ("core_auditentry_no_update_delete", "core_auditentry_no_truncate")


def app_role() -> str:
    return os.environ.get("DB_APP_ROLE", "").strip()


def apply_grants(*, using: str = "default", role: str | None = None) -> bool:
    """Grant `role` DML on every table and sequence of the schema, and only SELECT and INSERT on the audit log.
    Returns False (and does nothing) when no role is configured or the database is not PostgreSQL."""
    role = role if role is not None else app_role()
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        quoted = connection.ops.quote_name(role)
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {AUDIT_TABLE} FROM {quoted}")
        cursor.execute(f"REVOKE TRUNCATE ON ALL TABLES IN SCHEMA public FROM {quoted}")
    return True


def audit_protection_problems(*, using: str = "default") -> list[str]:
    """What lets the connected role change the audit log (empty on SQLite, which has no roles)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    problems = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [AUDIT_TABLE]
        )
        present = {row[0] for row in cursor.fetchall()}
        problems += [f"trigger {name} is missing" for name in AUDIT_TRIGGERS if name not in present]
        cursor.execute(
            "SELECT r.rolsuper, pg_get_userbyid(c.relowner) = current_user FROM pg_roles r, pg_class c "
            "WHERE r.rolname = current_user AND c.oid = %s::regclass",
            [AUDIT_TABLE],
        )
        superuser, owner = cursor.fetchone()
        if superuser:
            problems.append("the application connects as a superuser")
        elif owner:
            problems.append(f"the application's role owns {AUDIT_TABLE}")
        else:
            for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
                cursor.execute("SELECT has_table_privilege(current_user, %s, %s)", [AUDIT_TABLE, privilege])
                if cursor.fetchone()[0]:
                    problems.append(f"the application's role has {privilege} on {AUDIT_TABLE}")
    return problems
