"""The follow-up state of a person: ONE definition, written twice on purpose.

``annotate_followup`` puts the state on a queryset of people (so that a list of any size
gets it from the database in the same query), and ``followup_state`` is its pure-Python
twin for unit tests and single values. ``tests/test_cadence_state.py`` runs both over the
same table of cases and proves that they agree.

The rules (docs/FOLLOWUPS.md explains them for users):

* The window of a person is their own (``cadence_min_days``/``cadence_max_days``; when
  only one is set it is used for both ends), else the workspace's default for their
  circle (``CadenceDefault``), else the built-in default below.
* Days are counted between calendar dates in the workspace's time zone: a touch at
  23:30 in London on 3 Nov is a touch on 3 Nov, even though it is 4 Nov in UTC+1.
* ``days`` = today − the date of the last touch (any kind of interaction resets it).
  fresh: days < min; due: min ≤ days ≤ max (the first day of the window is
  last touch + min, the last day is last touch + max); overdue: days > max.
* A touch logged in the future (a meeting logged ahead of time) counts as planned
  contact: ``days`` is negative, so the person is fresh, and the window runs from that
  future date.
* never: no touch at all. Never-contacted people are not nagged about on Today; they
  show up among the "widen your network" suggestions instead.
* snoozed: the person would be due or overdue but ``snoozed_until`` is after today
  (snoozed until 14 Nov means "remind me again on 14 Nov"). A touch resets the window
  as always, so a snoozed person who is touched shows as fresh.
* off: reminders are off for the person or for their circle. archived: archived.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.db import NotSupportedError
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate


class State:
    """The follow-up states, with the word and the icon that make them readable without
    colour."""

    FRESH = "fresh"
    DUE = "due"
    OVERDUE = "overdue"
    NEVER = "never"
    SNOOZED = "snoozed"
    OFF = "off"
    ARCHIVED = "archived"

    LABELS = {
        FRESH: "Fresh",
        DUE: "Due",
        OVERDUE: "Overdue",
        NEVER: "Never contacted",
        SNOOZED: "Snoozed",
        OFF: "No reminders",
        ARCHIVED: "Archived",
    }
    ICONS = {
        FRESH: "✓",
        DUE: "●",
        OVERDUE: "⚠",
        NEVER: "○",
        SNOOZED: "⏸",
        OFF: "–",
        ARCHIVED: "▣",
    }
    ALL = tuple(LABELS)


# What the people list filter offers, in this order.
State.CHOICES = [(key, State.LABELS[key]) for key in (
    State.OVERDUE, State.DUE, State.FRESH, State.NEVER, State.SNOOZED, State.OFF)]


@dataclass(frozen=True)
class Window:
    min_days: int
    max_days: int
    off: bool = False

    def describe(self) -> str:
        """'4–6 weeks', '30–60 days', 'every 7 days'."""
        if self.off:
            return "no reminders"
        lo, hi = self.min_days, self.max_days
        if lo % 7 == 0 and hi % 7 == 0 and lo >= 7:
            return f"{lo // 7} weeks" if lo == hi else f"{lo // 7}–{hi // 7} weeks"
        return f"{lo} days" if lo == hi else f"{lo}–{hi} days"


# Built-in windows by circle; a workspace can change them on the Settings page.
BUILTIN_WINDOWS: dict[str, Window] = {
    "internal": Window(28, 42),
    "media": Window(28, 42),
    "customer": Window(42, 70),
    "industry": Window(56, 91),
    "community": Window(56, 91),
    "mentor": Window(28, 56),
    "mentee": Window(14, 28),
    "job_seeker": Window(7, 21),
    "friend": Window(30, 60),
    "other": Window(60, 120),
}
FALLBACK_WINDOW = BUILTIN_WINDOWS["other"]


def workspace_tz(workspace) -> tzinfo:
    try:
        return zoneinfo.ZoneInfo(workspace.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def resolve_window(
    *, circle: str, cadence_min_days: int | None, cadence_max_days: int | None,
    cadence_off: bool, defaults: dict[str, Window],
) -> Window:
    """The window that applies to one person: their own, else their circle's."""
    if cadence_min_days is not None or cadence_max_days is not None:
        lo = cadence_min_days if cadence_min_days is not None else cadence_max_days
        hi = cadence_max_days if cadence_max_days is not None else cadence_min_days
        return Window(lo, hi, cadence_off)
    window = defaults.get(circle) or BUILTIN_WINDOWS.get(circle, FALLBACK_WINDOW)
    if cadence_off:
        return Window(window.min_days, window.max_days, True)
    return window


