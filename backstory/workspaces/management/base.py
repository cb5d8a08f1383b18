"""Shared parts of the data commands: choosing the workspace."""

from __future__ import annotations

from django.core.management.base import CommandError

from backstory.workspaces.models import Workspace


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
