"""What the user types becomes a safe query: words, a prefix for the last one, phrases,
exclusions and OR — and nothing typed can break it."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from backstory.search.query import Highlighter, parse, plain


def test_the_last_word_is_a_prefix_and_the_others_are_whole_words():
    query = parse("Dana Whit")
    assert query.to_fts5() == '("dana" AND "whit"*)'
    assert query.to_tsquery() == "('dana' & 'whit':*)"


def test_a_space_after_the_last_word_makes_it_whole():
    assert parse("dana ").to_fts5() == '("dana")'


def test_words_are_folded_like_the_index_folds_them():
    assert parse("JOSÉ Álvarez ").to_fts5() == '("jose" AND "alvarez")'


def test_an_email_address_is_a_phrase_whose_last_word_is_a_prefix():
    assert parse("dana@acme.ex").to_fts5() == '("dana acme ex"*)'


def test_quotes_make_an_exact_phrase_and_an_open_quote_is_still_being_typed():
    assert parse('"customer story"').to_fts5() == '("customer story")'
    assert parse('"customer sto').to_fts5() == '("customer sto"*)'
    assert parse('"customer story" ').to_tsquery() == "(('customer' <-> 'story'))"


def test_minus_leaves_out_and_or_finds_either():
    query = parse("sales OR marketing -legal")
    assert query.to_fts5() == '("sales") OR (("marketing") NOT "legal")'
    assert query.to_tsquery() == "('sales') | ('marketing' & !'legal')"


def test_lower_case_or_is_an_ordinary_word():
    assert parse("black or white ").to_fts5() == '("black" AND "or" AND "white")'


def test_a_query_of_exclusions_only_finds_nothing_rather_than_everything():
    assert not parse("-legal -sales")
    assert not parse("OR")


def test_a_one_letter_last_word_waits_for_a_second_letter():
    query = parse("dana w")
    assert query.to_fts5() == '("dana")'
    assert query.waiting
    alone = parse("d")
    assert not alone and alone.waiting


def test_punctuation_and_operators_are_read_as_words_or_ignored():
    for text in ('"', "*", "-", "()", "NEAR(", "ws:1", "{name}:", "^", "'", "AND", "\\"):
        query = parse(text)
        for compiled in (query.to_fts5(), query.to_tsquery()) if query else ():
            assert "{" not in compiled and ":" not in compiled.replace(":*", "")


SAFE_FTS5 = re.compile(r'^[()"\w *]*(?: (?:AND|OR|NOT) [()"\w *]*)*$')


@given(st.text(max_size=120))
def test_any_text_compiles_to_quoted_words_only(text):
    query = parse(text)
    if not query:
        return
    fts5 = query.to_fts5()
    # Between the quotes there are only letters, digits and spaces.
    for quoted in re.findall(r'"([^"]*)"', fts5):
        assert re.fullmatch(r"[^\W_]+(?: [^\W_]+)*", quoted)
    assert fts5.count('"') % 2 == 0
    tsquery = query.to_tsquery()
    for quoted in re.findall(r"'([^']*)'", tsquery):
        assert re.fullmatch(r"[^\W_]+", quoted)


@given(st.text(max_size=80), st.text(max_size=300))
def test_highlighting_escapes_everything_but_its_own_marks(query, text):
    marked = Highlighter(parse(query)).snippet(text)
    without_marks = str(marked).replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks and ">" not in without_marks


def test_highlighting_marks_whole_words_and_prefixes_of_the_last_word():
    marker = Highlighter(parse("dana cust"))
    assert marker.mark("Dana met a customer, not Danae <b>") == (
        "<mark>Dana</mark> met a <mark>customer</mark>, not Danae &lt;b&gt;")


def test_a_snippet_shows_the_words_found_in_a_long_note():
    text = "Filler words here. " * 30 + "Dana has a customer story about Harbour Foods. " + \
        "More filler. " * 30
    snippet = Highlighter(parse("harbour")).snippet(text)
    assert "<mark>Harbour</mark> Foods" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 260


def test_notes_lose_their_markdown_in_a_snippet():
    assert plain("**Launch** plan:\n\n- [brief](https://x.example)\n- `date`\n\nDone.") == \
        "Launch plan: brief · date · Done."
