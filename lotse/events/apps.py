from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "lotse.events"
    verbose_name = "Veranstaltungen"
