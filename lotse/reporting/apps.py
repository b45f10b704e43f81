from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "lotse.reporting"
    verbose_name = "Auswertung"
