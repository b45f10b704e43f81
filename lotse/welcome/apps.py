from django.apps import AppConfig


class WelcomeConfig(AppConfig):
    name = "lotse.welcome"
    verbose_name = "Willkommensplan"
