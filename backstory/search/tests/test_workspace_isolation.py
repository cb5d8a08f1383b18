"""Search never shows another workspace's people, organisations or notes."""

from __future__ import annotations

from backstory.search.selectors import search
from backstory.testing import make_interaction, make_person


def test_another_workspaces_records_are_never_found(personas, corpus):
    elsewhere = personas.outsider_workspace
    for text in ("dana", "acme", "harbour foods", "freight", "d", "a OR e OR i OR o OR u"):
        assert not search(elsewhere, text).found


def test_each_workspace_finds_its_own_records_only(personas, corpus):
    elsewhere = personas.outsider_workspace
    theirs = make_person(elsewhere, "Dana Outsider", by=personas.outsider)
    make_interaction(elsewhere, [theirs], by=personas.outsider, notes="Dana from elsewhere")
    mine = search(personas.workspace, "dana")
    assert {h.person.workspace_id for h in mine.people} == {personas.workspace.pk}
    assert {h.interaction.workspace_id for h in mine.interactions} == {personas.workspace.pk}
    assert [h.person for h in search(elsewhere, "dana").people] == [theirs]


def test_the_outsider_searching_the_page_sees_nothing_of_ours(outsider_client, corpus):
    response = outsider_client.get("/search/", {"q": "dana"})
    assert response.status_code == 200
    assert "Whitfield" not in response.text and "Nothing matches" in response.text
