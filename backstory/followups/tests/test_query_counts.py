"""Today and the follow-up settings read the same number of SQL queries at 100 and at
3,000 people (the ``network`` fixture): a change that adds a query per row fails the
larger size. The people list's counts live with the people app."""

from __future__ import annotations

from backstory.testing import assert_query_counts


def test_today_and_the_follow_up_settings_read_a_fixed_number_of_queries(owner_client,
                                                                         network):
    page = owner_client.get("/")
    assert "Reach out" in page.text
    assert_query_counts(owner_client, {
        # frame (4) · windows, preferences (2) · reach-out, its strength, its people (3) ·
        # pitch follow-ups, tips soon, stale tips, thank-yous, tips all passed on, intro
        # outcomes, intros waiting (7) · action items, first meetings (2) · teams, their
        # recent members, their strength, team counts, a dormant tie (5) · the habit (1) ·
        # recent touches and their people (2) · intro requests to answer, answers to mine (2)
        "/": 28,
        "/settings/follow-ups/": 7,
    })
