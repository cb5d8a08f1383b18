"""What the user typed, turned into a safe query for FTS5 or PostgreSQL, and the
highlighting of the words it found.

The grammar is small and forgiving, and nothing the user types can raise:

- words are matched whole, except the last one, which is a prefix ("dan" finds "Dana");
- "quoted words" match as a phrase, exactly;
- a word that is several words to the index (``dana@acme.com``, ``O'Brien``) is a phrase;
- ``-word`` or ``-"a phrase"`` leaves out what contains it;
- ``OR`` (in capitals) between two words or groups finds either;
- everything else — quotes left open, ``*``, ``(``, ``:``, ``NEAR``, punctuation — is read
  as plain words or ignored.

Words are folded the way the index folds them (lower case, accents removed, letters and
digits only: FTS5's unicode61 tokenizer, ``search_fold()`` on PostgreSQL), so a query can
only ever contain quoted runs of letters and digits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# More than this many words make a query slow and no better.
MAX_TERMS = 12
# A prefix of one letter matches most of the index; it waits for a second letter.
MIN_PREFIX = 2

_WORD = re.compile(r"[^\W_]+")
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def fold(text: str) -> str:
    """Lower case without accents: "José" → "jose"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The index's words in ``text``."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class Item:
    """A word or a phrase; ``prefix`` makes its last word a prefix."""

    words: tuple[str, ...]
    negated: bool = False
    prefix: bool = False


@dataclass
class Query:
    """Groups joined by OR; the items of a group are joined by AND."""

    groups: list[list[Item]] = field(default_factory=list)
    # A one-letter last word that was set aside until the user types more.
    waiting: bool = False

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def positive(self) -> list[Item]:
        return [item for group in self.groups for item in group if not item.negated]

    def to_fts5(self) -> str:
        """An FTS5 MATCH expression (to be combined with a column filter)."""
        def item(it: Item) -> str:
            return '"' + " ".join(it.words) + '"' + ("*" if it.prefix else "")

        ors = []
        for group in self.groups:
            expr = " AND ".join(item(i) for i in group if not i.negated)
            negated = [item(i) for i in group if i.negated]
            if negated:
                expr = f"({expr}) NOT " + " NOT ".join(negated)
            ors.append(f"({expr})")
        return " OR ".join(ors)

    def to_tsquery(self) -> str:
        """A PostgreSQL ``to_tsquery('simple', ...)`` text."""
        def item(it: Item) -> str:
            lexemes = [f"'{w}'" for w in it.words]
            if it.prefix:
                lexemes[-1] += ":*"
            text = " <-> ".join(lexemes)
            text = f"({text})" if len(lexemes) > 1 else text
            return f"!{text}" if it.negated else text

        return " | ".join("(" + " & ".join(item(i) for i in group) + ")"
                          for group in self.groups)


def query_matches(query: Query, text: str) -> bool:
    """Whether ``text`` matches ``query`` as the index would find it (words whole, the
    last one of a prefix item a prefix, phrases in order) — for the few texts the index
    does not hold: an author's private notes."""
    found = words(text or "")

    def has(item: Item) -> bool:
        n = len(item.words)
        for start in range(len(found) - n + 1):
            window = found[start:start + n]
            if window[:-1] == list(item.words[:-1]) and (
                    window[-1].startswith(item.words[-1]) if item.prefix
                    else window[-1] == item.words[-1]):
                return True
        return False

    return any(all(has(i) != i.negated for i in group) for group in query.groups)


