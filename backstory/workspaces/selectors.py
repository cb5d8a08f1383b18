"""Reads for workspaces and members."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from . import leaving
from .models import Activity, Invitation, Membership, Workspace
from .tokens import token_hash


def workspaces_for_user(user: AbstractBaseUser) -> QuerySet[Workspace]:
    return Workspace.objects.filter(memberships__user=user).order_by("name")


def membership_for(user: AbstractBaseUser, workspace_id: int | None) -> Membership | None:
    """The user's membership of that workspace, or of their first workspace."""
    memberships = Membership.objects.select_related("workspace").filter(user=user)
    if workspace_id is not None:
        found = memberships.filter(workspace_id=workspace_id).first()
        if found is not None:
            return found
    return memberships.order_by("workspace__name", "workspace_id").first()


def members_of(workspace: Workspace) -> QuerySet[Membership]:
    return Membership.objects.filter(workspace=workspace).select_related("user").order_by(
        "user__username"
    )


def member_get(workspace: Workspace, membership_id: int) -> Membership | None:
    return members_of(workspace).filter(pk=membership_id).first()


def member_users(workspace: Workspace) -> list:
    """The workspace's members as users, by name (the choices of a relationship owner)."""
    return [m.user for m in members_of(workspace)]


def member_holdings(workspace: Workspace, user: AbstractBaseUser) -> list[str]:
    """What a member holds that someone else takes over when they leave, in words."""
    return leaving.holdings_of(workspace, user)


def invitations_pending(workspace: Workspace) -> QuerySet[Invitation]:
    """Invitations not accepted, withdrawn or expired, newest first."""
    return (Invitation.objects.filter(workspace=workspace, accepted_at__isnull=True,
                                      revoked_at__isnull=True, expires_at__gt=timezone.now())
            .select_related("invited_by").order_by("-created_at", "-id"))


def invitation_get(workspace: Workspace, invitation_id: int) -> Invitation | None:
    return Invitation.objects.filter(workspace=workspace, pk=invitation_id).first()


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation a link names (whatever its state), or None."""
    return (Invitation.objects.select_related("workspace", "invited_by")
            .filter(token_hash=token_hash(token)).first())


def activity_for_person(workspace: Workspace, person_id: int, limit: int = 50) -> list[Activity]:
    return list(
        Activity.objects.filter(workspace=workspace, person_id=person_id)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def recent_activity(workspace: Workspace, limit: int = 30) -> list[Activity]:
    return list(
        Activity.objects.filter(workspace=workspace)
        .select_related("actor", "person")
        .order_by("-created_at", "-id")[:limit]
    )
