from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "lotse.reference"
    verbose_name = "NRW-Referenzdaten"
