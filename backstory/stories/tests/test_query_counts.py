"""The board, the sources view and the pitch page read a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backstory.stories import services
from backstory.stories.models import Tip

from .factories import colleague, journalist, sent_pitch, tip


def _grow(workspace, owner, n: int) -> Tip:
    """n tips per column of the board, two sources each, with pitches and coverage."""
    sources = [colleague(workspace, f"Colleague {i}") for i in range(max(4, n))]
    reporters = [journalist(workspace, f"Reporter {i}") for i in range(max(3, n))]
    today = timezone.localdate()
    first = None
    for i in range(n):
        pair = [sources[i % len(sources)], sources[(i + 1) % len(sources)]]
        heard = today - timedelta(days=30 + i)
        new = tip(workspace, by=owner, sources=pair, title=f"New {i}", heard_on=heard,
                  happens_on=heard + timedelta(days=40))
        first = first or new
        services.tip_move(workspace, by=owner, status="researching",
                          tip=tip(workspace, by=owner, sources=pair, title=f"Research {i}"))
        pitched = tip(workspace, by=owner, sources=pair, title=f"Pitched {i}", heard_on=heard)
        sent_pitch(workspace, pitched, reporters[i % len(reporters)], by=owner)
        covered = tip(workspace, by=owner, sources=pair, title=f"Covered {i}", heard_on=heard)
        pitch = sent_pitch(workspace, covered, reporters[(i + 1) % len(reporters)], by=owner)
        services.pitch_record_coverage(workspace, by=owner, pitch=pitch, outlet="TechDaily",
                                       published_on=today)
        for status in ("parked", "declined"):
            services.tip_move(workspace, by=owner, status=status,
                              tip=tip(workspace, by=owner, sources=pair, title=f"{status} {i}"))
    return first


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/tips/", "/tips/?kind=customer_story&q=e", "/sources/",
                                 "/tips/?status=covered"])
def test_the_page_reads_the_same_number_of_queries_at_two_sizes(owner_client, workspace, owner,
                                                                  url):
    _grow(workspace, owner, 2)
    small = _count(owner_client, url)
    _grow(workspace, owner, 14)  # more than a resting column shows
    assert _count(owner_client, url) == small


def test_the_board_reads_exactly_these_queries(owner_client, workspace, owner,
                                               django_assert_num_queries):
    _grow(workspace, owner, 3)
    # session, user, membership (3) + tips, sources, pitches, counts (4) + the source filter
    # list + the workspace menu of the page frame
    with django_assert_num_queries(9):
        owner_client.get("/tips/")
    with django_assert_num_queries(7):
        owner_client.get("/tips/", headers={"HX-Request": "true", "HX-Target": "board"})


def test_the_pitch_page_with_suggestions_reads_the_same_queries_at_two_sizes(
        owner_client, workspace, owner):
    first = _grow(workspace, owner, 2)
    small = _count(owner_client, f"/tips/{first.pk}/pitch/")
    _grow(workspace, owner, 10)
    assert _count(owner_client, f"/tips/{first.pk}/pitch/") == small


def test_a_resting_column_shows_the_latest_few_and_counts_them_all(owner_client, workspace,
                                                                    owner):
    _grow(workspace, owner, 14)
    body = owner_client.get("/tips/").content.decode()
    assert "Show all 14 →" in body
    assert "Covered 13" in body and "Covered 0" not in body


def test_every_tips_page_reads_a_fixed_number_of_queries_in_a_grown_network(owner_client,
                                                                             network):
    from backstory.testing import assert_query_counts

    tip = network.ids["tip"]
    assert_query_counts(owner_client, {
        "/tips/": 9,
        "/tips/?status=covered": 8,  # a column's "show all": count, page, sources, pitches
        "/tips/?status=new": 8,
        f"/tips/{tip}/": 8,
        f"/tips/{tip}/pitch/": 11,
        "/sources/": 10,  # frame + count, page of credit rows, their people, totals (3)
    })
