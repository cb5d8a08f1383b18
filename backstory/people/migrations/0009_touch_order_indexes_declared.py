"""The last-touch indexes declared in a migration: migrations 0005 and 0007 rebuilt the
people table on SQLite, which dropped them, and until now they were put back after every
``migrate``. Where they exist (every database migrated so far) this does nothing; where a
rebuild took them, it makes them again."""

from django.db import migrations

from backstory.people.operations import TouchOrderIndexes


class Migration(migrations.Migration):
    dependencies = [("people", "0008_alter_organization_options_alter_person_options")]

    operations = [TouchOrderIndexes()]
