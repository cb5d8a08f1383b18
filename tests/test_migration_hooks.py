"""Indexes and triggers that Django cannot declare are made by migrations (no post_migrate
handler re-creates them), so every migration that would lose them says so:

- a migration that changes a table the search triggers watch takes them off first and
  puts them back after (backstory/search/operations.py), or SQLite's table rebuild fails
  and PostgreSQL refuses the column change;
- a migration that changes the people table makes the last-touch indexes again after
  (backstory/people/operations.py): SQLite's rebuild keeps only the indexes Django knows;
- the search triggers in the code are the ones the latest migration installs.
"""

from __future__ import annotations

from django.db import migrations
from django.db.migrations.loader import MigrationLoader

from backstory.people.operations import TouchOrderIndexes
from backstory.search import schema
from backstory.search.operations import WATCHED_MODELS, SearchHooksOff, SearchHooksOn

HOOKS_DECLARED = ("search", "0002_search_hooks")
INDEXES_DECLARED = ("people", "0009_touch_order_indexes_declared")
# Operations after which SQLite may have rebuilt the table (or PostgreSQL changed a column).
REBUILDS = (migrations.AddField, migrations.RemoveField, migrations.AlterField,
            migrations.RenameField, migrations.RenameModel, migrations.AlterModelTable,
            migrations.DeleteModel, migrations.AddConstraint, migrations.RemoveConstraint,
            migrations.AlterUniqueTogether, migrations.AlterOrderWithRespectTo)


def _loader() -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True)


def _later_than(loader: MigrationLoader, key: tuple[str, str]):
    """Migrations that may run after ``key`` (not among its ancestors), in plan order."""
    before = set(loader.graph.forwards_plan(key))
    plan = loader.graph.forwards_plan(sorted(loader.graph.leaf_nodes())[-1])
    for node in loader.graph.leaf_nodes():
        plan += [n for n in loader.graph.forwards_plan(node) if n not in plan]
    return [(n, loader.graph.nodes[n]) for n in plan if n not in before]


def _in_place(op) -> bool:
    """An AddField that SQLite makes with ALTER TABLE ADD COLUMN (no rebuild): a nullable
    column without a default, not unique (Django's sqlite3 schema editor, add_field)."""
    if not isinstance(op, migrations.AddField):
        return False
    field = op.field
    if field.many_to_many:
        return True  # a table of its own; the model's table is not touched
    return (field.null and not field.has_default() and not field.unique
            and not field.primary_key and not field.has_db_default())


def _rebuilds(migration, models: set[tuple[str, str]]) -> list[int]:
    """Positions of the operations that rebuild one of ``models``."""
    return [i for i, op in enumerate(migration.operations)
            if isinstance(op, REBUILDS) and not _in_place(op)
            and (migration.app_label, getattr(op, "model_name", getattr(op, "name", ""))
                 .lower()) in models]


def test_every_migration_of_a_watched_table_takes_the_search_triggers_off_and_back_on():
    loader = _loader()
    wrong = []
    for key, migration in _later_than(loader, HOOKS_DECLARED):
        found = _rebuilds(migration, WATCHED_MODELS)
        if not found:
            continue
        ops = migration.operations
        off = [i for i, op in enumerate(ops) if isinstance(op, SearchHooksOff)]
        on = [i for i, op in enumerate(ops) if isinstance(op, SearchHooksOn)]
        if not (off and on and off[0] < min(found) and on[-1] > max(found)):
            wrong.append(".".join(key))
    assert not wrong, ("these migrations change a table the search triggers watch: start "
                       "them with SearchHooksOff() and end them with SearchHooksOn("
                       f"fingerprint={schema.hooks_fingerprint()!r}) "
                       f"(backstory/search/operations.py): {wrong}")


def test_every_migration_of_the_people_table_makes_the_last_touch_indexes_again():
    loader = _loader()
    wrong = []
    for key, migration in _later_than(loader, INDEXES_DECLARED):
        found = _rebuilds(migration, {("people", "person")})
        ends = [i for i, op in enumerate(migration.operations)
                if isinstance(op, TouchOrderIndexes)]
        if found and not (ends and ends[-1] > max(found)):
            wrong.append(".".join(key))
    assert not wrong, ("these migrations change people_person: end them with "
                       f"TouchOrderIndexes() (backstory/people/operations.py): {wrong}")


def test_the_search_triggers_in_the_code_are_those_the_latest_migration_installs():
    loader = _loader()
    installs = [op for _, migration in _later_than(loader, ("search", "0001_initial"))
                for op in migration.operations if isinstance(op, SearchHooksOn)]
    assert installs, "no migration installs the search triggers"
    assert installs[-1].fingerprint == schema.hooks_fingerprint(), (
        "the search triggers changed (backstory/search/schema/): add a search migration "
        f"with SearchHooksOn(fingerprint={schema.hooks_fingerprint()!r}) so that every "
        "database gets them")
