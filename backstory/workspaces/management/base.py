"""Shared parts of the data commands: choosing the workspace and who does it (``--as``)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandError

from backstory.workspaces.models import Membership, Role, Workspace


def add_workspace_argument(parser) -> None:
    parser.add_argument(
        "--workspace", metavar="SLUG",
        help="Which workspace to use (default: the only one there is).",
    )


def resolve_workspace(slug: str | None) -> Workspace:
    """The workspace named by --workspace, or the only one; a clear error otherwise."""
    if slug:
        found = Workspace.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"There is no workspace '{slug}'. {_choices()}")
        return found
    workspaces = list(Workspace.objects.order_by("slug")[:2])
    if not workspaces:
        raise CommandError(
            "There is no workspace yet. Create one with `backstory adduser NAME` "
            "or start the app with `backstory serve`."
        )
    if len(workspaces) > 1:
        raise CommandError(
            f"There are several workspaces; choose one with --workspace. {_choices()}"
        )
    return workspaces[0]


def _choices() -> str:
    slugs = list(Workspace.objects.order_by("slug").values_list("slug", flat=True)[:50])
    return "Choices: " + ", ".join(slugs) if slugs else "There are no workspaces."


def add_actor_argument(parser, *, help: str = "Who does it, as the history names them "
                       "(default: the workspace's first owner).") -> None:
    """``--as USERNAME``: the one flag every command uses to say who acts."""
    parser.add_argument("--as", dest="as_user", metavar="USERNAME", help=help)


def resolve_actor(workspace: Workspace, username: str | None) -> AbstractBaseUser:
    """The member named by ``--as`` (any case), or the workspace's first owner; a clear
    error — never a silent nobody — when there is no such member or no owner."""
    memberships = Membership.objects.filter(workspace=workspace).select_related("user")
    if username:
        found = memberships.filter(user__username__iexact=username).first()
        if found is None:
            raise CommandError(f"'{username}' is not a member of {workspace.name}. "
                               f"{_members(workspace)}")
        return found.user
    found = memberships.filter(role=Role.OWNER).order_by("id").first()
    if found is None:
        raise CommandError(f"{workspace.name} has no owner; say who acts with --as USERNAME.")
    return found.user


def _members(workspace: Workspace) -> str:
    names = list(Membership.objects.filter(workspace=workspace).order_by("user__username")
                 .values_list("user__username", flat=True)[:50])
    return "Members: " + ", ".join(names) + "." if names else "It has no members."
