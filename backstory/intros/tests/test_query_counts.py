"""The matching list, the introductions list and the chain view read a fixed number of
queries whatever the size of the network."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backstory.intros import services
from backstory.intros.models import Opportunity
from backstory.testing import make_person


def _grow(workspace, owner, n: int) -> Opportunity:
    people = []
    for i in range(n):
        introducer = people[-1] if people and i % 3 else None
        people.append(make_person(
            workspace, f"Person {n}-{i}", title="Product marketer",
            wants=f"a product marketing role in fintech number {i}", offers="launch playbooks",
            tags=["pmm", f"tag{i % 4}"], introduced_by=introducer))
    contact = make_person(workspace, f"Hiring manager {n}")
    job = services.opportunity_create(workspace, by=owner, data=services.OpportunityFields(
        kind="job", title="Product marketing manager, fintech", contact=contact))
    for i, person in enumerate(people):
        how = "intro" if i % 2 else "action"
        services.opportunity_refer(workspace, by=owner, opportunity=job, person=person, how=how)
    return job


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_matching_list_reads_the_same_queries_at_two_sizes(owner_client, workspace, owner):
    small_job = _grow(workspace, owner, 3)
    small = _count(owner_client, f"/opportunities/{small_job.pk}/")
    big_job = _grow(workspace, owner, 40)
    assert _count(owner_client, f"/opportunities/{big_job.pk}/") == small
    assert _count(owner_client, f"/opportunities/{small_job.pk}/") == small


def test_the_matching_list_reads_exactly_these_queries(owner_client, workspace, owner,
                                                       django_assert_num_queries):
    job = _grow(workspace, owner, 5)
    # session, user, membership, opportunity, candidates from the word index, people,
    # their tags, leads, workspace menu
    with django_assert_num_queries(9):
        owner_client.get(f"/opportunities/{job.pk}/")


@pytest.mark.parametrize("url", ["/intros/", "/intros/?state=all", "/intros/chain/",
                                 "/opportunities/?state=all"])
def test_the_lists_read_the_same_queries_at_two_sizes(owner_client, workspace, owner, url):
    _grow(workspace, owner, 3)
    small = _count(owner_client, url)
    _grow(workspace, owner, 30)
    assert _count(owner_client, url) == small


def test_every_introductions_page_reads_a_fixed_number_of_queries_in_a_grown_network(
        owner_client, network):
    from backstory.testing import assert_query_counts

    ids = network.ids
    assert_query_counts(owner_client, {
        "/intros/": 7,  # frame + count, page (people joined), counts by state
        "/intros/?state=all": 7,
        f"/intros/{ids['intro']}/": 6,
        # frame + the introduced-by links, introducers' names, the people shown, their
        # introductions, the latest introductions
        "/intros/chain/": 9,
        f"/intros/chain/?person={network.people[19].pk}": 12,  # + the person, their intros
        "/opportunities/": 6,
        "/opportunities/?state=all": 6,
        f"/opportunities/{ids['opportunity']}/": 9,
    })
