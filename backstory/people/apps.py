from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "backstory.people"
    label = "people"

    def ready(self) -> None:
        # The stored values this app computes, for the write pipeline (core.derived).
        from backstory.core import derived

        from .names import name_words, names_refresh
        from .services import last_touch_refresh
        from .words import vocabulary_register, words_refresh

        derived.register("last_touch", last_touch_refresh)
        derived.register("names", names_refresh)
        derived.register("person_words", words_refresh)
        vocabulary_register("name", name_words)
        # A member who leaves hands on the people whose relationship they lead.
        from backstory.workspaces import leaving

        from .services import owned_people_count, owned_people_hand_over

        leaving.register(leaving.Holding(
            name="people", count=owned_people_count, hand_over=owned_people_hand_over,
            words=lambda n: f"{n} {'person' if n == 1 else 'people'}"))
