from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "backstory.stories"
    label = "stories"
    verbose_name = "Stories: tips, pitches and coverage"
