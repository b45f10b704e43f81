from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lotse.api"
    verbose_name = "HTTP-API"
