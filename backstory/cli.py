"""The `backstory` command: Django's management commands under one friendly name.

`backstory serve`, `backstory demo`, `backstory adduser NAME`, `backstory signin-link` and
the data verbs are management commands of the apps; anything else Django knows
(`backstory migrate`, `backstory shell`) works too.
"""

from __future__ import annotations

import os
import sys

# Friendlier spellings for commands whose module names need underscores.
ALIASES = {"signin-link": "signin_link"}

# Backstory's own data commands bring the database up to date first, as `serve` does, so
# that a fresh install or an upgrade never meets "no such table".
DATA_COMMANDS = {
    "adduser", "signin_link", "demo", "log", "today", "digest", "import", "export",
    "backup", "restore", "unlock", "worker", "invite", "token",
}


def _migrate_if_needed() -> None:
    import django
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("Updating the database…", file=sys.stderr)
        call_command("migrate", verbosity=0, interactive=False)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backstory.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    if not args:
        args = ["help", "--commands"]
    if args[0] in DATA_COMMANDS and not {"-h", "--help"} & set(args):
        _migrate_if_needed()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["backstory", *args])


if __name__ == "__main__":
    main()
