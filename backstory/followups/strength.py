"""Relationship strength: how warm a relationship is today.

    strength = Σ weight(kind of touch) × ½ ^ (age in days / 90)

over the touches of the last two years. A coffee (weight 3) today adds 3; the same
coffee three months ago adds 1.5, six months ago 0.75. Face-to-face time weighs more than
a message. A relationship is *warm* from 1.5 (about one coffee in the last three months,
or a handful of lighter touches) and *strong* from 6. Touches logged in the future count
as today's.

``strength`` is the definition; ``strength_sum`` is the same sum as a database aggregate
over ``Participation`` rows, so that lists rank by strength in their one query. A test
proves that both give the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, tzinfo

from django.db.models import Case, FloatField, Q, Sum, Value, When
from django.db.models.functions import Cast, Greatest, Power

from backstory.interactions.kinds import KIND_WEIGHTS

from .cadence import DaysBetween, local_date

HALF_LIFE_DAYS = 90.0
LOOKBACK_DAYS = 730
WARM = 1.5
STRONG = 6.0

DEFAULT_WEIGHT = 1.0


def strength(touches: Iterable[tuple[str, date]], *, today: date) -> float:
    """The strength of one relationship from its touches (kind, local date)."""
    total = 0.0
    for kind, day in touches:
        age = max((today - day).days, 0)
        if age > LOOKBACK_DAYS:
            continue
        total += KIND_WEIGHTS.get(kind, DEFAULT_WEIGHT) * 0.5 ** (age / HALF_LIFE_DAYS)
    return total


def strength_label(score: float | None) -> str:
    score = score or 0.0
    if score >= STRONG:
        return "strong"
    if score >= WARM:
        return "warm"
    if score > 0.2:
        return "cool"
    return "cold"


def strength_term(today: date, tz: tzinfo, prefix: str = ""):
    """One participation's share of the sum; ``prefix`` reaches a Participation from
    another model (e.g. ``participations__``)."""
    weight = Case(
        *[When(**{f"{prefix}interaction__kind": kind}, then=Value(w))
          for kind, w in KIND_WEIGHTS.items()],
        default=Value(DEFAULT_WEIGHT), output_field=FloatField(),
    )
    age = Greatest(
        DaysBetween(Value(today), local_date(f"{prefix}occurred_at", tz)), Value(0)
    )
    decay = Power(Value(0.5), Cast(age, FloatField()) / Value(HALF_LIFE_DAYS))
    return weight * decay


def lookback_q(today: date, tz: tzinfo, prefix: str = "") -> Q:
    """Touches inside the look-back window (a little generous: the age term cuts exactly)."""
    from datetime import datetime, time, timedelta

    start = datetime.combine(today - timedelta(days=LOOKBACK_DAYS), time.min, tzinfo=tz)
    return Q(**{f"{prefix}occurred_at__gte": start})


def strength_sum(today: date, tz: tzinfo, prefix: str = "") -> Sum:
    """``Sum`` of the strength terms, for ``.values(person).annotate(...)``."""
    return Sum(strength_term(today, tz, prefix), output_field=FloatField(),
               filter=lookback_q(today, tz, prefix) if prefix else None)


def strength_subquery(today: date, tz: tzinfo, workspace):
    """A correlated subquery: the strength of the person in ``OuterRef('pk')``."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from backstory.interactions.models import Participation

    inner = (
        Participation.objects.filter(workspace=workspace, person_id=OuterRef("pk"))
        .filter(lookback_q(today, tz))
        .values("person_id")
        .annotate(s=Sum(strength_term(today, tz), output_field=FloatField()))
        .values("s")
    )
    return Coalesce(Subquery(inner, output_field=FloatField()), Value(0.0))

