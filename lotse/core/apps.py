from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lotse.core"
    verbose_name = "Lotse"

    def ready(self):
        from django.db.models.signals import post_migrate

        from lotse.core import (
            checks,  # noqa: F401  (registers the system checks)
            form_messages,
        )

        form_messages.install()  # specific required messages, no "---------" choices (ADR 0152)
        post_migrate.connect(_grant_app_role, sender=self)


def _grant_app_role(sender, using="default", **kwargs):
    """After every migrate: the application's role gets DML on the tables but cannot change the audit log."""
    from lotse.core.dbroles import apply_grants

    apply_grants(using=using)
