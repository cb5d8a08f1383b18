"""A member's tie to a person: how well one member of the team knows one person, in one
read, and the one rule for when a tie is *warm*.

    A member has a warm relationship with a person when their strength is at least
    ``followups.strength.WARM`` (about one coffee in the last three months) or their last
    touch is at most ``RECENT_DAYS`` days ago.

``member_ties`` is the only reader of the per-member values; the warm paths and the
coverage page build on it (and on ``warm_q`` for the same rule inside a query).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models import Count, Max, Q, Sum

from backstory.followups.strength import WARM, lookback_q, strength_label, strength_term
from backstory.interactions.models import Participation
from backstory.workspaces.models import Workspace

RECENT_DAYS = 90


def is_warm(strength: float, last_touch_on: date | None, *, today: date) -> bool:
    """The rule, for one tie (``warm_q`` is the same rule in a query)."""
    recent = last_touch_on is not None and (today - last_touch_on).days <= RECENT_DAYS
    return strength >= WARM or recent


def recent_since(today: date, tz: tzinfo) -> datetime:
    """The first moment whose touch still counts as recent."""
    return datetime.combine(today - timedelta(days=RECENT_DAYS), time.min, tzinfo=tz)


def warm_q(today: date, tz: tzinfo, *, strength: str = "strength", last: str = "last") -> Q:
    """``is_warm`` over annotated ``strength`` and ``last`` (the last touch's moment)."""
    return Q(**{f"{strength}__gte": WARM}) | Q(**{f"{last}__gte": recent_since(today, tz)})


@dataclass(frozen=True)
class Tie:
    member_id: int  # the member's user id
    person_id: int
    strength: float
    touches: int
    last_touch_at: datetime | None
    # What the read asked for of the person besides (``facts=``), e.g. their team's id.
    facts: dict = field(default_factory=dict, compare=False)

    def last_on(self, tz: tzinfo) -> date | None:
        return self.last_touch_at.astimezone(tz).date() if self.last_touch_at else None

    def is_warm(self, *, today: date, tz: tzinfo) -> bool:
        return is_warm(self.strength, self.last_on(tz), today=today)

    def label(self) -> str:
        return strength_label(self.strength)

    def words(self, *, today: date, tz: tzinfo) -> str:
        """How well, in words: "Strong — 14 touches, last on 3 Nov"."""
        count = f"{self.touches} touch{'' if self.touches == 1 else 'es'}"
        last = self.last_on(tz)
        if last is None:
            return f"{self.label().capitalize()} — {count}"
        day = f"{last.day} {last:%b}" + ("" if last.year == today.year else f" {last.year}")
        return f"{self.label().capitalize()} — {count}, last on {day}"

    def rank(self) -> tuple:
        """Best first: the strongest, then the most recent, then the most touches."""
        return (-self.strength, -(self.last_touch_at.timestamp() if self.last_touch_at else 0),
                -self.touches, self.member_id)


def _tie_rows(workspace: Workspace, *, member_ids: Iterable[int], today: date, tz: tzinfo,
              people: Q, facts: tuple[str, ...]):
    """(member, person) with strength, touch count and last touch, from the touches each
    member logged. One grouped query."""
    return (
        Participation.objects.filter(people, workspace=workspace,
                                     interaction__created_by_id__in=list(member_ids))
        .values("person_id", "interaction__created_by_id", *(f"person__{f}" for f in facts))
        .annotate(touches=Count("id"), last=Max("occurred_at"),
                  strength=Sum(strength_term(today, tz), filter=lookback_q(today, tz),
                               default=0.0))
    )


def _tie(row: dict, facts: tuple[str, ...]) -> Tie:
    return Tie(member_id=row["interaction__created_by_id"], person_id=row["person_id"],
               strength=float(row["strength"] or 0.0), touches=row["touches"],
               last_touch_at=row["last"], facts={f: row[f"person__{f}"] for f in facts})


def member_ties(workspace: Workspace, *, member_ids: Iterable[int], today: date, tz: tzinfo,
                people: Q, warm_only: bool = False, limit: int | None = None,
                facts: tuple[str, ...] = ()) -> list[Tie]:
    """Every member's tie to the people that ``people`` (a Q over Participation's
    ``person``) selects, best first; one query. ``facts`` names fields of the person to
    carry along (``Tie.facts``)."""
    rows = _tie_rows(workspace, member_ids=member_ids, today=today, tz=tz, people=people,
                     facts=facts)
    if warm_only:
        rows = rows.filter(warm_q(today, tz))
    rows = rows.order_by("-strength", "-last", "person_id")
    if limit is not None:
        rows = rows[:limit]
    return sorted((_tie(row, facts) for row in rows), key=Tie.rank)
