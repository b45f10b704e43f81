from django.apps import AppConfig


class FairnessConfig(AppConfig):
    name = "lotse.fairness"
    verbose_name = "Faire Anwerbung"
