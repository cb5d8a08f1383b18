"""Each member's own relationships: a touch counts for every member who took part, a
snooze and a window are the member's own, a workspace of one behaves as before, and a
new teammate starts with an empty network."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backstory.followups import services, ties
from backstory.followups.models import Relationship
from backstory.followups.tests.test_stored_values import assert_relationships_are_fresh
from backstory.testing import make_interaction, make_person
from backstory.workspaces.models import Role
from backstory.workspaces.services import membership_add

pytestmark = pytest.mark.django_db


def _rel(workspace, user, person):
    return Relationship.objects.filter(workspace=workspace, user=user, person=person).first()


def test_a_touch_counts_for_its_author_and_the_teammates_who_were_there(personas):
    ws, owner, mate = personas.workspace, personas.owner, personas.teammate
    dana = make_person(ws, "Dana Reyes", by=owner)
    sam = make_person(ws, "Sam Ortiz", by=owner)
    now = timezone.now()
    make_interaction(ws, [dana], by=mate, kind="coffee", when=now - timedelta(days=3),
                     members=[owner])
    make_interaction(ws, [sam], by=mate, kind="email", when=now - timedelta(days=1))
    assert _rel(ws, owner, dana).touch_count == 1
    assert _rel(ws, mate, dana).last_touch_at == now - timedelta(days=3)
    assert _rel(ws, owner, sam) is None  # the owner was not there
    assert _rel(ws, mate, sam).touch_count == 1
    assert_relationships_are_fresh(ws)
    knows = ties.person_ties(ws, dana.pk, today=now.date())
    assert {t.user_id for t in knows} == {owner.pk, mate.pk}
    assert all(t.strength > 0 for t in knows)


def test_a_snooze_is_the_members_own(personas):
    ws, owner, mate = personas.workspace, personas.owner, personas.teammate
    dana = make_person(ws, "Dana Reyes", by=owner)
    make_interaction(ws, [dana], by=owner, members=[mate],
                     when=timezone.now() - timedelta(days=60))
    today = timezone.now().date()
    services.followup_snooze(ws, by=mate, person=dana, until=today + timedelta(days=7),
                             today=today)
    assert _rel(ws, mate, dana).snoozed_until == today + timedelta(days=7)
    assert _rel(ws, owner, dana).snoozed_until is None
    dana.refresh_from_db()
    assert dana.snoozed_until == today + timedelta(days=7)  # the team list: someone snoozed
    assert_relationships_are_fresh(ws)


def test_a_members_own_window_changes_only_their_window_dates(personas):
    ws, owner, mate = personas.workspace, personas.owner, personas.teammate
    dana = make_person(ws, "Dana Reyes", by=owner, circle="internal")
    make_interaction(ws, [dana], by=owner, members=[mate],
                     when=timezone.now() - timedelta(days=10))
    before = _rel(ws, owner, dana).followup_opens_on
    services.relationship_window_set(ws, by=mate, person=dana, min_days=3, max_days=5,
                                     off=False)
    assert _rel(ws, owner, dana).followup_opens_on == before
    mine = _rel(ws, mate, dana)
    assert (mine.followup_closes_on - mine.followup_opens_on).days == 2
    assert_relationships_are_fresh(ws)


def test_in_a_workspace_of_one_the_members_relationship_is_the_persons(personas):
    ws, owner = personas.outsider_workspace, personas.outsider
    people = [make_person(ws, f"Person {n}", by=owner, circle=c)
              for n, c in enumerate(["internal", "media", "customer"])]
    now = timezone.now()
    make_interaction(ws, people[:2], by=owner, when=now - timedelta(days=50))
    make_interaction(ws, people[1:], by=None, kind="email", when=now - timedelta(days=5))
    for person in people:
        person.refresh_from_db()
        mine = _rel(ws, owner, person)
        assert (mine.last_touch_at, mine.followup_opens_on, mine.followup_closes_on,
                mine.first_met_at) == (person.last_touch_at, person.followup_opens_on,
                                       person.followup_closes_on, person.first_met_at)


def test_a_new_teammate_starts_with_an_empty_network(personas):
    ws, owner = personas.workspace, personas.owner
    for n in range(5):
        make_interaction(ws, [make_person(ws, f"Person {n}", by=owner)], by=None)
    membership_add(ws, user=personas.outsider, role=Role.EDITOR, by=owner)
    assert not Relationship.objects.filter(workspace=ws, user=personas.outsider).exists()
    assert Relationship.objects.filter(workspace=ws, user=owner).count() == 5


def test_the_interaction_form_records_the_teammates_who_were_there(owner_client, personas):
    ws, owner, mate = personas.workspace, personas.owner, personas.teammate
    dana = make_person(ws, "Dana Reyes", by=owner)
    page = owner_client.get("/interactions/new/").text
    assert "Teammates who were there" in page and mate.get_username() in page
    response = owner_client.post("/interactions/new/", {
        "kind": "coffee", "occurred_at": "2026-11-10T09:30", "people": [dana.pk],
        "members": [mate.pk], "value": ""})
    assert response.status_code == 302, response.content[:2000]
    assert _rel(ws, mate, dana).touch_count == 1 and _rel(ws, owner, dana).touch_count == 1


def test_a_workspace_of_one_logs_a_touch_with_the_form_it_always_had(client, personas):
    client.force_login(personas.outsider)
    page = client.get("/interactions/new/").text
    assert "Teammates who were there" not in page


def test_each_member_sees_their_own_today_and_calendar_feed(client, personas):
    from backstory.followups.feed import build_feed

    ws, owner, mate = personas.workspace, personas.owner, personas.teammate
    now = timezone.now()
    dana = make_person(ws, "Dana Reyes", by=owner, circle="internal")
    sam = make_person(ws, "Sam Ortiz", by=owner, circle="internal")
    make_interaction(ws, [dana], by=owner, when=now - timedelta(days=47))
    make_interaction(ws, [sam], by=mate, when=now - timedelta(days=47))
    client.force_login(owner)
    mine = client.get("/").text
    client.force_login(mate)
    theirs = client.get("/").text
    assert f'id="reach-{dana.pk}"' in mine and f'id="reach-{sam.pk}"' not in mine
    assert f'id="reach-{sam.pk}"' in theirs and f'id="reach-{dana.pk}"' not in theirs
    feed = build_feed(ws, user=mate, now=now).decode()
    assert "Follow up with Sam Ortiz" in feed and "Dana Reyes" not in feed
