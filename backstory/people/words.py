"""The person-word index (``PersonWord``): the one writer of both its vocabularies, in bulk.

Each vocabulary has one word maker, registered by the app that defines its words
(``people.names`` the words of a name, ``intros.terms`` the words opportunities are
matched against — intros sits above people, so it plugs its maker in from its
``AppConfig.ready`` instead of people importing it). ``words_refresh`` is the
refresher of the write pipeline (core.derived): for a set of people (or a whole
workspace) it asks every maker for the words those people should have, reads the words
they have in one query per chunk, and writes only the difference (one DELETE per chunk
of stale rows, one bulk INSERT of the missing ones).

A maker is ``maker(people) -> iterable of (person_id, word)`` for a queryset of people
of one workspace; words longer than the column are cut to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured

from backstory.core import bulk
from backstory.workspaces.models import Workspace

from .models import Person, PersonWord

WORD_MAX = PersonWord._meta.get_field("word").max_length
CHUNK = 2000  # people per round trip (ids in an IN list stay well under SQLite's limit)

Maker = Callable[[object], Iterable[tuple[int, str]]]
_MAKERS: dict[str, Maker] = {}


def vocabulary_register(vocabulary: str, maker: Maker) -> None:
    if vocabulary not in PersonWord.Vocabulary.values:
        raise ImproperlyConfigured(f"{vocabulary!r} is not a vocabulary of PersonWord")
    _MAKERS[vocabulary] = maker


def _makers() -> list[tuple[str, Maker]]:
    missing = [v for v in PersonWord.Vocabulary.values if v not in _MAKERS]
    if missing:
        raise ImproperlyConfigured(f"No word maker registered for {', '.join(missing)}")
    return [(v, _MAKERS[v]) for v in PersonWord.Vocabulary.values]


def words_wanted(people) -> set[tuple[int, str, str]]:
    """(person id, vocabulary, word) that these people should have in the index: the
    fresh computation the stored copy is compared with."""
    wanted: set[tuple[int, str, str]] = set()
    for vocabulary, maker in _makers():
        wanted.update((person_id, vocabulary, word[:WORD_MAX])
                      for person_id, word in maker(people) if word)
    return wanted


def words_refresh(workspace: Workspace, person_ids: Iterable[int] | None = None) -> None:
    """Bring the stored words of these people (or of the whole workspace), in every
    vocabulary, in line with their records."""
    people = Person.objects.filter(workspace=workspace)
    stored = PersonWord.objects.filter(workspace=workspace)
    if person_ids is None:
        _refresh(workspace, people, stored)
        return
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        _refresh(workspace, people.filter(pk__in=chunk), stored.filter(person_id__in=chunk))


def _refresh(workspace: Workspace, people, stored) -> None:
    wanted = words_wanted(people)
    have = {(person_id, vocabulary, word): pk for pk, person_id, vocabulary, word in
            stored.order_by().values_list("id", "person_id", "vocabulary", "word")
            .iterator(chunk_size=10000)}
    stale = [pk for key, pk in have.items() if key not in wanted]
    for start in range(0, len(stale), 500):
        PersonWord.objects.filter(pk__in=stale[start:start + 500]).delete()
    bulk.insert(PersonWord, [
        {"workspace_id": workspace.pk, "person_id": person_id, "vocabulary": vocabulary,
         "word": word} for person_id, vocabulary, word in sorted(wanted - have.keys())])
