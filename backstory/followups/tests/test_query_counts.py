"""Today and the follow-up settings read the same number of SQL queries at 100 and at
3,000 people (the ``network`` fixture): a change that adds a query per row fails the
larger size. The people list's counts live with the people app."""

from __future__ import annotations

import pytest

from backstory.bench.network import build_network
from backstory.bench.team import add_team
from backstory.core.derived import derived_rebuild
from backstory.followups.models import Relationship
from backstory.testing import assert_query_counts, capped_fill_today
from backstory.workspaces.services import user_create

# frame (4) · windows, preferences (2) · the member's reach-out list
# due (those at the urgency cap, the others, the count), their strength with them (touches;
# teammates there and owners), the people shown (6) ·
# pitch follow-ups, tips soon, stale tips, thank-yous, tips all passed on, intro outcomes,
# intros waiting (7) · action items, first meetings (2) · teams, their recent members,
# their strength, team counts, a dormant tie (5) · the habit (1) · recent touches and
# their people (2) · intro requests to answer, answers to mine (2)
TODAY_QUERIES = 32  # + the do-not-contact marks of the people on it


def test_today_and_the_follow_up_settings_read_a_fixed_number_of_queries(owner_client,
                                                                         network):
    page = owner_client.get("/")
    assert "Reach out" in page.text
    assert_query_counts(owner_client, {
        "/": TODAY_QUERIES - capped_fill_today(network.hub.workspace, page.wsgi_request.user),
        "/settings/follow-ups/": 7,
    })


@pytest.mark.parametrize("members", [1, 10])
def test_today_the_person_page_and_the_people_list_read_the_same_queries_for_1_and_10_members(
        client, db, members):
    """Each member's own relationships do not add a query per member or per person: the
    same counts in a workspace of one and in a team of ten whose touches are spread
    across its members (and at the two network sizes of the test above)."""
    owner = user_create(username="lead", password=None)
    workspace = owner.memberships.get().workspace
    build_network(workspace, 120)
    add_team(workspace, members, owner=owner)
    derived_rebuild(workspace)
    assert Relationship.objects.filter(workspace=workspace).values("user").distinct().count() \
        == members
    client.force_login(owner)
    mine = Relationship.objects.filter(workspace=workspace, user=owner).order_by("pk")[0]
    assert_query_counts(client, {"/": TODAY_QUERIES, "/people/": 9,
                                 f"/people/{mine.person_id}/": PERSON_QUERIES})


# The person page (people/tests/test_query_counts.py) and who on the team knows them:
# members, their relationships, the touches that weigh their strength, the teammates
# there and the owners, open requests for an introduction (5) — read in a workspace of
# one too.
PERSON_QUERIES = 27 + 5
