"""The same seed tells the same story; another seed tells another one."""

from __future__ import annotations

from django.utils import timezone

from backstory.demo import seed_demo
from backstory.interactions.models import ActionItem, Interaction
from backstory.people.models import Person
from backstory.workspaces.services import user_create


def _story(workspace) -> dict[str, list]:
    return {
        "people": list(Person.objects.filter(workspace=workspace).order_by("id").values_list(
            "name", "title", "circle", "organization__name", "team__name", "wants",
            "introduced_by__name", "last_touch_at")),
        "interactions": list(Interaction.objects.filter(workspace=workspace).order_by(
            "occurred_at", "id").values_list("kind", "occurred_at", "summary", "notes")),
        "actions": list(ActionItem.objects.filter(workspace=workspace).order_by("id")
                        .values_list("text", "due_on", "done_at")),
    }


def _seed(username: str, seed: int, now) -> dict[str, list]:
    user = user_create(username=username, password=None)
    workspace = user.memberships.get().workspace
    seed_demo(workspace, by=user, seed=seed, scale=0.15, now=now)
    return _story(workspace)


def test_the_same_seed_gives_the_same_people_touches_and_action_items(db):
    now = timezone.now()
    first, second = _seed("ann", 7, now), _seed("ben", 7, now)
    assert first["people"] and first["interactions"] and first["actions"]
    assert first == second


def test_another_seed_gives_other_names(db):
    now = timezone.now()
    first, other = _seed("ann", 7, now), _seed("ben", 8, now)
    names = {row[0] for row in first["people"]}
    other_names = {row[0] for row in other["people"]}
    assert len(names & other_names) < len(names) / 2
