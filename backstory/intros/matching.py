"""Full-text-ish ranking of people against a short text (an opportunity, a tip).

A small BM25F: every document is a person described by a few weighted fields (what
they want, what they offer, their tags, their beat…). The query's words are lower-cased,
stripped of common words and of simple English endings, and each document scores the
sum over the query words it contains of

    idf(word) × weighted term frequency × (k1 + 1) / (weighted tf + k1 × length norm)

so that rare words count more than common ones, repeating a word helps less and less,
and a long profile does not win by length alone. Pure functions, no database: the
selectors load the documents in a fixed number of queries and call ``rank``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

K1 = 1.2
B = 0.6

_STOPWORD_TEXT = """
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just me more most my myself no nor not now of off on once only or other our ours ourselves out
over own same she should so some such than that the their theirs them themselves then there
these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves also get got like looking
look want wants wanted need needs needed someone somebody something anyone new next year years
role roles job jobs position opportunity opportunities open
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_WORD = re.compile(r"[a-z0-9][a-z0-9+#&]*")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """A light English stemmer: enough to match 'speaking'/'speaker'/'speak'.

    Applied twice so that 'engineering' → 'engineer' → 'engine' meets 'engineers'.
    """
    return _strip(_strip(word))


def _strip(word: str) -> str:
    for suffix, replacement, keep in (
        ("ies", "y", 3), ("ing", "", 3), ("ers", "", 4), ("er", "", 4), ("ed", "", 3),
        ("es", "", 4), ("s", "", 3),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + replacement
    return word


def words(text: str) -> list[tuple[str, str]]:
    """(stem, original word) for every meaningful word of `text`, in order."""
    result = []
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS or len(word) < 2:
            continue
        result.append((stem(word), word))
    return result


def terms(text: str) -> list[str]:
    return [s for s, _ in words(text)]


@dataclass
class Document:
    key: int
    fields: Mapping[str, str]


@dataclass
class Match:
    key: int
    score: float
    # field name → the words of that field that matched, as the person wrote them
    matched: dict[str, list[str]] = field(default_factory=dict)


def rank(query: str, documents: Sequence[Document], weights: Mapping[str, float],
         *, extra_terms: Iterable[str] = ()) -> list[Match]:
    """Documents that share at least one word with the query, best first.

    Ties keep the order of `documents`, so callers pass them in a stable order (by name).
    `extra_terms` adds words to the query at a third of a word's weight (e.g. the
    vocabulary of a tip's kind).
    """
    query_terms: dict[str, float] = {}
    for term in terms(query):
        query_terms[term] = 1.0
    for term in terms(" ".join(extra_terms)):
        query_terms.setdefault(term, 1 / 3)
    if not query_terms or not documents:
        return []

    prepared = []
    df: dict[str, int] = {}
    total_length = 0.0
    for doc in documents:
        tf: dict[str, float] = {}
        seen: dict[str, dict[str, list[str]]] = {}
        length = 0.0
        for name, text in doc.fields.items():
            weight = weights.get(name, 0.0)
            if not weight or not text:
                continue
            for term, original in words(text):
                length += weight
                if term not in query_terms:
                    continue
                tf[term] = tf.get(term, 0.0) + weight
                found = seen.setdefault(term, {}).setdefault(name, [])
                if original not in found:
                    found.append(original)
        for term in tf:
            df[term] = df.get(term, 0) + 1
        prepared.append((doc, tf, seen, length))
        total_length += length

    n = len(documents)
    average = total_length / n or 1.0
    matches = []
    for doc, tf, seen, length in prepared:
        score = 0.0
        matched: dict[str, list[str]] = {}
        for term, query_weight in query_terms.items():
            frequency = tf.get(term)
            if not frequency:
                continue
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            norm = K1 * (1 - B + B * length / average)
            score += query_weight * idf * frequency * (K1 + 1) / (frequency + norm)
            for name, originals in seen[term].items():
                bucket = matched.setdefault(name, [])
                bucket.extend(o for o in originals if o not in bucket)
        if score > 0:
            matches.append(Match(key=doc.key, score=score, matched=matched))
    order = {doc.key: i for i, doc in enumerate(documents)}
    matches.sort(key=lambda m: (-round(m.score, 9), order[m.key]))
    return matches
