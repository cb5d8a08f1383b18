"""The words people are matched on: the ``match`` vocabulary of the person-word index
(``people.PersonWord``) — the one place that defines it and reads candidates from it.

A person's terms are the stems (``matching.words``) of their wants, offers, title and tag
names. ``match_words`` is the vocabulary's word maker, registered with ``people.words``
(the one writer of the index) from this app's ``AppConfig.ready``. Matching an
opportunity reads the people who mention its words from the index — at most
``PER_TERM`` newest people per word, the ``CANDIDATES`` who share the most words — and
ranks only those, so its cost does not grow with the size of the network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from backstory.people.models import Person, PersonWord
from backstory.people.words import WORD_MAX
from backstory.workspaces.models import Workspace

from .matching import terms

PER_TERM = 500
CANDIDATES = 300
_MAX = WORD_MAX
MATCH = PersonWord.Vocabulary.MATCH.value


def person_terms(*, wants: str, offers: str, title: str, tags: Iterable[str]) -> set[str]:
    text = " ".join([wants or "", offers or "", title or "", *tags])
    return {term[:_MAX] for term in terms(text)}


def match_words(people) -> Iterable[tuple[int, str]]:
    """The word maker of the ``match`` vocabulary (people.words)."""
    tags: dict[int, list[str]] = defaultdict(list)
    for person_id, name in (Person.tags.through.objects
                            .filter(person__in=people.values("pk"))
                            .values_list("person_id", "tag__name").iterator(chunk_size=5000)):
        tags[person_id].append(name)
    for person_id, wants, offers, title in (people.order_by().values_list(
            "id", "wants", "offers", "title").iterator(chunk_size=5000)):
        for term in person_terms(wants=wants, offers=offers, title=title,
                                 tags=tags.get(person_id, ())):
            yield person_id, term


def candidates(workspace: Workspace, query_terms: Iterable[str], *,
               exclude: Iterable[int] = (), per_term: int = PER_TERM,
               limit: int = CANDIDATES) -> list[int]:
    """Ids of the people (not archived) who mention the most of these words, newest
    first among equals: one query, at most ``per_term`` index entries per word."""
    words = sorted({t[:_MAX] for t in query_terms})[:30]
    if not words:
        return []
    table = connection.ops.quote_name(PersonWord._meta.db_table)
    person = connection.ops.quote_name(Person._meta.db_table)
    parts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT person_id FROM {table} WHERE workspace_id = %s "
        f"AND vocabulary = %s AND word = %s "
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
        params += [workspace.pk, MATCH, word]
    params += [workspace.pk, *skip]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
