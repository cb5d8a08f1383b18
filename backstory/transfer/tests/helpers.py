"""Small readers for the tests: what a workspace holds after an import."""

from __future__ import annotations

from backstory.people.models import Person


def people(workspace) -> dict[str, Person]:
    return {p.name: p for p in Person.objects.filter(workspace=workspace)
            .select_related("organization", "team").prefetch_related("contact_points", "tags")}


def contacts(person: Person, kind: str) -> list[str]:
    return [c.value for c in person.contact_points.all() if c.kind == kind]


def normalized(person: Person, kind: str) -> list[str]:
    return [c.normalized for c in person.contact_points.all() if c.kind == kind]


def tags(person: Person) -> set[str]:
    return {t.name for t in person.tags.all()}
