"""The search index in the database: what it holds, the triggers that keep it right, how
to rebuild and check it, and the queries that rank its matches (``ranking``) — for SQLite
(FTS5) and PostgreSQL (tsvector + GIN). All of the search app's SQL is in this package.

Three kinds of document, each one row per record:

- person: name; title, organisation name, e-mails, beat and outlet; wants and offers;
  notes and how you met (four weights, highest first).
- organisation: name; notes.
- interaction: summary and place; notes. Interactions without any text are not indexed.

Triggers on the source tables keep the index right whatever writes: the services, the
importers, a merge, raw ``executemany`` in the benchmark builder, a delete. Bulk writers
need nothing special; ``rebuild()`` is there for repairs and for tests.

SQLite: one FTS5 table per kind with *external content*: the content is a view over the
source tables, so the text is not stored twice. An FTS5 delete must be given the exact
values that were indexed, so every change is a pair of triggers: BEFORE the change the
document is deleted with the values the view shows then, AFTER it the document is
inserted with the values the view shows now. A document's rowid is the record's id plus
its workspace's id shifted left by 40 bits (``ROWID_BITS``), so that one workspace's
documents are one range of rowids, which FTS5 reads in order without looking at others.

PostgreSQL: one table per kind (id, workspace_id, weighted tsvector) with a GIN index,
written by ``search_<kind>_refresh(ids)`` from row triggers (and TRUNCATE triggers, for
Django's flush). Words are folded by ``search_fold()`` (lower case, NFKD without accents,
letters and digits only), which needs PostgreSQL 13+ and a UTF-8 database.

Migrations declare all of it: search 0001 creates the index tables, and the triggers,
views and functions (the *hooks*) are put in place by the migration operations of
``backstory.search.operations``. The hooks must step aside while a migration changes a
table they watch: Django rebuilds an SQLite table for most schema changes (copy, drop,
rename), which fails while a view or trigger names the table, and PostgreSQL refuses to
change the type of a column that a trigger's UPDATE OF names. So such a migration starts
with ``SearchHooksOff()`` and ends with ``SearchHooksOn(...)``, which puts them back and
rebuilds the index from the records; a test (tests/test_migration_hooks.py) fails when a
migration of a watched table lacks them, or when the hooks below change without a
migration that installs the new ones (``hooks_fingerprint``).
"""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from . import postgres, sqlite
from .common import KINDS
from .postgres import doc_table
from .sqlite import FTS_COLUMNS, fts_table, rowid_range

__all__ = ["FTS_COLUMNS", "KINDS", "check", "create", "created", "doc_table", "drop",
           "fts_table", "hooks_fingerprint", "install", "installed", "rebuild", "rowid_range",
           "uninstall"]


def hooks_fingerprint() -> str:
    """A short hash of every hook's SQL on both databases: the latest ``SearchHooksOn`` in
    the migrations carries it, so that a change here comes with a migration installing it."""
    statements = [*sqlite.SOURCE_VIEWS.values(), *sqlite.triggers(), *postgres.hooks()]
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()[:12]


def create(connection: BaseDatabaseWrapper) -> None:
    """Create the index tables (migration 0001). Triggers, views and functions come with
    ``install`` (the ``SearchHooksOn`` migration operation)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sqlite.create_tables(cursor)
        elif connection.vendor == "postgresql":
            for statement in postgres.tables():
                cursor.execute(statement)


def drop(connection: BaseDatabaseWrapper) -> None:
    """Remove everything that ``create`` and ``install`` made (migration backwards)."""
    uninstall(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for kind in KINDS:
                cursor.execute(f"DROP TABLE IF EXISTS {sqlite.fts_table(kind)}")
        elif connection.vendor == "postgresql":
            for kind in KINDS:
                cursor.execute(f"DROP TABLE IF EXISTS {postgres.doc_table(kind)}")


def created(connection: BaseDatabaseWrapper) -> bool:
    """Whether the index tables exist (the migration ran)."""
    tables = set(connection.introspection.table_names())
    wanted = sqlite.fts_table if connection.vendor == "sqlite" else postgres.doc_table
    return all(wanted(kind) in tables for kind in KINDS)


def installed(connection: BaseDatabaseWrapper) -> bool:
    """Whether every trigger is in place."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            names = sqlite.trigger_names()
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                           f"name IN ({', '.join(['%s'] * len(names))})", names)
        elif connection.vendor == "postgresql":
            names = [name for name, *_ in postgres.ROW_TRIGGERS]
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND "
                           "(tgname = ANY(%s) OR tgname = 'search_truncate')", [names])
            names = names + ["search_truncate"] * len(postgres.TABLES)
        else:
            return False
        return cursor.fetchone()[0] == len(names)


def install(connection: BaseDatabaseWrapper, *, rebuild: bool = False) -> None:
    """Put the triggers, views and functions in place as this file says, in one
    transaction; with ``rebuild``, index every record again."""
    if not created(connection):
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sqlite.install(cursor)
            if rebuild:
                sqlite.rebuild(cursor)
        elif connection.vendor == "postgresql":
            for statement in postgres.hooks():
                cursor.execute(statement)
            if rebuild:
                postgres.rebuild(cursor, None)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Take the triggers, views and functions off (the index then goes stale until
    ``install(rebuild=True)``)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sqlite.uninstall(cursor)
        elif connection.vendor == "postgresql":
            for statement in postgres.unhook():
                cursor.execute(statement)


def rebuild(connection: BaseDatabaseWrapper, workspace_id: int | None = None) -> None:
    """Index every record again (SQLite: all workspaces; FTS5 rebuilds whole tables)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sqlite.rebuild(cursor)
        elif connection.vendor == "postgresql":
            postgres.rebuild(cursor, workspace_id)


def check(connection: BaseDatabaseWrapper) -> list[str]:
    """What differs between the index and a fresh computation from the records
    (an empty list when the index is right)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            return sqlite.check(cursor)
        if connection.vendor == "postgresql":
            return postgres.check(cursor)
    return []
