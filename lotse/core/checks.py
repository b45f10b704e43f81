"""Start-up guards: production must not run with the publicly known default secret key."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from lotse.settings import DEFAULT_SECRET_KEY

UNSAFE_SECRET_MESSAGE = (
    "SECRET_KEY is the public default while DEBUG is off: set SECRET_KEY (or DEBUG=1 locally)."
)


def uses_default_secret_in_production() -> bool:
    return not settings.DEBUG and settings.SECRET_KEY == DEFAULT_SECRET_KEY


def ensure_safe_to_serve() -> None:
    if uses_default_secret_in_production():
        raise ImproperlyConfigured(UNSAFE_SECRET_MESSAGE)


@checks.register(checks.Tags.security)
def check_secret_key(app_configs, **kwargs):
    if uses_default_secret_in_production():
        return [checks.Error(UNSAFE_SECRET_MESSAGE, id="lotse.E001")]
    return []


@checks.register(checks.Tags.database)
def check_audit_log_protection(app_configs, databases=None, **kwargs):
    """`lotse check --deploy --database default` in production: the application's database role cannot change the
    audit log (lotse.core.dbroles, docs/operations.md "Database roles")."""
    from django.db.utils import DatabaseError  # noqa: PLC0415

    from lotse.core.dbroles import audit_protection_problems  # noqa: PLC0415

    warnings = []
    for alias in databases or []:
        try:
            problems = audit_protection_problems(using=alias)
        except DatabaseError:  # not migrated yet
            continue
        warnings += [
            checks.Warning(
                f"The audit log is not protected: {problem}.",
                hint="Connect as the application role of deploy/postgres-roles.sql and set DB_APP_ROLE.",
                id="lotse.W101",
            )
            for problem in problems
        ]
    return warnings
