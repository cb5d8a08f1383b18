"""Writes to the search index. Triggers keep it right after every write (see schema/);
these are for repairs, for writers that want to be sure, and for tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from backstory.workspaces.models import Workspace

from . import schema


def search_index_rebuild(workspace: Workspace | None = None) -> None:
    """Index the records again from scratch: on PostgreSQL those of ``workspace`` (or of
    every workspace), on SQLite always every workspace (FTS5 rebuilds whole tables)."""
    with transaction.atomic():
        schema.rebuild(connection, workspace.pk if workspace is not None else None)


def search_index_problems() -> list[str]:
    """What differs between the index and the records; empty when the index is right."""
    return schema.check(connection)


@contextmanager
def search_index_deferred() -> Iterator[None]:
    """For a very large bulk write (e.g. a benchmark building 500,000 interactions): the
    triggers step aside and the index is rebuilt once at the end, which is several times
    faster than indexing row by row. Writes of other connections meanwhile are caught by
    the rebuild too. Not needed for correctness: without it, the triggers index as usual."""
    schema.uninstall(connection)
    try:
        yield
    finally:
        schema.install(connection, rebuild=True)
