"""`backstory token create NAME [--workspace SLUG] [--read-only] [--as USERNAME]` prints a
new personal API token once; `backstory token list` and `backstory token revoke ID`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from backstory.api import selectors, services
from backstory.core.errors import DomainError
from backstory.workspaces.management.base import (
    add_actor_argument,
    add_workspace_argument,
    resolve_actor,
    resolve_workspace,
)


class Command(BaseCommand):
    help = "Create, list and revoke personal API tokens (Authorization: Bearer <token>)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="create|list|revoke")
        create = sub.add_parser("create", help="Make a token and print it (shown only once).")
        create.add_argument("name", help="What will use it, e.g. 'Calendar sync'.")
        create.add_argument("--read-only", action="store_true",
                            help="A token that can only read, whatever the member's role.")
        listing = sub.add_parser("list", help="The member's tokens, with when each was used.")
        revoke = sub.add_parser("revoke", help="Stop a token working, by its number.")
        revoke.add_argument("token_id", type=int)
        for each in (create, listing, revoke):
            add_workspace_argument(each)
            add_actor_argument(each, help="Whose token (default: the workspace's first owner).")

    def handle(self, *args, action: str, **options):
        workspace = resolve_workspace(options.get("workspace"))
        user = resolve_actor(workspace, options.get("as_user"))
        if action == "create":
            try:
                token, plain = services.token_create(workspace, user=user,
                                                     name=options["name"],
                                                     read_only=options["read_only"])
            except DomainError as error:
                raise CommandError(error.message) from None
            self.stdout.write(plain)
            reach = "reads only" if token.read_only or not _can_write(workspace, user) else \
                "reads and writes"
            self.stderr.write(
                f"Token “{token.name}” (#{token.pk}) for {user.get_username()} in "
                f"{workspace.name}: {reach}. Copy it now; it is not shown again. "
                "Send it as: Authorization: Bearer <token>")
        elif action == "list":
            for token in selectors.tokens_of(user, workspace):
                used = (f"last used {token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at
                        else "never used")
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else used
                mode = "read-only" if token.read_only else "read-write"
                self.stdout.write(f"#{token.pk}\t{token.name}\tbs_{token.prefix}…\t{mode}\t"
                                  f"{state}")
        else:
            token = selectors.token_get(user, workspace, options["token_id"])
            if token is None:
                raise CommandError(f"{user.get_username()} has no token #{options['token_id']} "
                                   f"in {workspace.name}: see `backstory token list`.")
            services.token_revoke(token, by=user)
            self.stdout.write(f"Revoked “{token.name}”: it no longer works.")


def _can_write(workspace, user) -> bool:
    membership = user.memberships.filter(workspace=workspace).first()
    return membership is not None and membership.can("editor")
