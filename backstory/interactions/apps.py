from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "backstory.interactions"
    label = "interactions"
