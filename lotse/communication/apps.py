from django.apps import AppConfig


class CommunicationConfig(AppConfig):
    name = "lotse.communication"
    verbose_name = "Kommunikation"
