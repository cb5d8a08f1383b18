"""Writes for many people at once: the bulk actions of the people list.

Kept beside services.py (not in it) so that this file can grow without making that one
a package; the same rules apply: workspace first, one transaction, audit entries.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.workspaces.actors import Actor, recorded_actor
from backstory.workspaces.models import Activity, Workspace
from backstory.workspaces.services import activity_record_many

from .models import Circle, Person
from .services import tags_resolve

MAX_PEOPLE = 1000


def _people(workspace: Workspace, ids: Sequence[int]) -> list[Person]:
    ids = sorted({int(i) for i in ids})
    if not ids:
        raise DomainError("Select at least one person first.")
    if len(ids) > MAX_PEOPLE:
        raise DomainError(f"Select at most {MAX_PEOPLE} people at a time.")
    people = list(Person.objects.filter(workspace=workspace, pk__in=ids))
    if len(people) != len(ids):
        raise DomainError("Some of the selected people are not in this workspace.")
    return people




@transaction.atomic
def people_bulk_tag(workspace: Workspace, *, by: Actor, person_ids: Sequence[int],
                    tags: Sequence[str]) -> int:
    people = _people(workspace, person_ids)
    resolved = tags_resolve(workspace, tags)
    if not resolved:
        raise DomainError("Type the tag to add.", field_errors={"tag": ["Required."]})
    through = Person.tags.through
    have = set(through.objects.filter(person_id__in=[p.pk for p in people],
                                      tag__in=resolved).values_list("person_id", "tag_id"))
    links = [through(person_id=p.pk, tag_id=t.pk) for p in people for t in resolved
             if (p.pk, t.pk) not in have]
    through.objects.bulk_create(links)
    names = [t.name for t in resolved]
    changed = {link.person_id for link in links}
    derived_refresh(workspace, people=changed)
    activity_record_many(workspace, [
        Activity(actor=recorded_actor(by), action="person.tagged", person_id=p.pk,
                 object_type="person", object_id=p.pk, data={"tags": names})
        for p in people if p.pk in changed])
    return len(changed)


@transaction.atomic
def people_bulk_set_circle(workspace: Workspace, *, by: Actor, person_ids: Sequence[int],
                           circle: str) -> int:
    if circle not in Circle.values:
        raise DomainError(f"'{circle}' is not a circle.", field_errors={"circle": ["Choose one."]})
    people = [p for p in _people(workspace, person_ids) if p.circle != circle]
    for person in people:
        person.circle = circle
        person.updated_at = timezone.now()
    Person.objects.bulk_update(people, ["circle", "updated_at"])
    derived_refresh(workspace, people=people)
    activity_record_many(workspace, [
        Activity(actor=recorded_actor(by), action="person.updated", person_id=p.pk,
                 object_type="person", object_id=p.pk, data={"fields": ["circle"]})
        for p in people])
    return len(people)


@transaction.atomic
def people_bulk_archive(workspace: Workspace, *, by: Actor, person_ids: Sequence[int]) -> int:
    now = timezone.now()
    people = [p for p in _people(workspace, person_ids) if p.archived_at is None]
    for person in people:
        person.archived_at = now
        person.updated_at = now
    Person.objects.bulk_update(people, ["archived_at", "updated_at"])
    derived_refresh(workspace, people=people)
    activity_record_many(workspace, [
        Activity(actor=recorded_actor(by), action="person.archived", person_id=p.pk,
                 object_type="person", object_id=p.pk) for p in people])
    return len(people)
