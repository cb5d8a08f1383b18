"""Reads of API tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from backstory.workspaces.models import Membership, Workspace

from .models import ApiToken
from .services import TOKEN_PREFIX, token_hash


def token_authenticate(plain: str) -> tuple[ApiToken, Membership] | None:
    """The active token ``plain`` is, with its user's membership of the token's workspace
    as it is now (a member removed, or a role changed, counts at once); None otherwise."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = (ApiToken.objects.filter(token_hash=token_hash(plain), revoked_at__isnull=True)
             .select_related("user", "workspace").first())
    if token is None or not token.user.is_active:
        return None
    membership = (Membership.objects.filter(workspace_id=token.workspace_id, user_id=token.user_id)
                  .select_related("workspace").first())
    if membership is None:
        return None
    return token, membership


def tokens_of(user, workspace: Workspace) -> QuerySet[ApiToken]:
    """The member's own tokens for this workspace, newest first (revoked ones too)."""
    return ApiToken.objects.filter(user=user, workspace=workspace).order_by("-created_at", "-id")


def token_get(user, workspace: Workspace, token_id: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, workspace=workspace, pk=token_id).first()
