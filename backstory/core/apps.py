from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "backstory.core"
    label = "core"
