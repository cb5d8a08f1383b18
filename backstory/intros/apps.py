from django.apps import AppConfig


class IntrosConfig(AppConfig):
    name = "backstory.intros"
    label = "intros"
    verbose_name = "Introductions and opportunities"
