"""Every people, organisation and team page reads the same number of SQL queries whatever
the size of the network: the counts below hold at 100 and at 3,000 people (the
``network`` fixture), so a query per row fails the larger size.

Most pages spend four queries on the frame: the session, the user, the membership and
the workspace menu.
"""

from __future__ import annotations

from backstory.interactions.selectors import person_timeline
from backstory.testing import assert_query_counts


def test_every_people_page_reads_a_fixed_number_of_queries(owner_client, network):
    ids, hub = network.ids, network.ids["hub"]
    older = person_timeline(network.hub.workspace, network.hub).older
    assert older, "the hub's history fills more than one page"
    # The list: frame (4) + cadence windows, count, page, the page's tags, the members
    # (relationship owners' menu) (5); the filter menus of organisations, teams and tags
    # come from the cache after the first request (count_queries does not count that one;
    # test_people_list_filter_menus_* below does).
    lists = {url: 9 for url in [
        "/people/", "/people/?circle=media", f"/people/?team={ids['team']}",
        f"/people/?org={ids['own_org']}", "/people/?state=overdue",
        "/people/?state=due", "/people/?sort=-last_touch", "/people/?sort=last_touch",
        "/people/?sort=-created", "/people/?q=Person+0001", "/people/?circle=internal&page=2",
        "/people/?owner=none",
    ]}
    assert_query_counts(owner_client, {
        **lists,
        "/people/?tag=topic1": 10,  # + the tag, whose rows the list is read from
        # Nobody here is led by the owner: no page, no tags to read (with owners:
        # test_relationship_owner.py, at 1 and 10 members).
        "/people/?owner=me": 7,
        # person, tags, contacts, windows, follow-up (the person, the member's
        # relationship, their strength: touches, teammates and owners), the first timeline
        # page (touches, their people and tags, action items), touch count, open items,
        # history, introduced, tips, pitches, introductions, give and receive · who on
        # the team knows them: members, their relationships, the touches that weigh
        # their strength, the teammates there and the owners, open requests for an
        # introduction (5)
        f"/people/{hub}/": 33,
        f"/people/{hub}/?before={older}": 33,
        "/people/duplicates/": 9,  # frame + the window, shared points, names, blocks, pairs
        "/people/suggest/?q=Person+0001": 5,  # session, user, membership, index, people
        "/orgs/": 8,  # frame + count, page, people and teams of the page
        # + the members; who on the team knows someone there is kept in the cache under
        # the workspace's data version (read: their number and latest ties per member,
        # the strength of those — team.selectors._cached)
        f"/orgs/{ids['own_org']}/": 11,
        f"/orgs/{ids['org']}/": 11,
        f"/teams/{ids['team']}/": 9,
    })
    # Partials that htmx swaps in place: no frame, no menus.
    assert_query_counts(owner_client, {f"/people/{hub}/timeline/?before={older}": 11},
                        HX_Request="true")
    assert_query_counts(owner_client, {"/people/?state=overdue": 7},
                        HX_Request="true", HX_Target="people-results")
    assert_query_counts(owner_client, {"/orgs/": 7}, HX_Request="true", HX_Target="org-results")
