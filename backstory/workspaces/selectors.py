"""Reads for workspaces and members."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from .models import Activity, Membership, Workspace


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
