"""The migration to each member's own relationships keeps the demo workspace intact: the
same last touches, windows, first meetings and snoozes, and the same Today, before and
after — run for real with Django's migration executor (back to the schema before team
workspaces, where a snooze lived on the person, and forward again)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from backstory.demo import seed_demo
from backstory.followups import selectors
from backstory.followups.models import Relationship
from backstory.people.models import Person
from backstory.workspaces.clock import workspace_today
from backstory.workspaces.services import user_create

BEFORE_TEAMS = [("followups", "0003_verbose_names"), ("interactions", "0003_action_list_order")]


def _migrate(targets=None) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def _today(workspace, user, today):
    rows, total = selectors.reach_out_list(
        workspace, today=today, defaults=selectors.cadence_defaults(workspace), user=user)
    return [(r.person.pk, r.state, r.reason, round(r.priority, 9)) for r in rows], total


PERSON = ("last_touch_at", "followup_opens_on", "followup_closes_on", "first_met_at")


@pytest.mark.django_db(transaction=True)
def test_the_demo_workspace_keeps_every_follow_up_through_the_migration():
    user = user_create(username="demo-owner", password=None)
    workspace = user.memberships.get().workspace
    now = timezone.now()
    seed_demo(workspace, by=user, now=now)
    today = workspace_today(workspace, now)
    due = [pk for pk, *_ in _today(workspace, user, today)[0][:3]]
    assert due, "the demo has people due"
    # Snoozed the way the schema before team workspaces kept it: on the person.
    Person.objects.filter(pk__in=due).update(snoozed_until=today + timedelta(days=9))
    _migrate(BEFORE_TEAMS)
    try:
        people = {p["pk"]: p for p in Person.objects.filter(workspace=workspace).values(
            "pk", "snoozed_until", *PERSON)}
    finally:
        _migrate()
    assert sum(1 for p in people.values() if p["snoozed_until"]) == len(due)

    mine = {r.person_id: r for r in Relationship.objects.filter(workspace=workspace,
                                                                  user=user)}
    touched = {pk for pk, p in people.items() if p["last_touch_at"] or p["snoozed_until"]}
    assert set(mine) == touched  # the member's network: everyone they were in touch with
    for pk in touched:
        assert tuple(getattr(mine[pk], f) for f in PERSON) == tuple(
            people[pk][f] for f in PERSON), pk
        assert mine[pk].snoozed_until == people[pk]["snoozed_until"]
        assert mine[pk].touch_count > 0 or mine[pk].snoozed_until
    # Nothing on the person changed; and Today is the same list, with the snoozed
    # people gone from it exactly as before the migration.
    now_people = {p["pk"]: p for p in Person.objects.filter(workspace=workspace).values(
        "pk", "snoozed_until", *PERSON)}
    assert now_people == people
    after, total = _today(workspace, user, today)
    assert not {pk for pk, *_ in after} & set(due)
    expected = [p for p in _state_as_before(workspace, user, today, people)]
    assert [pk for pk, *_ in after] == expected[:len(after)]
    assert total == len(expected)


def _state_as_before(workspace, user, today, people):
    """Today's people as the rule before team workspaces gave them, from the person-level
    values (due or overdue, not snoozed), in the order the member's list ranks them."""
    from backstory.followups.cadence import CAP

    rows = []
    for pk, p in people.items():
        opens, closes = p["followup_opens_on"], p["followup_closes_on"]
        if opens is None or opens > today or (p["snoozed_until"] and p["snoozed_until"] > today):
            continue
        urgency = min((today - opens).days / max((closes - opens).days, 1), CAP)
        rows.append((-urgency, -p["last_touch_at"].timestamp(), pk))
    rows.sort()
    candidates = [pk for *_, pk in rows[:selectors.RANK_CANDIDATES]]
    strengths = selectors.people_strength(workspace, candidates, today=today)
    names = dict(Person.objects.filter(pk__in=candidates).values_list("pk", "name"))
    urgency = {pk: -u for u, _, pk in rows[:selectors.RANK_CANDIDATES]}
    ranked = sorted(candidates, key=lambda pk: (
        -(urgency[pk] + 1.5 * strengths.get(pk, 0.0) / (strengths.get(pk, 0.0) + 3.0)),
        names[pk], pk))
    return ranked + [pk for *_, pk in rows[selectors.RANK_CANDIDATES:]]
