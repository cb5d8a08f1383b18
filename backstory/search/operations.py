"""Migration operations that put the search hooks (triggers, views, functions) in place or
take them off (backstory/search/schema/ says why they must step aside).

A migration that changes a table the hooks watch (``WATCHED_MODELS``) — of this app or of
people or interactions — starts with ``SearchHooksOff()`` and ends with
``SearchHooksOn(fingerprint=...)``; tests/test_migration_hooks.py checks that it does. Both
are reversible: going back, each does the other's work.

The hooks this code installs read the columns of the latest schema, so they can only be
put on where that schema is: a ``SearchHooksOn`` written for older hooks (its fingerprint
is not the code's) leaves them off, and the later migration that carries the current
fingerprint (the test makes sure there is one) puts them on and indexes every record
again. Going back, the hooks come on again only where the older schema still has every
column they read; elsewhere they stay off until the next ``migrate`` forward.
"""

from __future__ import annotations

from django.db import DatabaseError, migrations, transaction

from . import schema

# The models whose tables the hooks read or watch (app label, model name).
WATCHED_MODELS = {("people", "person"), ("people", "contactpoint"),
                  ("people", "organization"), ("interactions", "interaction")}


def hooks_on(apps, schema_editor) -> None:
    schema.install(schema_editor.connection, rebuild=True)


def _hooks_on_if_current(fingerprint: str):
    def on(apps, schema_editor) -> None:
        if fingerprint == schema.hooks_fingerprint():
            hooks_on(apps, schema_editor)
    return on


def hooks_back_on(apps, schema_editor) -> None:
    """Going back: the hooks again where the older schema has what they read."""
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            hooks_on(apps, schema_editor)
    except DatabaseError:
        pass  # a column they read is gone: they stay off until the next migrate


def hooks_off(apps, schema_editor) -> None:
    if schema.created(schema_editor.connection):
        schema.uninstall(schema_editor.connection)


class SearchHooksOff(migrations.RunPython):
    """Take the hooks off before the schema changes (back: put them on, reindex)."""

    def __init__(self):
        super().__init__(hooks_off, hooks_back_on)

    def deconstruct(self):
        return self.__class__.__name__, [], {}

    def describe(self) -> str:
        return "Take the search triggers off"


class SearchHooksOn(migrations.RunPython):
    """Put the hooks on as backstory/search/schema/ says and index every record again
    (back: take them off). ``fingerprint`` is ``schema.hooks_fingerprint()`` at the time
    the migration was written."""

    def __init__(self, fingerprint: str):
        self.fingerprint = fingerprint
        super().__init__(_hooks_on_if_current(fingerprint), hooks_off)

    def deconstruct(self):
        return self.__class__.__name__, [], {"fingerprint": self.fingerprint}

    def describe(self) -> str:
        return "Put the search triggers on and reindex"
