from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "backstory.people"
    label = "people"

    def ready(self) -> None:
        # The stored values this app computes, for the write pipeline (core.derived).
        from backstory.core import derived

        from .names import names_refresh
        from .services import last_touch_refresh

        derived.register("last_touch", last_touch_refresh)
        derived.register("names", names_refresh)
