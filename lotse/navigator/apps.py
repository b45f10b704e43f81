from django.apps import AppConfig


class NavigatorConfig(AppConfig):
    name = "lotse.navigator"
    verbose_name = "Navigator"
