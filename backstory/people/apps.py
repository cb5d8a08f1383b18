from importlib import import_module

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def touch_order_indexes_ensure(sender, using: str = "default", **kwargs) -> None:
    """The people list's last-touch indexes are written in SQL per database (migration
    0004: NULLS placement Django cannot declare). SQLite rebuilds a table whenever a later
    migration alters it and keeps only the indexes Django knows about, so they are put
    back (if missing) after every migrate."""
    from django.db import connections

    migration = import_module("backstory.people.migrations.0004_list_order_indexes")
    # A plain cursor, not a schema editor: SQLite refuses one inside a transaction.
    migration.touch_order_indexes(None, _Statements(connections[using]))


class _Statements:
    """What the migration's function uses of a schema editor."""

    def __init__(self, connection):
        self.connection = connection

    def execute(self, sql: str) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(sql)


class PeopleConfig(AppConfig):
    name = "backstory.people"
    label = "people"

    def ready(self) -> None:
        post_migrate.connect(touch_order_indexes_ensure, sender=self)
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
