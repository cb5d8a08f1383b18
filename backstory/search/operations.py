"""Migration operations that put the search hooks (triggers, views, functions) in place or
take them off (backstory/search/schema/ says why they must step aside).

A migration that changes a table the hooks watch (``WATCHED_MODELS``) — of this app or of
people or interactions — starts with ``SearchHooksOff()`` and ends with
``SearchHooksOn(fingerprint=...)``; tests/test_migration_hooks.py checks that it does. Both
are reversible: going back, each does the other's work.
"""

from __future__ import annotations

from django.db import migrations

from . import schema

# The models whose tables the hooks read or watch (app label, model name).
WATCHED_MODELS = {("people", "person"), ("people", "contactpoint"),
                  ("people", "organization"), ("interactions", "interaction")}


def hooks_on(apps, schema_editor) -> None:
    schema.install(schema_editor.connection, rebuild=True)


def hooks_off(apps, schema_editor) -> None:
    if schema.created(schema_editor.connection):
        schema.uninstall(schema_editor.connection)


class SearchHooksOff(migrations.RunPython):
    """Take the hooks off before the schema changes (back: put them on, reindex)."""

    def __init__(self):
        super().__init__(hooks_off, hooks_on)

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
        super().__init__(hooks_on, hooks_off)

    def deconstruct(self):
        return self.__class__.__name__, [], {"fingerprint": self.fingerprint}

    def describe(self) -> str:
        return "Put the search triggers on and reindex"
