"""The search index: FTS5 tables on SQLite, tsvector tables with GIN indexes on
PostgreSQL, and the triggers that keep them right (backstory/search/schema/)."""

from django.db import migrations


def create(apps, schema_editor):
    from backstory.search import schema

    schema.create(schema_editor.connection)


def drop(apps, schema_editor):
    from backstory.search import schema

    schema.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_perf_followup_dates"),
        ("interactions", "0002_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
