from django.apps import AppConfig


class FairnessConfig(AppConfig):
    name = "lotse.fairness"
    verbose_name = "Faire Anwerbung"

    def ready(self):
        # The reporting app counts completed self-checks (statistic "self_checks") through this source.
        from lotse.fairness.reporting import register  # noqa: PLC0415

        register()
