from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate

# Migrations of these apps may rebuild or alter the tables that the search triggers
# watch (backstory/search/schema/ explains why the triggers step aside).
WATCHED_APPS = {"people", "interactions", "search"}


class SearchConfig(AppConfig):
    name = "backstory.search"
    label = "search"

    def ready(self) -> None:
        pre_migrate.connect(_before_migrate, sender=self, dispatch_uid="search.before_migrate")
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="search.after_migrate")


def _before_migrate(sender, *, using: str, plan=None, **kwargs) -> None:
    from . import schema

    connection = connections[using]
    if (any(migration.app_label in WATCHED_APPS for migration, _ in plan or ())
            and schema.created(connection)):
        schema.uninstall(connection)


def _after_migrate(sender, *, using: str, plan=None, **kwargs) -> None:
    """After every ``migrate`` (not after a test flush, which passes no plan): triggers
    that are missing come back with a full rebuild of the index; triggers that are
    there are replaced when migrations ran, so that they match the code."""
    from . import schema

    connection = connections[using]
    if plan is None or not schema.created(connection):
        return
    if not schema.installed(connection):
        schema.install(connection, rebuild=True)
    elif plan:
        schema.install(connection)