def followup_state(
    *, today: date, tz: tzinfo, last_touch_at: datetime | None, window: Window,
    archived: bool = False, snoozed_until: date | None = None,
) -> str:
    """The pure-Python twin of ``annotate_followup`` (same rules, same order)."""
    if archived:
        return State.ARCHIVED
    if window.off:
        return State.OFF
    if last_touch_at is None:
        return State.NEVER
    days = (today - last_touch_at.astimezone(tz).date()).days
    if days < window.min_days:
        return State.FRESH
    if snoozed_until is not None and snoozed_until > today:
        return State.SNOOZED
    if days <= window.max_days:
        return State.DUE
    return State.OVERDUE


def days_since(*, today: date, tz: tzinfo, last_touch_at: datetime | None) -> int | None:
    if last_touch_at is None:
        return None
    return (today - last_touch_at.astimezone(tz).date()).days


class DaysBetween(Func):
    """Whole calendar days from ``start`` to ``end`` (end − start); both are dates."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra):
        end, start = self.get_source_expressions()
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        if connection.vendor == "sqlite":
            sql = f"CAST(ROUND(julianday({end_sql}) - julianday({start_sql})) AS INTEGER)"
        elif connection.vendor == "postgresql":
            sql = f"(({end_sql})::date - ({start_sql})::date)"
        else:  # pragma: no cover - the two databases Backstory supports
            raise NotSupportedError(f"DaysBetween is not written for {connection.vendor}.")
        return sql, (*end_params, *start_params)


def local_date(field: str, tz: tzinfo) -> TruncDate:
    return TruncDate(field, tzinfo=tz)


def days_since_expression(today: date, tz: tzinfo, field: str = "last_touch_at") -> DaysBetween:
    return DaysBetween(Value(today, output_field=DateField()), local_date(field, tz))


def _window_case(defaults: dict[str, Window], end: str) -> Case:
    own, other = ("cadence_min_days", "cadence_max_days")
    if end == "max":
        own, other = other, own
    whens = [
        When(**{f"{own}__isnull": False}, then=F(own)),
        When(**{f"{other}__isnull": False}, then=F(other)),
    ]
    for circle, builtin in BUILTIN_WINDOWS.items():
        window = defaults.get(circle, builtin)
        whens.append(When(circle=circle, then=Value(
            window.min_days if end == "min" else window.max_days)))
    fallback = FALLBACK_WINDOW.min_days if end == "min" else FALLBACK_WINDOW.max_days
    return Case(*whens, default=Value(fallback), output_field=IntegerField())


def annotate_followup(
    qs: QuerySet, *, today: date, tz: tzinfo, defaults: dict[str, Window]
) -> QuerySet:
    """Annotate people with ``fu_min``, ``fu_max``, ``fu_off``, ``fu_days`` and ``fu_state``.

    ``defaults`` comes from ``selectors.cadence_defaults`` (one query per request, not
    one per person). Everything else happens inside the one SQL query.
    """
    off_circles = [c for c, w in {**BUILTIN_WINDOWS, **defaults}.items() if w.off]
    no_override = Q(cadence_min_days__isnull=True, cadence_max_days__isnull=True)
    qs = qs.annotate(
        fu_min=_window_case(defaults, "min"),
        fu_max=_window_case(defaults, "max"),
        fu_off=Case(
            When(cadence_off=True, then=Value(True)),
            When(no_override & Q(circle__in=off_circles), then=Value(True)),
            default=Value(False), output_field=BooleanField(),
        ),
        fu_days=days_since_expression(today, tz),
    )
    return qs.annotate(
        fu_state=Case(
            When(archived_at__isnull=False, then=Value(State.ARCHIVED)),
            When(fu_off=True, then=Value(State.OFF)),
            When(last_touch_at__isnull=True, then=Value(State.NEVER)),
            When(fu_days__lt=F("fu_min"), then=Value(State.FRESH)),
            When(snoozed_until__gt=today, then=Value(State.SNOOZED)),
            When(fu_days__lte=F("fu_max"), then=Value(State.DUE)),
            default=Value(State.OVERDUE),
        )
    )
