"""Every write of API tokens: create (the token is returned once), revoke, mark used."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from backstory.core.errors import DomainError
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Membership, Workspace
from backstory.workspaces.services import activity_record

from .models import ApiToken

TOKEN_PREFIX = "bs_"
# last_used_at is written at most this often per token: reading the API stays a read.
LAST_USED_EVERY = timedelta(minutes=1)


def token_hash(token: str) -> str:
    """The stored form of a token. A token is 256 random bits, so a plain SHA-256 is
    enough: nobody can guess one from its hash."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(workspace: Workspace, *, user, name: str,
                 read_only: bool = False) -> tuple[ApiToken, str]:
    """A new personal token of ``user`` for ``workspace``; returns it with the token
    itself, which is not stored and cannot be shown again."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Give the token a name, e.g. what will use it.",
                          field_errors={"name": ["Required."]})
    if len(name) > 80:
        raise DomainError("Keep the name under 80 characters.",
                          field_errors={"name": ["Too long (80 characters at most)."]})
    if not Membership.objects.filter(workspace=workspace, user=user).exists():
        raise DomainError(f"{user.get_username()} is not a member of {workspace.name}.",
                          field_errors={"workspace": ["Not a member."]})
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(workspace=workspace, user=user, name=name,
                                    token_hash=token_hash(plain),
                                    prefix=plain[len(TOKEN_PREFIX):][:8], read_only=read_only)
    activity_record(workspace, by=user, action="api_token.created", obj=token,
                    data={"name": name, "read_only": read_only})
    return token, plain


@transaction.atomic
def token_revoke(token: ApiToken, *, by: Actor) -> ApiToken:
    """Revoke a token: it stops working at once. Only its own user revokes it."""
    if by is None or token.user_id != by.pk:
        raise DomainError("Only the member who made a token can revoke it.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        activity_record(token.workspace, by=by, action="api_token.revoked", obj=token,
                        data={"name": token.name})
    return token


def token_mark_used(token: ApiToken) -> None:
    """Note that ``token`` was used now (at most once a minute, one UPDATE)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
