"""Seed a workspace with the demo: a list of steps run in one transaction.

Every domain row is written through the real services (people, interactions), so the
demo exercises the same rules, audit entries and derived values as a user would. Later
work adds steps (tips, introductions) by inserting into STEPS before the last one.
"""

from __future__ import annotations

import random
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from backstory.core.derived import derived_refresh
from backstory.interactions.models import ActionItem, Interaction
from backstory.people.models import Organization, Person, Team
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Activity, Workspace

from .context import DemoContext
from .intros import seed_intros
from .org_people import seed_organisations, seed_people
from .stories import seed_stories
from .touches import seed_action_items, seed_interactions


@dataclass(frozen=True)
class Step:
    label: str
    run: Callable[[DemoContext], str]  # returns a few words on what it made


@dataclass
class DemoSummary:
    organizations: int = 0
    teams: int = 0
    people: int = 0
    interactions: int = 0
    action_items: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (f"{self.people} people in {self.organizations} organisations "
                f"({self.teams} teams), {self.interactions} interactions and "
                f"{self.action_items} action items in {self.seconds:.1f} s")


def _seed_stories(ctx: DemoContext) -> str:
    made = seed_stories(ctx.workspace, by=ctx.by, rng=ctx.rng,
                        people=[dp.person for dp in ctx.people], today=ctx.today)
    return f"{made['tips']} tips, {made['pitches']} pitches, {made['covered']} covered"


def _seed_intros(ctx: DemoContext) -> str:
    made = seed_intros(ctx.workspace, by=ctx.by, rng=ctx.rng,
                       people=[dp.person for dp in ctx.people], today=ctx.today)
    return (f"{made['introductions']} introductions ({made['hired']} led to a hire), "
            f"{made['opportunities']} opportunities")


def _history(ctx: DemoContext) -> str:
    """Date the audit trail and timestamps by when things happened in the story."""
    from django.db.models import OuterRef, Subquery

    ws = ctx.workspace
    start = min([*ctx.person_added.values(), ctx.now])
    Organization.objects.filter(pk__in=[o.pk for o in ctx.organizations.values()]).update(
        created_at=start, updated_at=start)
    Team.objects.filter(pk__in=[t.pk for t in ctx.teams.values()]).update(
        created_at=start, updated_at=start)
    people = [dp.person for dp in ctx.people]
    for person in people:
        person.created_at = person.updated_at = ctx.person_added[person.pk]
    Person.objects.bulk_update(people, ["created_at", "updated_at"], batch_size=500)
    interactions = [t.interaction for t in ctx.touches]
    for interaction in interactions:
        interaction.created_at = interaction.updated_at = interaction.occurred_at
    Interaction.objects.bulk_update(interactions, ["created_at", "updated_at"], batch_size=500)
    for item in ctx.action_items:
        item.created_at, item.done_at = ctx.action_times[item.pk]
        item.updated_at = item.done_at or item.created_at
    ActionItem.objects.bulk_update(
        ctx.action_items, ["created_at", "updated_at", "done_at"], batch_size=500
    )

    # Only the entries this seed wrote: a replaced demo leaves its own trail behind.
    activity = Activity.objects.filter(workspace=ws, pk__gt=ctx.activity_before)
    activity.filter(object_type__in=["organization", "team"]).update(created_at=start)
    activity.filter(object_type="person").update(created_at=Subquery(
        Person.objects.filter(pk=OuterRef("object_id")).values("created_at")[:1]))
    activity.filter(object_type="interaction").update(created_at=Subquery(
        Interaction.objects.filter(pk=OuterRef("object_id")).values("occurred_at")[:1]))
    activity.filter(object_type="actionitem", action="action.created").update(
        created_at=Subquery(
            ActionItem.objects.filter(pk=OuterRef("object_id")).values("created_at")[:1]))
    activity.filter(object_type="actionitem", action="action.done").update(
        created_at=Subquery(
            ActionItem.objects.filter(pk=OuterRef("object_id")).values("done_at")[:1]))
    # Later steps (tips, introductions) go through services that stamp the wall clock a
    # few seconds after `now`: the demo happened as of `now`.
    ActionItem.objects.filter(workspace=ws, done_at__gt=ctx.now).update(done_at=ctx.now)
    ActionItem.objects.filter(workspace=ws, created_at__gt=ctx.now).update(created_at=ctx.now)
    activity.filter(created_at__gt=ctx.now).update(created_at=ctx.now)
    derived_refresh(ws)  # written behind the services' back: the data version goes up
    return "dated by when it happened"


def _steps() -> list[Step]:
    return [
        Step("Organisation and teams", seed_organisations),
        Step("People", seed_people),
        Step("Interactions", seed_interactions),
        Step("Action items", seed_action_items),
        Step("Tips and pitches", _seed_stories),
        Step("Introductions and opportunities", _seed_intros),
        # New steps go above this line: the history step dates what the others made.
        Step("History", _history),
    ]


def seed_demo(
    workspace: Workspace, *, by: Actor, stdout=None, seed: int = 7, scale: float = 1.0,
    now: datetime | None = None,
) -> DemoSummary:
    """Fill `workspace` with the fictional demo network; the same seed gives the same story.

    `scale` shrinks the numbers (tests); dates are relative to `now` (default: now).
    """
    started = time.perf_counter()
    ctx = DemoContext(
        workspace=workspace, by=by, rng=random.Random(seed), now=now or timezone.now(),
        tz=zoneinfo.ZoneInfo(workspace.time_zone or "UTC"), scale=scale,
    )
    with transaction.atomic():
        ctx.activity_before = (
            Activity.objects.filter(workspace=workspace).order_by("-pk")
            .values_list("pk", flat=True).first() or 0
        )
        for step in _steps():
            step_started = time.perf_counter()
            result = step.run(ctx)
            if stdout is not None:
                _say(stdout, f"  {step.label}: {result} "
                             f"({time.perf_counter() - step_started:.1f} s)")
    summary = DemoSummary(
        organizations=Organization.objects.filter(workspace=workspace).count(),
        teams=Team.objects.filter(workspace=workspace).count(),
        people=Person.objects.filter(workspace=workspace).count(),
        interactions=Interaction.objects.filter(workspace=workspace).count(),
        action_items=ActionItem.objects.filter(workspace=workspace).count(),
        seconds=time.perf_counter() - started,
    )
    if stdout is not None:
        _say(stdout, f"Demo ready: {summary}.")
    return summary


def _say(stdout, line: str) -> None:
    # Django's OutputWrapper adds the newline itself; a plain stream does not.
    stdout.write(line if line.endswith("\n") else line + "\n")
