from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "backstory.people"
    label = "people"
