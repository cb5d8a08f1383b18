"""Relationship strength and the ranking of journalists for a tip. Pure functions.

``relationship_strength`` puts the one definition of strength
(``backstory.followups.strength.strength``: kind-weighted, time-decayed touches) on a
0–100 scale for the pitch suggestions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from backstory.followups.strength import STRONG, strength
from backstory.intros.matching import Document, rank

# The strength at which a relationship counts as "strong" maps to about 63 on 0–100.
SATURATION = STRONG


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def relationship_strength(touches: Iterable[tuple[str, date | datetime]], *,
                          today: date) -> int:
    """0–100 from (kind, when) touches: the shared strength, saturating.

    A coffee today ≈ 39, three coffees in the last month ≈ 75, an e-mail a year ago ≈ 1,
    none = 0.
    """
    score = strength(((kind, _as_date(when)) for kind, when in touches), today=today)
    return round(100 * (1 - math.exp(-score / SATURATION)))


# Words that journalists who cover a kind of tip tend to put in their beat.
KIND_VOCABULARY: dict[str, tuple[str, ...]] = {
    "customer_story": ("customer", "customers", "business", "enterprise", "case", "startups"),
    "human_interest": ("people", "culture", "features", "workplace", "human", "community"),
    "employee_achievement": ("careers", "workplace", "people", "leadership", "diversity"),
    "heads_up": ("news", "investigations", "policy", "regulation", "risk", "security"),
    "news": ("product", "products", "technology", "business", "launch", "industry"),
    "event": ("events", "conference", "community", "local"),
}

# How much each part of a journalist's profile says about what they cover.
FIT_WEIGHTS = {"beat": 3.0, "tags": 2.0, "outlet": 1.0, "title": 1.0, "wants": 1.5}


@dataclass
class Candidate:
    """A journalist as the suggestion ranking sees them."""

    person_id: int
    name: str
    beat: str = ""
    outlet: str = ""
    title: str = ""
    wants: str = ""
    tags: Sequence[str] = ()
    touches: Sequence[tuple[str, date | datetime]] = ()  # (kind, when)
    last_touch: date | datetime | None = None


@dataclass
class Suggestion:
    person_id: int
    name: str
    score: int
    fit: int
    strength: int
    touch_count: int
    reasons: list[str] = field(default_factory=list)


def _touch_reason(candidate: Candidate, today: date) -> str:
    last = candidate.last_touch or max(
        (when for _, when in candidate.touches), key=_as_date, default=None
    )
    if last is None:
        return "You have not been in touch yet — this would be a cold pitch."
    days = (today - _as_date(last)).days
    when = "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"
    count = len(candidate.touches)
    year = f" · {count} touch{'es' if count != 1 else ''} in the past year" if count else ""
    return f"Last touch {when}{year}."


def rank_journalists(tip_text: str, kind: str, candidates: Sequence[Candidate], *,
                     today: date) -> list[Suggestion]:
    """Journalists for a tip, best first: 60 % beat/outlet fit, 40 % relationship.

    Fit is relative to the best fit among the candidates (the best scores 100). People
    with neither any fit nor any relationship are left out.
    """
    documents = [
        Document(key=c.person_id, fields={
            "beat": c.beat, "outlet": c.outlet, "title": c.title, "wants": c.wants,
            "tags": " ".join(c.tags),
        })
        for c in candidates
    ]
    matches = {m.key: m for m in rank(tip_text, documents, FIT_WEIGHTS,
                                      extra_terms=KIND_VOCABULARY.get(kind, ()))}
    best = max((m.score for m in matches.values()), default=0.0)
    suggestions = []
    for candidate in candidates:
        match = matches.get(candidate.person_id)
        fit = round(100 * match.score / best) if match and best else 0
        strength = relationship_strength(candidate.touches, today=today)
        if not fit and not strength:
            continue
        reasons = []
        if match:
            found = [w for words in match.matched.values() for w in words]
            where = candidate.beat or candidate.outlet or "their profile"
            reasons.append(f"Covers {where} — matches “{'”, “'.join(found[:4])}”.")
        elif candidate.beat:
            reasons.append(f"Covers {candidate.beat}; no word of the tip in their beat.")
        reasons.append(_touch_reason(candidate, today))
        suggestions.append(Suggestion(
            person_id=candidate.person_id, name=candidate.name,
            score=round(0.6 * fit + 0.4 * strength), fit=fit, strength=strength,
            touch_count=len(candidate.touches), reasons=reasons,
        ))
    order = {c.person_id: i for i, c in enumerate(candidates)}
    suggestions.sort(key=lambda s: (-s.score, -s.strength, order[s.person_id]))
    return suggestions
