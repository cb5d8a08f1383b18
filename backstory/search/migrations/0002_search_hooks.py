"""The search hooks (triggers, views and functions of backstory/search/schema/) declared in
a migration, after the latest migrations of the tables they watch. Until now they were
put back after every ``migrate``; on a database that has them this replaces them with the
same and reindexes, on a fresh one it installs them: both end up alike."""

from django.db import migrations

from backstory.search.operations import SearchHooksOn


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("people", "0009_touch_order_indexes_declared"),
        ("interactions", "0003_action_list_order"),
    ]

    operations = [SearchHooksOn(fingerprint="3e260bbe054e")]
