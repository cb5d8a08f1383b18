"""The inverted index of what people mention (``MatchTerm``): the one place that computes
it, keeps it in step with the people, and reads candidates from it.

A person's terms are the stems (``matching.words``) of their wants, offers, title and tag
names. Matching an opportunity reads the people who mention its words from the index —
at most ``PER_TERM`` newest people per word, the ``CANDIDATES`` who share the most words
— and ranks only those, so its cost does not grow with the size of the network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from backstory.people.models import Person
from backstory.workspaces.models import Workspace

from .matching import terms
from .models import MatchTerm

PER_TERM = 500
CANDIDATES = 300
_MAX = MatchTerm._meta.get_field("term").max_length


def person_terms(*, wants: str, offers: str, title: str, tags: Iterable[str]) -> set[str]:
    text = " ".join([wants or "", offers or "", title or "", *tags])
    return {term[:_MAX] for term in terms(text)}


def match_terms_refresh(workspace: Workspace, person_ids: Iterable[int] | None = None) -> None:
    """Bring the stored terms of these people (or of the whole workspace) in line with
    their profiles: only missing terms are added and stale ones removed."""
    people = Person.objects.filter(workspace=workspace)
    stored = MatchTerm.objects.filter(workspace=workspace)
    if person_ids is not None:
        ids = sorted(set(person_ids))
        if not ids:
            return
        for start in range(0, len(ids), 500):
            _refresh(workspace, people.filter(pk__in=ids[start:start + 500]),
                     stored.filter(person_id__in=ids[start:start + 500]))
        return
    _refresh(workspace, people, stored)


def _refresh(workspace: Workspace, people, stored) -> None:
    tags: dict[int, list[str]] = defaultdict(list)
    for person_id, name in (Person.tags.through.objects
                            .filter(person__in=people.values("pk"))
                            .values_list("person_id", "tag__name").iterator(chunk_size=5000)):
        tags[person_id].append(name)
    wanted: set[tuple[int, str]] = set()
    for person_id, wants, offers, title in (people.order_by().values_list(
            "id", "wants", "offers", "title").iterator(chunk_size=5000)):
        wanted.update((person_id, term) for term in person_terms(
            wants=wants, offers=offers, title=title, tags=tags.get(person_id, ())))
    have = dict(((person_id, term), pk) for pk, person_id, term in stored.order_by()
                .values_list("id", "person_id", "term").iterator(chunk_size=10000))
    stale = [pk for key, pk in have.items() if key not in wanted]
    for start in range(0, len(stale), 500):
        MatchTerm.objects.filter(pk__in=stale[start:start + 500]).delete()
    MatchTerm.objects.bulk_create(
        [MatchTerm(workspace=workspace, person_id=person_id, term=term)
         for person_id, term in sorted(wanted - have.keys())], batch_size=1000)


def candidates(workspace: Workspace, query_terms: Iterable[str], *,
               exclude: Iterable[int] = (), per_term: int = PER_TERM,
               limit: int = CANDIDATES) -> list[int]:
    """Ids of the people (not archived) who mention the most of these words, newest
    first among equals: one query, at most ``per_term`` index entries per word."""
    words = sorted({t[:_MAX] for t in query_terms})[:30]
    if not words:
        return []
    table = connection.ops.quote_name(MatchTerm._meta.db_table)
    person = connection.ops.quote_name(Person._meta.db_table)
    parts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT person_id FROM {table} WHERE workspace_id = %s AND term = %s "
        f"ORDER BY person_id DESC LIMIT {int(per_term)}) AS t{n}" for n in range(len(words)))
    skip = [int(pk) for pk in exclude if pk]
    not_in = f"AND p.id NOT IN ({', '.join(['%s'] * len(skip))}) " if skip else ""
    # The best hits first, then the people (archived ones drop out): twice the rows
    # needed are joined, not every person who mentions a word.
    sql = (f"SELECT hits.person_id FROM (SELECT person_id, COUNT(*) AS n FROM ({parts}) AS u "
           f"GROUP BY person_id ORDER BY n DESC, person_id DESC LIMIT {2 * int(limit)}) AS hits "
           f"JOIN {person} p ON p.id = hits.person_id "
           f"WHERE p.workspace_id = %s AND p.archived_at IS NULL {not_in}"
           f"ORDER BY hits.n DESC, hits.person_id DESC LIMIT {int(limit)}")
    params: list = []
    for word in words:
        params += [workspace.pk, word]
    params += [workspace.pk, *skip]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
