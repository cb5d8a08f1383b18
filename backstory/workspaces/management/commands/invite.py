from django.core.management.base import BaseCommand, CommandError

from backstory.core.errors import DomainError
from backstory.workspaces.management.base import (
    add_actor_argument,
    add_workspace_argument,
    resolve_actor,
    resolve_workspace,
)
from backstory.workspaces.models import Role
from backstory.workspaces.services import invitation_create


class Command(BaseCommand):
    help = ("Invite an e-mail address to a workspace and print the one-time link (for "
            "scripts); the link is e-mailed too unless --no-mail.")

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", choices=Role.values, default=Role.EDITOR,
                            help="The invitee's role (default: editor).")
        add_workspace_argument(parser)
        add_actor_argument(parser, help="The owner who invites (default: the workspace's "
                                        "first owner).")
        parser.add_argument("--no-mail", action="store_true",
                            help="Only print the link; send no e-mail.")

    def handle(self, *args, email: str, role: str, workspace: str | None,
               as_user: str | None, no_mail: bool, **options):
        ws = resolve_workspace(workspace)
        by = resolve_actor(ws, as_user)
        try:
            issued = invitation_create(ws, email=email, role=role, by=by, send=not no_mail)
        except DomainError as error:
            raise CommandError(error.message) from None
        if issued.mail_error:
            self.stderr.write(f"The e-mail could not be sent ({issued.mail_error}); "
                              "send the link yourself.")
        self.stdout.write(issued.link)