def parse(text: str) -> Query:
    """Read what the user typed; never raises."""
    text = (text or "")[:500]
    items: list[Item | None] = []  # None stands for OR
    typing: int | None = None  # the item whose last word is still being typed
    for match in _CHUNK.finditer(text):
        negation, quoted, bare = match.group(1), match.group(2), match.group(3)
        typing = None
        if bare == "OR":
            items.append(None)
            continue
        if bare is not None:
            negated = bare.startswith("-") and len(bare) > 1
            found = words(bare[1:] if negated else bare)
            open_ended = not negated
        else:
            negated = bool(negation)
            found = words(quoted)
            # A phrase whose closing quote is not typed yet is still being typed.
            closed = len(match.group(0)) > len(negation) + 1 and match.group(0).endswith('"')
            open_ended = not negated and not closed
        if not found:
            continue
        items.append(Item(tuple(found), negated=negated))
        if open_ended and match.end() == len(text):
            typing = len(items) - 1
    query = Query()
    if typing is not None:
        it = items[typing]
        if len(it.words[-1]) >= MIN_PREFIX:
            items[typing] = Item(it.words, prefix=True)
        elif len(it.words) > 1:
            items[typing] = Item(it.words[:-1])
        else:
            # One letter: set aside until the user types a second one.
            items[typing] = Item(())
            query.waiting = True
    groups: list[list[Item]] = [[]]
    count = 0
    for it in items:
        if it is None:
            groups.append([])
        elif it.words and count < MAX_TERMS:
            groups[-1].append(it)
            count += len(it.words)
    # A group needs something to find; "-word" alone would list everything else.
    query.groups = [g for g in groups if any(not i.negated for i in g)]
    return query


# Highlighting ---------------------------------------------------------------------------

SNIPPET_CHARS = 160


class Highlighter:
    """Marks the words of a text that the query found, escaping everything else."""

    def __init__(self, query: Query):
        self.exact: set[str] = set()
        self.prefixes: list[str] = []
        for it in query.positive:
            *whole, last = it.words
            self.exact.update(whole)
            if it.prefix:
                self.prefixes.append(last)
            else:
                self.exact.add(last)

    def _hits(self, text: str) -> list[tuple[int, int]]:
        hits = []
        for match in _WORD.finditer(text):
            word = fold(match.group())
            if word in self.exact or any(word.startswith(p) for p in self.prefixes):
                hits.append(match.span())
        return hits

    def matches(self, text: str) -> bool:
        return bool(text) and bool(self._hits(text))

    def mark(self, text: str) -> SafeString:
        """The whole text, escaped, with the found words in <mark>."""
        return self._render(text, self._hits(text), 0, len(text))

    def snippet(self, text: str, size: int = SNIPPET_CHARS) -> SafeString:
        """About ``size`` characters around the densest cluster of found words (or the
        start of the text when none is found), escaped, found words in <mark>."""
        text = plain(text)
        hits = self._hits(text)
        if len(text) <= size:
            return self._render(text, hits, 0, len(text))
        start = 0
        if hits:
            best = max(hits, key=lambda h: sum(1 for o in hits if h[0] <= o[0] < h[0] + size))
            start = max(0, best[0] - size // 4)
            if start:
                space = text.find(" ", start)
                start = space + 1 if 0 <= space < best[0] else start
        end = min(len(text), start + size)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        return self._render(text, hits, start, end)

    @staticmethod
    def _render(text: str, hits: list[tuple[int, int]], start: int, end: int) -> SafeString:
        parts = ["…" if start > 0 else ""]
        at = start
        for hit_start, hit_end in hits:
            if hit_end <= start or hit_start >= end:
                continue
            parts.append(escape(text[at:hit_start]))
            parts.append(f"<mark>{escape(text[hit_start:hit_end])}</mark>")
            at = hit_end
        parts.append(escape(text[at:end]))
        parts.append("…" if end < len(text) else "")
        return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped


_MARKDOWN = re.compile(r"(\*\*|__|`+|^\s*#+\s*|^\s*>\s*|^\s*(?:[-*+]|\d+\.)\s+)", re.M)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def plain(markdown: str) -> str:
    """Notes as one line of text: Markdown marks taken out; lines that do not end a
    sentence (list items, headings) are joined with " · "."""
    text = _LINK.sub(r"\1", markdown or "")
    text = _MARKDOWN.sub("", text).replace("*", "")
    out = ""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            out += ("" if not out else " " if out[-1] in ".!?:;,…" else " · ") + line
    return out
