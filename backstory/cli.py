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


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backstory.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    if not args:
        args = ["help", "--commands"]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["backstory", *args])


if __name__ == "__main__":
    main()
