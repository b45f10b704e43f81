from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lotse.core"
    verbose_name = "Lotse"

    def ready(self):
        from lotse.core import (
            checks,  # noqa: F401  (registers the system checks)
            form_messages,
        )

        form_messages.install()  # specific required messages, no "---------" choices (ADR 0152)
