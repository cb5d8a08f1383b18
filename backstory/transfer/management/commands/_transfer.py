"""Shared parts of the transfer commands: the actor, rich output, the summary table."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from rich.console import Console
from rich.table import Table

from backstory.core.words import plural_noun
from backstory.workspaces.models import Membership, Role, Workspace

ACTION_LABELS = [("create", "new"), ("update", "updated"), ("merge", "merged"),
                 ("duplicate", "dupe?"), ("unchanged", "same"), ("skip", "skipped")]
TYPE_LABELS = {"person": "People", "interaction": "Interactions", "action": "Actions",
               "organization": "Orgs", "team": "Teams", "other": "Unusable"}


def add_actor_argument(parser) -> None:
    parser.add_argument("--as", dest="as_user", metavar="USERNAME",
                        help="Whom the history names as doing it (default: the workspace owner).")


def resolve_actor(workspace: Workspace, username: str | None):
    if username:
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not Membership.objects.filter(workspace=workspace,
                                                         user=user).exists():
            raise CommandError(f"'{username}' is not a member of {workspace.name}.")
        return user
    membership = Membership.objects.filter(workspace=workspace, role=Role.OWNER).select_related(
        "user").order_by("id").first()
    return membership.user if membership else None


def console_for(command) -> Console:
    return Console(file=command.stdout, highlight=False, soft_wrap=True,
                   force_terminal=getattr(command.stdout, "isatty", lambda: False)())


def summary_table(counts: dict[str, dict[str, int]], title: str) -> Table:
    table = Table(title=title, title_justify="left",
                  caption="merged: same person as an earlier row · dupe?: possible duplicate, "
                          "added as new · same: already up to date", caption_justify="left")
    table.add_column("Records")
    for _action, label in ACTION_LABELS:
        table.add_column(label, justify="right")
    for kind, counter in counts.items():
        table.add_row(TYPE_LABELS.get(kind) or plural_noun(kind),
                      *[str(counter.get(action, 0) or "") for action, _ in ACTION_LABELS])
    return table
