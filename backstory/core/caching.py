"""Values read from a workspace's data, kept in the shared cache until its next write.

The key holds the workspace's ``data_version``, which every write bumps in its own
transaction (``core.derived``): a write through any server makes the old entries
unreachable at once, with nothing to delete, and a request reads the version as of its
start, so it never meets a value older than what it can see. The key also holds the
workspace's id and creation time, so that a workspace made again with a reused id (a
restore, a test database rolled back) never finds another's values.

The cache must be shared by every process that serves the workspace (settings.CACHES:
Redis with several servers, a file cache in the data directory on one machine).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
_MISSING = object()
TIMEOUT = 60 * 60


def workspace_key(workspace, name: str) -> str:
    born = int(workspace.created_at.timestamp() * 1_000_000) if workspace.created_at else 0
    return f"ws:{workspace.pk}:{born}:{workspace.data_version}:{name}"


def workspace_cached(workspace, name: str, compute: Callable[[], T], *,
                     timeout: int = TIMEOUT) -> T:
    """``compute()``, or what it returned for this workspace's data as it is now."""
    key = workspace_key(workspace, name)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value
