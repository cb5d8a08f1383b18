"""The triggers step aside while migrations change the tables they watch, and come back
with a rebuilt index (backstory/search/operations.py and schema/ explain why)."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command
from django.db import connection

from backstory.people.models import Person
from backstory.people.operations import TouchOrderIndexes
from backstory.search import schema
from backstory.search.operations import SearchHooksOff, SearchHooksOn
from backstory.search.selectors import search
from backstory.search.services import search_index_problems
from backstory.testing import make_person, make_personas

pytestmark = pytest.mark.django_db(transaction=True)


def _people(workspace, text):
    return [hit.person.name for hit in search(workspace, text).people]


def test_a_migration_that_rebuilds_the_people_table_works_and_the_index_follows():
    workspace = make_personas().workspace
    person = make_person(workspace, "Dana Whitfield", title="Head of Sales")
    old = Person._meta.get_field("title")
    new = copy.deepcopy(old)
    new.max_length = 250
    # What a migration of the people table does: SearchHooksOff(), the change, SearchHooksOn
    # and TouchOrderIndexes (SQLite's rebuild dropped the people list's own indexes).
    with connection.schema_editor() as editor:
        SearchHooksOff().code(None, editor)
    assert not schema.installed(connection)
    try:
        # SQLite copies the table, drops it and renames the copy; PostgreSQL changes the
        # column's type. Both fail while a trigger or view names the table or column.
        with connection.schema_editor() as editor:
            editor.alter_field(Person, old, new)
        # A data migration writes while the triggers are off.
        Person.objects.filter(pk=person.pk).update(name="Danielle Whitfield")
        with connection.schema_editor() as editor:
            editor.alter_field(Person, new, old)
    finally:
        with connection.schema_editor() as editor:
            SearchHooksOn(fingerprint=schema.hooks_fingerprint()).code(None, editor)
            TouchOrderIndexes().code(None, editor)
    assert schema.installed(connection)
    assert search_index_problems() == []
    assert _people(workspace, "danielle") == ["Danielle Whitfield"]
    assert _people(workspace, "dana") == []


def test_a_migrate_that_runs_no_migration_leaves_the_triggers_alone():
    call_command("migrate", verbosity=0, interactive=False)
    assert schema.installed(connection)


def test_the_search_migration_goes_back_and_forth_and_indexes_what_is_there():
    workspace = make_personas().workspace
    make_person(workspace, "Dana Whitfield")
    try:
        call_command("migrate", "search", "zero", verbosity=0)
        assert not schema.created(connection)
        assert not schema.installed(connection)
    finally:
        call_command("migrate", verbosity=0)  # and what depends on the search hooks
    assert schema.installed(connection)
    assert search_index_problems() == []
    assert _people(workspace, "dana") == ["Dana Whitfield"]
