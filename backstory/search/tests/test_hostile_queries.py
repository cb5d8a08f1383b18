"""Nothing a user types makes search fail: quotes, operators, punctuation, huge input."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstory.search.selectors import search

NASTY = [
    '"', '""', '"""', "'", "*", "**", "-", "--", "- -", "OR", "AND", "NOT", "OR OR",
    "dana OR", "OR dana", "NOT dana", "dana NOT", "NEAR(dana whitfield)", "NEAR", "(", ")",
    "((dana", "dana))", "{name}: dana", "name:dana", "^dana", "dana*", "*dana", "d*a*n*a",
    "dana -", "-dana", "-\"dana\"", "\"dana", "dana\"", "\\", "\\\"", "%", "_", "%_%",
    "'; DROP TABLE people_person; --", "\x00", "dana\x00whitfield", "\u200b", "😀 dana",
    "ـــ", "עברית", "日本語", "a" * 5000, "dana " * 300, ":*", "!", "&", "|", "<->",
    "dana & whitfield", "dana | nadia", "!dana", "dana:*", "'dana':*", "$$", "ws1", "rowid",
]


@pytest.mark.parametrize("text", NASTY)
def test_a_nasty_query_never_fails(workspace, corpus, text):
    results = search(workspace, text)
    assert isinstance(results.found, bool)


@pytest.mark.parametrize("text", ["'; DROP TABLE people_person; --", '"dana', "NEAR(", "\x00"])
def test_the_page_answers_a_nasty_query(owner_client, corpus, text):
    assert owner_client.get("/search/", {"q": text}).status_code == 200


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
       | st.lists(st.sampled_from(['"', "-", "*", "OR", "AND", "NOT", "(", ")", ":", "^", "'",
                                   "dana", "whit", "d", " ", "NEAR", "{", "}", "!", "&", "|"]),
                  max_size=12).map("".join))
def test_any_text_searches_without_error(workspace, corpus, text):
    search(workspace, text)
