"""A network of any size, built with bulk_create (fast enough for 5,000 people)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from backstory.interactions.models import ActionItem, Interaction, Participation
from backstory.people.models import Organization, Person, Team

CIRCLES = ["internal", "internal", "media", "customer", "industry", "mentor", "other"]
KINDS = ["coffee", "email", "one_on_one", "video", "message", "meal", "phone", "cafeteria"]
TEAMS = ["Sales", "Engineering", "HR", "Finance", "Product Marketing", "Legal",
         "Customer Success"]


def build_network(workspace, n_people: int, *, now: datetime | None = None, seed: int = 7,
                  touches_per_person: int = 2) -> list[Person]:
    rng = random.Random(seed)
    now = now or timezone.now()
    own = Organization.objects.create(workspace=workspace, name="Acme", is_own=True)
    other = Organization.objects.create(workspace=workspace, name="Globex")
    teams = [Team.objects.create(workspace=workspace, organization=own, name=name)
             for name in TEAMS]
    people = []
    for i in range(n_people):
        circle = CIRCLES[i % len(CIRCLES)]
        internal = circle == "internal"
        people.append(Person(
            workspace=workspace, name=f"Person {i:05d} {rng.choice('ABCDEFGH')}",
            circle=circle, organization=own if internal else other,
            team=teams[i % len(teams)] if internal else None,
        ))
    people = Person.objects.bulk_create(people, batch_size=1000)
    interactions, participations = [], []
    last: dict[int, datetime] = {}
    # Every 9th person is never contacted; the others had touches over the past year.
    touched = [p for i, p in enumerate(people) if i % 9 != 4]
    for person in touched:
        for _ in range(touches_per_person):
            when = now - timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 23))
            interactions.append((person, Interaction(
                workspace=workspace, kind=rng.choice(KINDS), occurred_at=when)))
    created = Interaction.objects.bulk_create([i for _, i in interactions], batch_size=1000)
    for (person, _), interaction in zip(interactions, created, strict=True):
        participations.append(Participation(workspace=workspace, interaction=interaction,
                                            person=person, occurred_at=interaction.occurred_at))
        if interaction.occurred_at > last.get(person.pk, now - timedelta(days=10_000)):
            last[person.pk] = interaction.occurred_at
    Participation.objects.bulk_create(participations, batch_size=1000)
    for person in touched:
        person.last_touch_at = last[person.pk]
    Person.objects.bulk_update(touched, ["last_touch_at"], batch_size=1000)
    today = timezone.localdate(now)
    ActionItem.objects.bulk_create([
        ActionItem(workspace=workspace, text=f"Send the brief to {p.name}", person=p,
                   due_on=today - timedelta(days=rng.randint(-10, 10)))
        for p in people[: max(n_people // 10, 5)]
    ], batch_size=1000)
    return people
