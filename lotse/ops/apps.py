from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: health endpoint, request ids and JSON logs, worker heartbeat, backup and restore."""

    name = "lotse.ops"
    label = "ops"
    verbose_name = "Betrieb"
