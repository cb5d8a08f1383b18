"""`backstory backup -o FILE`: everything of a workspace in one checksummed file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from backstory.transfer.services.backup import backup_to_path, summary_text
from backstory.workspaces.management.base import (
    add_actor_argument,
    add_workspace_argument,
    resolve_actor,
    resolve_workspace,
)
from backstory.workspaces.models import Membership, Role


class Command(BaseCommand):
    help = "Write a full backup of a workspace (restore it with `backstory restore`)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="The backup file to write.")
        add_workspace_argument(parser)
        add_actor_argument(parser, help="A member's own backup: the other members' private "
                           "notes are left out (an owner's, and without --as, the full one).")

    def handle(self, *args, output, workspace, as_user=None, **options):
        ws = resolve_workspace(workspace)
        member = resolve_actor(ws, as_user) if as_user else None
        if member is not None and Membership.objects.filter(
                workspace=ws, user=member, role=Role.OWNER).exists():
            member = None  # the owner's backup is the full one
        try:
            counts = backup_to_path(ws, output, viewer=member)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}.") from None
        self.stdout.write(f"Backed up {ws.name} to {output}: "
                          f"{summary_text(counts) or 'an empty workspace'}.")
