"""The ranking queries of search, in SQL: each with its SQLite (FTS5) and PostgreSQL
(tsvector) variant side by side.

Why not the ORM: FTS5's ``MATCH``, ``rank`` (bm25) and rowid ranges, and PostgreSQL's
``@@`` and ``ts_rank`` over the index tables of this package have no ORM expression, and
the bounded-work plans below (the newest ``CANDIDATES`` matches; on PostgreSQL a window of
the newest documents, or the GIN index for a rare word) depend on the exact shape of the
query (backstory/search/selectors.py explains the bounds).
"""

from __future__ import annotations

from django.db import connection

from backstory.interactions.models import Interaction
from backstory.people.models import Organization, Person
from backstory.workspaces.models import Workspace

from ..query import Query, parse
from .postgres import doc_table
from .sqlite import fts_table, rowid_range

# How many of the newest matching documents of one kind are ranked.
CANDIDATES = 500
# PostgreSQL: how many of the newest documents are read in order before the GIN index is
# asked, and below how many matches among them a word counts as rare (_pg_ranking).
PG_WINDOW = 2_000
PG_FEW = 10
KIND_TABLES = {
    "person": Person._meta.db_table,
    "organization": Organization._meta.db_table,
    "interaction": Interaction._meta.db_table,
}


def ranked_ids(workspace: Workspace, query: Query, kind: str, *, limit: int) -> list[int]:
    """Ids of the best matches of one kind, best first (archived people last)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            first, last = rowid_range(workspace.pk)
            cursor.execute(_sqlite_ranking(kind), {
                "query": query.to_fts5(), "first": first, "last": last,
                "candidates": CANDIDATES, "limit": limit})
        else:
            cursor.execute(_pg_ranking(kind), {
                "query": query.to_tsquery(), "workspace": workspace.pk, "window": PG_WINDOW,
                "candidates": CANDIDATES, "few": PG_FEW, "limit": limit})
        return [row[0] for row in cursor.fetchall()]


def _archived_last(kind: str, id_sql: str) -> str:
    """ORDER BY term that puts archived people last: one lookup by id per candidate."""
    if kind != "person":
        return ""
    return f"(SELECT t.archived_at IS NOT NULL FROM {KIND_TABLES[kind]} t WHERE t.id = {id_sql}), "


def _sqlite_ranking(kind: str) -> str:
    """SQLite: FTS5 reads the workspace's rowid range newest first and stops after
    ``CANDIDATES`` matches; bm25 (``rank``, weighted by column) orders them."""
    fts = fts_table(kind)
    return f"""
        SELECT h.rowid - %(first)s FROM (
            SELECT rowid, rank FROM {fts}
            WHERE {fts} MATCH %(query)s AND rowid BETWEEN %(first)s AND %(last)s
            ORDER BY rowid DESC LIMIT %(candidates)s) h
        ORDER BY {_archived_last(kind, "h.rowid - %(first)s")}h.rank, h.rowid DESC
        LIMIT %(limit)s"""


def _pg_ranking(kind: str) -> str:
    """PostgreSQL: the matches among the workspace's ``PG_WINDOW`` newest documents, read
    in id order (cheap whatever the word: a common one fills the candidates early); when
    they hold fewer than ``PG_FEW`` matches the word is rare, and the GIN index finds all
    its matches instead (cheap for a rare word; ``id + 0`` keeps PostgreSQL from walking
    the whole table in id order, which it may think cheaper)."""
    doc = doc_table(kind)
    # The query is repeated rather than shared in a CTE: the planner uses the GIN index
    # for a constant tsquery only.
    q = "to_tsquery('simple', %(query)s)"
    return f"""
        WITH recent AS (
            SELECT d.id, d.document FROM (
                SELECT id, document FROM {doc} WHERE workspace_id = %(workspace)s
                ORDER BY id DESC LIMIT %(window)s) d
            WHERE d.document @@ {q} ORDER BY d.id DESC LIMIT %(candidates)s),
        everywhere AS (
            SELECT d.id, d.document FROM {doc} d
            WHERE d.workspace_id = %(workspace)s AND d.document @@ {q}
            ORDER BY d.id + 0 DESC
            -- LIMIT 0 runs nothing below it (not even the workers of a parallel plan).
            LIMIT CASE WHEN (SELECT count(*) FROM recent) < %(few)s
                       THEN %(candidates)s ELSE 0 END)
        SELECT h.id FROM (
            SELECT * FROM recent WHERE (SELECT count(*) FROM recent) >= %(few)s
            UNION ALL SELECT * FROM everywhere) h
        ORDER BY {_archived_last(kind, "h.id")}ts_rank(h.document, {q}, 1) DESC, h.id DESC
        LIMIT %(limit)s"""


def person_filter_sql(workspace: Workspace, text: str) -> tuple[str, list] | None:
    """SQL for the ids of every person of ``workspace`` whose document matches ``text``
    (``pk IN (...)`` for the people list: all matches, unranked — the list sorts and pages
    them), or None when ``text`` holds no word to look for."""
    query = parse(text)
    if not query:
        return None
    if connection.vendor == "sqlite":
        first, last = rowid_range(workspace.pk)
        fts = fts_table("person")
        return (f"SELECT rowid - %s FROM {fts} WHERE {fts} MATCH %s "
                "AND rowid BETWEEN %s AND %s", [first, query.to_fts5(), first, last])
    return (f"SELECT id FROM {doc_table('person')} WHERE workspace_id = %s "
            "AND document @@ to_tsquery('simple', %s)", [workspace.pk, query.to_tsquery()])
