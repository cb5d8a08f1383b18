"""The people list's last-touch indexes, which Django cannot declare, and the migration
operation that (re)creates them.

The list sorted by last touch puts the never-contacted first (ascending) or last
(descending), ties by id, only people not archived. SQLite places NULLs first in an
ascending index and last in a descending one, as the list wants; PostgreSQL needs the
placement spelled out, and Django cannot declare it for one database only — hence SQL,
one variant per database side by side.

SQLite rebuilds a table whenever a migration alters most of its columns and keeps only
the indexes Django knows about: a migration that changes ``people_person`` ends with
``TouchOrderIndexes()`` (tests/test_migration_hooks.py checks that it does).
"""

from __future__ import annotations

from django.db import migrations

TOUCH_ORDER = {
    "sqlite": [
        ("person_active_touch_asc", "(workspace_id, last_touch_at ASC, id, archived_at)"),
        ("person_active_touch_desc", "(workspace_id, last_touch_at DESC, id, archived_at)"),
    ],
    "postgresql": [
        ("person_active_touch_asc",
         "(workspace_id, last_touch_at ASC NULLS FIRST, id, archived_at)"),
        ("person_active_touch_desc",
         "(workspace_id, last_touch_at DESC NULLS LAST, id, archived_at)"),
    ],
}
# The whole-workspace PostgreSQL indexes of migration 0003, which these replaced (0004).
PG_0003 = [
    ("person_ws_touch_nulls_first", "(workspace_id, last_touch_at ASC NULLS FIRST, id)"),
    ("person_ws_touch_desc_nulls_last", "(workspace_id, last_touch_at DESC NULLS LAST, id)"),
]


def touch_order_indexes(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name, _ in PG_0003:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name, columns in TOUCH_ORDER.get(vendor, []):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON people_person {columns} "
                              "WHERE archived_at IS NULL")


def drop_touch_order_indexes(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for name, _ in TOUCH_ORDER.get(vendor, []):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    if vendor == "postgresql":
        for name, columns in PG_0003:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON people_person {columns}")


class TouchOrderIndexes(migrations.RunPython):
    """Create the last-touch indexes where they are missing (after a change that rebuilt
    ``people_person`` on SQLite). Going back leaves them: the migration before had them."""

    def __init__(self):
        super().__init__(touch_order_indexes, migrations.RunPython.noop)

    def deconstruct(self):
        return self.__class__.__name__, [], {}

    def describe(self) -> str:
        return "Create the people list's last-touch indexes where they are missing"
