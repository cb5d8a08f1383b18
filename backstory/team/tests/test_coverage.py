"""Team coverage: per member and for the team, the teams of the own organisation, the
media outlets and the beats where someone has a warm relationship — and the blind spots
where nobody has."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from backstory.followups.models import Relationship
from backstory.people.services import organization_create, team_create
from backstory.team.ties import RECENT_DAYS, is_warm, warm_q
from backstory.testing import make_interaction, make_person
from backstory.workspaces.clock import workspace_today, workspace_tz


@pytest.fixture
def covered(personas):
    ws, owner, tom = personas.workspace, personas.owner, personas.teammate
    tom.first_name, tom.last_name = "Tom", "Baker"
    tom.save()
    acme = organization_create(ws, by=owner, name="Acme", is_own=True)
    marketing = team_create(ws, by=owner, organization=acme, name="Product Marketing")
    legal = team_create(ws, by=owner, organization=acme, name="Legal")
    pat = make_person(ws, "Pat Marketer", by=owner, circle="internal", organization=acme,
                      team=marketing)
    lena = make_person(ws, "Lena Lawyer", by=owner, circle="internal", organization=acme,
                       team=legal)
    maria = make_person(ws, "Maria Lopez", by=owner, circle="media", outlet="Daily Planet",
                        beat="Fintech")
    make_person(ws, "Jon Ledger", by=owner, circle="media", outlet="The Ledger", beat="Climate")
    now = timezone.now()
    make_interaction(ws, [pat], by=owner, when=now - timedelta(days=5))
    make_interaction(ws, [lena], by=tom, kind="email", when=now - timedelta(days=300))
    make_interaction(ws, [maria], by=tom, when=now - timedelta(days=2))
    return personas


def _section(html: str, heading: str) -> str:
    start = html.index(heading)
    return html[start:html.index("</section>", start)]


def test_the_coverage_page_shows_where_the_team_is_warm_and_the_blind_spots(client, covered):
    client.force_login(covered.owner)
    page = client.get("/team/coverage/").content.decode()
    blind = _section(page, "Blind spots")
    for name in ("Legal", "The Ledger", "Climate"):
        assert name in blind, name
    for name in ("Product Marketing", "Daily Planet", "Fintech"):
        assert name not in blind, name
    team = _section(page, '<h2 id="team-h">The team</h2>')
    assert "Product Marketing</a> <span class=\"faint\">· 1 warm of 1" in team
    assert "Daily Planet <span class=\"faint\">· 1 warm of 1" in team
    tom = _section(page, ">Tom Baker</h3>")
    assert "Daily Planet (1)" in tom and "Fintech (1)" in tom
    assert "Legal" not in tom  # an e-mail ten months ago is not warm
    me = _section(page, ">You</h3>")
    assert "Product Marketing (1)" in me and "Daily Planet" not in me
    vera = _section(page, ">vera</h3>")
    assert "No warm relationships in a team, outlet or beat yet." in vera


def test_blind_spots_are_the_teams_outlets_and_beats_of_the_network(client, personas):
    """A workspace without an own organisation or journalists says so, not an error."""
    client.force_login(personas.owner)
    page = client.get("/team/coverage/").content.decode()
    assert "Mark your organisation as “where you work”" in page
    assert "None in the network yet." in page


def test_the_warm_rule_reads_the_same_in_python_and_in_a_query(covered):
    ws = covered.workspace
    today, tz = workspace_today(ws), workspace_tz(ws)
    rows = list(Relationship.objects.filter(workspace=ws))
    assert len(rows) >= 3
    in_query = set(Relationship.objects.filter(warm_q(today, tz), workspace=ws)
                   .values_list("pk", flat=True))
    in_python = {r.pk for r in rows if is_warm(
        r.last_touch_at.astimezone(tz).date() if r.last_touch_at else None,
        r.followup_closes_on, today=today)}
    assert in_query == in_python
    assert 0 < len(in_python) < len(rows)


def test_a_relationship_is_warm_after_a_recent_touch_or_while_its_window_is_open():
    today = date(2026, 6, 1)
    recent = today - timedelta(days=RECENT_DAYS)
    assert is_warm(recent, None, today=today)
    assert not is_warm(recent - timedelta(days=1), None, today=today)
    assert is_warm(today - timedelta(days=200), today, today=today)
    assert not is_warm(today - timedelta(days=200), today - timedelta(days=1), today=today)
    assert not is_warm(None, today, today=today)


def test_a_new_touch_shows_on_the_coverage_and_organisation_pages_at_once(client, covered):
    """Both pages are kept in the cache under the workspace's data version: a write
    makes them fresh."""
    from backstory.people.models import Person

    client.force_login(covered.owner)
    assert "The Ledger" in _section(client.get("/team/coverage/").content.decode(),
                                    "Blind spots")
    jon = Person.objects.get(name="Jon Ledger")
    make_interaction(covered.workspace, [jon], by=covered.owner)
    page = client.get("/team/coverage/").content.decode()
    assert "The Ledger" not in _section(page, "Blind spots")
    assert "The Ledger (1)" in _section(page, ">You</h3>")
