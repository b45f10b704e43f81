from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "lotse.cases"
    verbose_name = "Fallarbeit"
