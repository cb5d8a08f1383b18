"""The people list sorted by last touch reads one page from its own index, also after a
later migration rebuilt the people table (SQLite keeps only the indexes Django knows;
backstory/people/operations.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from backstory.people.models import Person
from backstory.people.selectors import SORTS

pytestmark = pytest.mark.django_db(transaction=True)


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'people_person'")
        return {row[0] for row in cursor.fetchall()}


def test_the_migrations_leave_the_last_touch_indexes_in_place_though_sqlite_rebuilt_the_table():
    # The test database is built by the migrations, 0005 and 0007 of which rebuild the
    # table on SQLite (dropping indexes Django does not know): 0009 makes them again.
    assert {"person_active_touch_asc", "person_active_touch_desc"} <= _index_names()


def test_the_last_touch_indexes_come_back_when_their_migration_runs_again():
    with connection.cursor() as cursor:
        for name in ("person_active_touch_asc", "person_active_touch_desc"):
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        call_command("migrate", "people", "0008", verbosity=0, interactive=False)
    finally:
        call_command("migrate", verbosity=0, interactive=False)
    assert {"person_active_touch_asc", "person_active_touch_desc"} <= _index_names()


@pytest.mark.parametrize("sort", ["-last_touch", "last_touch"])
def test_sorting_by_last_touch_does_not_sort_the_whole_workspace(sort):
    if connection.vendor != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's; PostgreSQL's plan depends on statistics")
    qs = (Person.objects.filter(workspace_id=1, archived_at__isnull=True)
          .order_by(*SORTS[sort])[:50])
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "TEMP B-TREE" not in plan, plan
    assert "person_active_touch" in plan, plan
