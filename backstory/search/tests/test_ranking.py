"""Results come ranked: where a word is found matters more than how often."""

from __future__ import annotations

from backstory.people.services import person_archive
from backstory.search.selectors import search
from backstory.testing import make_interaction, make_person


def _people(results) -> list[str]:
    return [hit.person.name for hit in results.people]


def test_a_name_match_ranks_above_a_notes_only_match(workspace, corpus):
    assert _people(search(workspace, "dana")) == ["Dana Whitfield", "Nadia Haddad"]


def test_an_interaction_summary_match_ranks_above_a_notes_only_match(workspace, corpus):
    found = [hit.interaction for hit in search(workspace, "dana").interactions]
    assert found == [corpus.coffee, corpus.lunch]


def test_a_title_or_outlet_match_ranks_above_a_mention_in_notes(workspace, owner, corpus):
    make_person(workspace, "Sam Ortiz", by=owner, notes="Reads the Harbourside Herald daily.")
    assert _people(search(workspace, "harbourside herald")) == ["Priya Iyer", "Sam Ortiz"]


def test_the_start_of_a_name_finds_the_person(workspace, corpus):
    assert _people(search(workspace, "dan"))[0] == "Dana Whitfield"
    assert _people(search(workspace, "Whitf")) == ["Dana Whitfield"]


def test_accents_do_not_matter_either_way(workspace, corpus):
    assert _people(search(workspace, "jose alvarez")) == ["José Álvarez"]
    assert _people(search(workspace, "JOSÉ")) == ["José Álvarez"]


def test_people_are_found_by_email_organisation_beat_and_wants(workspace, corpus):
    assert _people(search(workspace, "dana.whitfield@acme.example")) == ["Dana Whitfield"]
    assert _people(search(workspace, "acme logistics")) == ["Dana Whitfield"]
    assert _people(search(workspace, "payments")) == ["Priya Iyer"]
    assert _people(search(workspace, "investor relations")) == ["José Álvarez"]


def test_organisations_are_found_by_name_and_notes(workspace, corpus):
    assert [h.organization for h in search(workspace, "acme").organizations] == [corpus.acme]
    assert [h.organization for h in search(workspace, "freight").organizations] == [corpus.acme]


def test_a_quoted_phrase_must_appear_as_written(workspace, owner, corpus):
    make_interaction(workspace, [corpus.priya], by=owner,
                     notes="A story about a customer who left.")
    found = search(workspace, '"customer story"').interactions
    assert [hit.interaction for hit in found] == [corpus.coffee]
    assert len(search(workspace, "customer story").interactions) == 2


def test_minus_leaves_out_and_or_finds_either(workspace, corpus):
    assert _people(search(workspace, "dana -globex")) == ["Dana Whitfield"]
    assert set(_people(search(workspace, "fintech OR mentor"))) == {"Priya Iyer", "José Álvarez"}


def test_archived_people_come_last_and_are_marked(workspace, owner, corpus):
    person_archive(workspace, by=owner, person=corpus.dana)
    results = search(workspace, "dana")
    assert _people(results) == ["Nadia Haddad", "Dana Whitfield"]
    assert results.people[-1].person.is_archived


def test_the_words_found_are_highlighted_with_where_they_were_found(workspace, corpus):
    results = search(workspace, "freight")
    nadia = next(hit for hit in results.people if hit.person == corpus.nadia)
    assert nadia.label == "Notes"
    assert "<mark>freight</mark>" in nadia.snippet
    dana = search(workspace, "dana").people[0]
    assert dana.name == "<mark>Dana</mark> Whitfield"
    assert dana.about == "Head of Sales · Acme Logistics"


def test_a_limit_keeps_the_best_and_says_there_is_more(workspace, owner):
    for i in range(4):
        make_person(workspace, f"Robin Number{i}", by=owner)
    results = search(workspace, "robin", limit=3)
    assert len(results.people) == 3
    assert "person" in results.more
    assert "person" not in search(workspace, "robin", limit=4).more


def test_only_the_kinds_asked_for_are_searched(workspace, corpus):
    results = search(workspace, "dana", kinds=("interaction",))
    assert not results.people and len(results.interactions) == 2


def test_nothing_found_and_nothing_to_search_are_told_apart(workspace, corpus):
    assert search(workspace, "zebra").searched and not search(workspace, "zebra").found
    assert not search(workspace, "  ").searched
    assert not search(workspace, "?!").searched
