"""Who is calling, in which workspace, and what their role lets them do.

Two ways in, tried in this order: a personal API token (``Authorization: Bearer bs_…``,
scoped to the one workspace it was made for) and the web's own signed-in session (the
current workspace, with Django's CSRF check on every unsafe method). Either way the
request then carries what the web's pages have: ``request.user``, ``request.workspace``,
``request.membership`` (and ``request.api_token`` for a token), and the workspace's time
zone is active.

What a caller may do is the member's role, read at every request (a removed member's
token stops at once): reading needs any role; a request that changes something (POST,
PUT, PATCH, DELETE) needs an editor, and a read-only token never writes. An operation
that needs more passes ``auth=api_auth(role=Role.OWNER)``; one that changes only the
caller's own account passes ``auth=api_auth(own_account=True)``.
"""

from __future__ import annotations

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from backstory.workspaces.clock import workspace_tz
from backstory.workspaces.models import Role

from .errors import ApiError
from .selectors import token_authenticate
from .services import token_mark_used

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_RANKS = [Role.VIEWER, Role.EDITOR, Role.OWNER]


def _needed(method: str, role: str | None, own_account: bool) -> str:
    needed = role or Role.VIEWER
    if method not in SAFE_METHODS and not own_account:
        needed = max(needed, Role.EDITOR, key=_RANKS.index)
    return needed


def _enter(request, membership, token, *, role: str | None, own_account: bool) -> None:
    """Check the caller's role for this request, then give the request its workspace."""
    needed = _needed(request.method, role, own_account)
    if token is not None and token.read_only and request.method not in SAFE_METHODS:
        raise ApiError(403, f"The token “{token.name}” is read-only: it cannot change the "
                            "workspace. Make a token without --read-only to write.")
    if not membership.can(needed):
        have = membership.get_role_display().lower()
        if needed == Role.OWNER:
            text = "Only an owner of the workspace can do this"
        else:
            text = "This changes the workspace"
        raise ApiError(403, f"{text}, and your role here is {have}. Ask an owner of the "
                            "workspace to change your role.")
    request.membership = membership
    request.workspace = membership.workspace
    request.api_token = token
    timezone.activate(workspace_tz(membership.workspace))


class BearerToken(HttpBearer):
    """A personal API token (see ``backstory token create`` and Settings → API tokens)."""

    def __init__(self, *, role: str | None = None, own_account: bool = False):
        self.role, self.own_account = role, own_account
        super().__init__()

    def authenticate(self, request, token: str):
        found = token_authenticate(token.strip())
        if found is None:
            # Said at once, not left to the session: a script with a revoked token must
            # learn it even where a browser of the same member is signed in.
            raise ApiError(401, "This token does not work: it was revoked, its member left "
                                "the workspace, or it is not a Backstory token. Make a new "
                                "one in Settings → API tokens.",
                           headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        api_token, membership = found
        _enter(request, membership, api_token, role=self.role, own_account=self.own_account)
        request.user = api_token.user
        token_mark_used(api_token)
        return api_token


class WebSession(SessionAuth):
    """The web's own signed-in session, in its current workspace (CSRF-checked)."""

    def __init__(self, *, role: str | None = None, own_account: bool = False):
        self.role, self.own_account = role, own_account
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        membership = getattr(request, "membership", None)
        if not request.user.is_authenticated or membership is None:
            return None
        _enter(request, membership, None, role=self.role, own_account=self.own_account)
        return request.user


def api_auth(*, role: str | None = None, own_account: bool = False) -> list:
    """The ways in for an operation: the default for every operation is ``api_auth()``."""
    return [BearerToken(role=role, own_account=own_account),
            WebSession(role=role, own_account=own_account)]


def caller_key(request) -> str:
    """Who sent the request, for what is kept per caller (idempotency, rate limits)."""
    token = getattr(request, "api_token", None)
    return f"t{token.pk}" if token is not None else f"u{request.user.pk}"
