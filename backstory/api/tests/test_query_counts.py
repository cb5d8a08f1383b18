"""Every list and read of the API runs the same number of SQL queries whatever the size of
the network: the counts below hold at 100 and at 3,000 people (the ``network`` fixture).

With a token, two queries are the frame: the token (with its user and workspace) and the
membership. A list reads its page and what the page shows (tags, people, counts); the
people list adds the cadence windows, a person their follow-up state.
"""

from __future__ import annotations

from django.test import Client

from backstory.api.services import token_create
from backstory.testing import assert_query_counts, capped_fill_today


def test_every_api_read_runs_a_fixed_number_of_queries(personas, network):
    ids = network.ids
    token = token_create(personas.workspace, user=personas.owner, name="guard")[1]
    person = network.people[7].pk
    assert_query_counts(Client(), {
        "/api/v1/people": 5,
        "/api/v1/people?limit=200": 5,
        "/api/v1/people?circle=media&sort=-last_touch": 5,
        "/api/v1/people?state=overdue": 6,
        "/api/v1/people?tag=topic1": 6,
        "/api/v1/people?q=Person+0001": 5,
        # + the member's relationship and its strength (touches, teammates, owners) (3)
        f"/api/v1/people/{ids['hub']}": 10,
        f"/api/v1/people/{person}": 10,
        "/api/v1/organizations": 5,
        f"/api/v1/organizations/{ids['own_org']}": 5,
        f"/api/v1/organizations/{ids['own_org']}/people": 6,
        "/api/v1/teams": 3,
        f"/api/v1/teams/{ids['team']}": 3,
        f"/api/v1/teams/{ids['team']}/people": 6,
        # + the teammates who were there (part of each interaction's version) (1)
        "/api/v1/interactions": 6,
        f"/api/v1/interactions?person={ids['hub']}": 9,
        # + the teammates there, once for the ETag and once for the answer's version (2)
        f"/api/v1/interactions/{ids['interaction']}": 7,
        "/api/v1/action-items": 3,
        "/api/v1/action-items?state=all": 3,
        # the agenda, as the Today page reads it
        "/api/v1/today": 28 - capped_fill_today(personas.workspace, personas.owner),
        f"/api/v1/people/{person}/followup": 10,
        "/api/v1/search?q=Person": 8,  # + the searcher's own private notes
    }, Authorization=f"Bearer {token}")
