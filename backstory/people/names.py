"""What is stored about a person's name so that it can be found without reading every name:
``Person.name_key`` / ``Person.name_block`` (duplicates) and the ``name`` words of the
person-word index (pickers, the quick-log). ``normalize`` defines them; ``names_refresh``
writes the keys and ``name_words`` is the word maker of the ``name`` vocabulary (the
index itself is written by ``people.words``, the one writer of both vocabularies); both
write only what differs.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from backstory.core import bulk
from backstory.workspaces.models import Workspace

from . import normalize
from .models import Person, PersonWord
from .words import WORD_MAX

_MAX = WORD_MAX
_CHUNK = 500
NAME = PersonWord.Vocabulary.NAME.value


def name_tokens(name: str) -> set[str]:
    return {token[:_MAX] for token in normalize.name_tokens(name) if token}


def name_words(people) -> Iterable[tuple[int, str]]:
    """The word maker of the ``name`` vocabulary (people.words)."""
    for person_id, name in people.order_by().values_list("id", "name").iterator(
            chunk_size=5000):
        for token in name_tokens(name):
            yield person_id, token


def names_refresh(workspace: Workspace, person_ids: Iterable[int] | None = None) -> None:
    """Bring the stored name keys of these people (or of the whole workspace) in line
    with their names."""
    people = Person.objects.filter(workspace=workspace)
    if person_ids is None:
        _refresh(people)
        return
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), _CHUNK):
        _refresh(people.filter(pk__in=ids[start:start + _CHUNK]))


def _refresh(people) -> None:
    changed = []
    rows = people.order_by().values_list("id", "name", "name_key", "name_block")
    for person_id, name, key, block in rows.iterator(chunk_size=5000):
        keys = normalize.stored_name_keys(name)
        if keys != (key, block):
            changed.append((person_id, {"name_key": keys[0], "name_block": keys[1]}))
    # One prepared UPDATE run for every changed row (bulk_update's CASE per batch costs
    # seconds for a few thousand renamed people).
    bulk.update(Person, changed)


def name_candidates(workspace: Workspace, words: Iterable[str], *, per_word: int = 300,
                    limit: int = 200) -> list[tuple[int, int]]:
    """(id, words found) of the people (not archived) with the most of these words in
    their name, best first (what a quick-log name can mean): one query over the name
    words of the person-word index, at most ``per_word`` entries per word, newest people
    first."""
    exact = sorted({w[:_MAX] for w in words if w})[:12]
    if not exact:
        return []
    table = connection.ops.quote_name(PersonWord._meta.db_table)
    person = connection.ops.quote_name(Person._meta.db_table)
    parts, params = [], []
    for word in exact:
        parts.append(f"SELECT person_id FROM {table} WHERE workspace_id = %s "
                     f"AND vocabulary = %s AND word = %s "
                     f"ORDER BY person_id DESC LIMIT {int(per_word)}")
        params += [workspace.pk, NAME, word]
    union = " UNION ALL ".join(f"SELECT * FROM ({part}) AS t{n}" for n, part in enumerate(parts))
    sql = (f"SELECT hits.person_id, hits.n FROM (SELECT person_id, COUNT(*) AS n "
           f"FROM ({union}) AS u GROUP BY person_id ORDER BY n DESC, person_id DESC "
           f"LIMIT {2 * int(limit)}) AS hits "
           f"JOIN {person} p ON p.id = hits.person_id WHERE p.workspace_id = %s "
           f"AND p.archived_at IS NULL ORDER BY hits.n DESC, hits.person_id DESC "
           f"LIMIT {int(limit)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, workspace.pk])
        return [(pk, n) for pk, n in cursor.fetchall()]


def name_prefix_matches(workspace: Workspace, words: Iterable[str], prefix: str, *,
                        limit: int = 60) -> list[int]:
    """Ids of people (not archived) with every one of ``words`` in their name and a word
    that begins with ``prefix`` (what a picker shows while someone types "dana re"): one
    query over the name words of the person-word index, read from the rarest-looking word
    (the longest), or from the prefix's words in alphabetical order when it is the only
    one."""
    words = sorted({w[:_MAX] for w in words if w}, key=lambda w: (-len(w), w))[:6]
    prefix = prefix[:_MAX]
    if not prefix:
        return []
    table = connection.ops.quote_name(PersonWord._meta.db_table)
    person = connection.ops.quote_name(Person._meta.db_table)
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    has_prefix = (f"EXISTS (SELECT 1 FROM {table} x WHERE x.person_id = t.person_id "
                  "AND x.vocabulary = %s AND x.word >= %s AND x.word < %s)")
    has_word = (f"EXISTS (SELECT 1 FROM {table} x WHERE x.person_id = t.person_id "
                "AND x.vocabulary = %s AND x.word = %s)")
    if words:
        lead, rest = words[0], words[1:]
        where = ["t.word = %s", has_prefix, *[has_word] * len(rest)]
        params = [lead, NAME, prefix, upper, *[v for w in rest for v in (NAME, w)]]
        order = "t.person_id"
    else:
        where, params = ["t.word >= %s", "t.word < %s"], [prefix, upper]
        order = "t.word, t.person_id"
    sql = (f"SELECT t.person_id FROM {table} t JOIN {person} p ON p.id = t.person_id "
           f"WHERE t.workspace_id = %s AND t.vocabulary = %s AND {' AND '.join(where)} "
           f"AND p.archived_at IS NULL ORDER BY {order} LIMIT {int(limit)}")
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace.pk, NAME, *params])
        return list(dict.fromkeys(row[0] for row in cursor.fetchall()))
