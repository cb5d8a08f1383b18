"""`backstory backup -o FILE`: everything of a workspace in one checksummed file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from backstory.transfer.services.backup import backup_to_path, summary_text
from backstory.workspaces.management.base import add_workspace_argument, resolve_workspace


class Command(BaseCommand):
    help = "Write a full backup of a workspace (restore it with `backstory restore`)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="The backup file to write.")
        add_workspace_argument(parser)

    def handle(self, *args, output, workspace, **options):
        ws = resolve_workspace(workspace)
        try:
            counts = backup_to_path(ws, output)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}.") from None
        self.stdout.write(f"Backed up {ws.name} to {output}: "
                          f"{summary_text(counts) or 'an empty workspace'}.")
