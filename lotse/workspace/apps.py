from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "lotse.workspace"
    verbose_name = "Mein Bereich (Arbeitgeber)"
