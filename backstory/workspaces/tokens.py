"""One-time link tokens (sign-in links, invitations): only a hash of each is stored, so
that a copy of the database opens nothing."""

from __future__ import annotations

import hashlib
import secrets


def token_new() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
