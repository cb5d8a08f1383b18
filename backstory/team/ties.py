"""How well one member of the team knows one person, in words, and the one rule for when
a member's relationship is *warm* — both built on each member's own stored relationship
(``followups.Relationship``, read through ``followups.ties``).

    A member has a warm relationship with a person when their last touch with them is at
    most ``RECENT_DAYS`` days old, or the member's follow-up window for the person has
    not closed yet (``Relationship.followup_closes_on`` is today or later).

The rule reads stored values only, so that it is the same in Python (``is_warm``) and in
a query over ``Relationship`` (``warm_q``) — the coverage page counts warm relationships
of a whole workspace in one grouped query. Strength (which decays, so is not stored) is
the "how well" of the words: "Strong — 14 touches, last on 3 Nov".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models import Q

from backstory.followups.strength import strength_label
from backstory.followups.ties import Tie

RECENT_DAYS = 90


def is_warm(last_touch_on: date | None, closes_on: date | None, *, today: date) -> bool:
    """The rule, for one relationship (``warm_q`` is the same rule in a query)."""
    if last_touch_on is None:
        return False
    return (today - last_touch_on).days <= RECENT_DAYS or (
        closes_on is not None and closes_on >= today)


def recent_since(today: date, tz: tzinfo) -> datetime:
    """The first moment whose touch is still recent (local midnight, RECENT_DAYS ago)."""
    return datetime.combine(today - timedelta(days=RECENT_DAYS), time.min, tzinfo=tz)


def warm_q(today: date, tz: tzinfo, prefix: str = "") -> Q:
    """``is_warm`` over ``Relationship`` rows (``prefix`` reaches them from another model)."""
    return Q(**{f"{prefix}last_touch_at__gte": recent_since(today, tz)}) | Q(
        **{f"{prefix}last_touch_at__isnull": False,
           f"{prefix}followup_closes_on__gte": today})


def tie_words(tie: Tie, *, today: date, tz: tzinfo) -> str:
    """How well, in words: "Strong — 14 touches, last on 3 Nov"."""
    count = f"{tie.touch_count} touch{'' if tie.touch_count == 1 else 'es'}"
    label = strength_label(tie.strength).capitalize()
    if tie.last_touch_at is None:
        return f"{label} — {count}"
    last = tie.last_touch_at.astimezone(tz).date()
    day = f"{last.day} {last:%b}" + ("" if last.year == today.year else f" {last.year}")
    return f"{label} — {count}, last on {day}"


@dataclass(frozen=True)
class Known:
    """One member who knows one person: the stored tie and how well, in words."""

    tie: Tie
    name: str
    is_you: bool
    words: str
    can_introduce: bool

    @property
    def label(self) -> str:
        return self.tie.strength_label
