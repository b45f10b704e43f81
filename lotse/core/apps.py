from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lotse.core"
    verbose_name = "Lotse"

    def ready(self):
        from lotse.core import checks  # noqa: F401  (registers the system checks)
