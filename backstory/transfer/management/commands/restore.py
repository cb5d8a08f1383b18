"""`backstory restore FILE`: a backup back into an empty workspace, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backstory.core.errors import DomainError
from backstory.transfer.services.backup import backup_restore, summary_text
from backstory.workspaces.management.base import (
    add_actor_argument,
    add_workspace_argument,
    resolve_actor,
    resolve_workspace,
)


class Command(BaseCommand):
    help = "Restore a backup into an empty workspace (e.g. a new user's)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A file written by `backstory backup`.")
        add_workspace_argument(parser)
        add_actor_argument(parser)

    def handle(self, *args, file, workspace, as_user, **options):
        ws = resolve_workspace(workspace)
        actor = resolve_actor(ws, as_user)
        try:
            # Read as a stream: the size limit is checked while the file is unpacked.
            with open(Path(file), "rb") as handle:
                result = backup_restore(ws, by=actor, data=handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}.") from None
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Restored into {ws.name} ({ws.slug}): "
                          f"{summary_text(result.counts) or 'nothing (the backup was empty)'}.")
        for note in result.notes:
            self.stdout.write(f"  Note: {note}")
