"""`backstory import FILE`: bring contacts, a calendar or a spreadsheet in.

Shows what would happen (new, updated, duplicates, skipped rows with their line numbers),
asks before writing unless --yes, then writes everything in one transaction with a
progress bar. Exits non-zero when the file cannot be read or the import fails.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from backstory.core.errors import DomainError
from backstory.transfer.formats import FileError, importers
from backstory.transfer.services import import_file
from backstory.workspaces.actors import Actor
from backstory.workspaces.management.base import (
    add_actor_argument,
    add_workspace_argument,
    resolve_actor,
    resolve_workspace,
)

from ._transfer import console_for, summary_table

FORMATS = sorted({i.key for i in importers()} | {"xlsx"})


class Command(BaseCommand):
    help = "Import people (LinkedIn, Google, Outlook, vCard, spreadsheets) or a calendar."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import.")
        parser.add_argument("--format", choices=FORMATS,
                            help="Skip detection (it looks at the content, not the name).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Show what would happen and write nothing.")
        parser.add_argument("--yes", action="store_true", help="Import without asking.")
        add_workspace_argument(parser)
        add_actor_argument(parser)

    def handle(self, *args, file, format, dry_run, yes, workspace, as_user, **options):
        ws = resolve_workspace(workspace)
        by = resolve_actor(ws, as_user)
        console = console_for(self)
        try:
            if dry_run or not yes:
                result = self._run(console, ws, by, file, format, dry_run=True)
                self._report(console, result, "What this import would do")
                if dry_run:
                    console.print("Dry run: nothing was written.")
                    return
                if not self._confirm(console, result):
                    console.print("Nothing was imported.")
                    return
            result = self._run(console, ws, by, file, format, dry_run=False)
        except FileError as error:
            raise CommandError(error.message) from None
        except DomainError as error:
            raise CommandError(error.message) from None
        self._report(console, result, f"Imported {file}")
        console.print(f"Done in {result.seconds:.1f} s. Undo it from Import / export in the "
                      "web app if it was not what you wanted.")

    def _run(self, console, ws, by: Actor, path, format, *, dry_run):
        label = "Reading" if dry_run else "Importing"
        with Progress(TextColumn(f"{label} {{task.description}}"), BarColumn(),
                      MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                      transient=not console.is_terminal) as bar:
            task = bar.add_task(path.rsplit("/", 1)[-1], total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return import_file(ws, by=by, path=path, format=format, dry_run=dry_run,
                               progress=progress)

    def _report(self, console, result, title: str) -> None:
        console.print(summary_table(result.summary(), f"{title} ({result.format})"))
        problems = result.problems
        for plan in problems[:20]:
            console.print(f"  {plan.where}: skipped — {plan.message}")
        if len(problems) > 20:
            console.print(f"  … and {len(problems) - 20} more skipped rows.")

    def _confirm(self, console, result) -> bool:
        if not sys.stdin.isatty():
            raise CommandError("Add --yes to import without being asked (or --dry-run to "
                               "only look).")
        answer = console.input("Import these rows? [y/N] ")
        return answer.strip().lower() in {"y", "yes"}
