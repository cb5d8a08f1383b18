"""A network of any size, built with bulk inserts (50,000 people with 10 touches each in
about a minute on SQLite), then the stored follow-up values are computed once."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

from backstory.core.bulk import big_batches
from backstory.core.derived import derived_rebuild
from backstory.interactions.models import ActionItem, Interaction, Participation
from backstory.people.models import Organization, Person, Team

CIRCLES = ["internal", "internal", "media", "customer", "industry", "mentor", "other"]
KINDS = ["coffee", "email", "one_on_one", "video", "message", "meal", "phone", "cafeteria"]
TEAMS = ["Sales", "Engineering", "HR", "Finance", "Product Marketing", "Legal",
         "Customer Success"]


def build_network(workspace, n_people: int, *, now: datetime | None = None, seed: int = 7,
                  touches_per_person: int = 2) -> list[Person]:
    with big_batches():
        return _build(workspace, n_people, now=now, seed=seed,
                      touches_per_person=touches_per_person)


def _build(workspace, n_people: int, *, now: datetime | None, seed: int,
           touches_per_person: int) -> list[Person]:
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
    people = Person.objects.bulk_create(people, batch_size=2000)
    # Every 9th person is never contacted; the others had touches over the past year.
    touched = [p for i, p in enumerate(people) if i % 9 != 4]
    touches = []
    for person in touched:
        for _ in range(touches_per_person):
            when = now - timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 23))
            touches.append((person.pk, rng.choice(KINDS), when))
    _insert_touches(workspace, touches, now)
    # Bulk inserts bypass the services: compute the stored derived values once.
    derived_rebuild(workspace)
    today = timezone.localdate(now)
    ActionItem.objects.bulk_create([
        ActionItem(workspace=workspace, text=f"Send the brief to {p.name}", person=p,
                   due_on=today - timedelta(days=rng.randint(-10, 10)))
        for p in people[: max(n_people // 10, 5)]
    ], batch_size=5000)
    return people


def _insert_touches(workspace, touches: list[tuple[int, str, datetime]], stamp: datetime):
    """One interaction with one person per touch, written with executemany (model
    instances and bulk_create take minutes for half a million rows)."""
    ops, qn = connection.ops, connection.ops.quote_name
    interactions = [f.column for f in Interaction._meta.concrete_fields]
    participations = [f.column for f in Participation._meta.concrete_fields if f.column != "id"]
    created = ops.adapt_datetimefield_value(stamp)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {qn(Interaction._meta.db_table)}")
        first = (cursor.fetchone()[0] or 0) + 1
        values = {"created_at": created, "updated_at": created, "workspace_id": workspace.pk,
                  "place": "", "duration_minutes": None, "summary": "", "notes": "",
                  "value": "", "created_by_id": None, "notes_private": False}
        rows, links = [], []
        for n, (person_id, kind, when) in enumerate(touches):
            at = ops.adapt_datetimefield_value(when)
            row = {**values, "id": first + n, "kind": kind, "occurred_at": at}
            rows.append([row[c] for c in interactions])
            link = {"workspace_id": workspace.pk, "interaction_id": first + n,
                    "person_id": person_id, "occurred_at": at}
            links.append([link[c] for c in participations])
        for table, columns, data in (
            (Interaction._meta.db_table, interactions, rows),
            (Participation._meta.db_table, participations, links),
        ):
            sql = (f"INSERT INTO {qn(table)} ({', '.join(qn(c) for c in columns)}) "
                   f"VALUES ({', '.join(['%s'] * len(columns))})")
            for start in range(0, len(data), 20000):
                cursor.executemany(sql, data[start:start + 20000])
        for statement in ops.sequence_reset_sql(no_style(), [Interaction]):
            cursor.execute(statement)
