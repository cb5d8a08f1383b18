"""The pages that show who on the team knows whom read a fixed number of SQL queries,
whatever the number of people and of members: the guards build a team of 1 and of 10
members at two sizes of network, touches spread across the members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backstory.intros.services import intro_request_create
from backstory.people.services import organization_create, team_create
from backstory.testing import count_queries, make_interaction, make_person
from backstory.workspaces.models import Role
from backstory.workspaces.services import membership_add, user_create, workspace_create


def _team_world(members: int, people: int):
    owner = user_create(username=f"lead{members}x{people}", password=None)
    ws = workspace_create(name="Comms", owner=owner, time_zone="Europe/Berlin")
    team = [owner]
    for i in range(1, members):
        user = user_create(username=f"m{i}x{members}x{people}", password=None)
        user.memberships.all().delete()
        membership_add(ws, user=user, role=Role.EDITOR, by=owner)
        team.append(user)
    own = organization_create(ws, by=owner, name="Acme", is_own=True)
    depts = [team_create(ws, by=owner, organization=own, name=f"Dept {i}") for i in range(3)]
    planet = organization_create(ws, by=owner, name="Daily Planet", kind="media")
    now = timezone.now()
    found = []
    for i in range(people):
        if i % 2:
            person = make_person(ws, f"Reporter {i}", by=owner, circle="media",
                                 organization=planet, outlet=f"Outlet {i % 4}",
                                 beat=f"Beat {i % 3}")
        else:
            person = make_person(ws, f"Colleague {i}", by=owner, circle="internal",
                                 organization=own, team=depts[i % 3])
        author = team[i % members]
        make_interaction(ws, [person, *found[-1:]], by=author, when=now - timedelta(days=i),
                         members=team[: 1 + i % members])
        found.append(person)
    ask = None
    if members > 1:
        ask = intro_request_create(ws, by=owner, person=found[1], for_person=found[0],
                                   asked=team[1])
    return owner, team, found, planet, ask


PAGES = ["person", "organization", "search", "coverage", "today", "ask"]


def _counts(client, members: int, people: int) -> dict[str, int]:
    owner, team, found, planet, ask = _team_world(members, people)
    urls = {"person": f"/people/{found[1].pk}/", "organization": f"/orgs/{planet.pk}/",
            "search": "/search/?q=reporter", "coverage": "/team/coverage/", "today": "/",
            "ask": f"/people/{found[1].pk}/ask-intro/"}
    # Today is read by the asked teammate (their request to answer); the rest by the owner.
    counts = {}
    for page in PAGES:
        client.force_login(team[1] if page == "today" and members > 1 else owner)
        counts[page] = count_queries(client, urls[page])
    return counts


@pytest.mark.django_db
def test_team_pages_read_a_fixed_number_of_queries_at_1_and_10_members(client):
    one_small, one_large = _counts(client, 1, 4), _counts(client, 1, 24)
    ten_small, ten_large = _counts(client, 10, 4), _counts(client, 10, 24)
    assert one_small == one_large, "a query per person in a workspace of one"
    assert ten_small == ten_large, "a query per person in a team"
    # A workspace of one reads what a team reads (it only does not show it).
    assert one_small == ten_small, "a query per member"
