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

import functools
import math
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from django.db import NotSupportedError
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, Least

from backstory.workspaces.clock import workspace_tz  # noqa: F401 — the one rule, used here

from .models import CadenceDefault


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


def member_window(
    *, circle: str, person_min: int | None, person_max: int | None, person_off: bool,
    own_min: int | None = None, own_max: int | None = None, own_off: bool = False,
    defaults: dict[str, Window],
) -> Window:
    """The window of one member's relationship with a person: the member's own
    (``Relationship.cadence_*``), else the person's (the team's, ``Person.cadence_*``),
    else their circle's. Reminders are off when the member or the person switched them
    off. In a workspace of one nobody sets a window of their own: the person's applies."""
    if own_min is not None or own_max is not None:
        return resolve_window(circle=circle, cadence_min_days=own_min, cadence_max_days=own_max,
                              cadence_off=own_off or person_off, defaults=defaults)
    return resolve_window(circle=circle, cadence_min_days=person_min,
                          cadence_max_days=person_max, cadence_off=own_off or person_off,
                          defaults=defaults)


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


class AddDays(Func):
    """``day`` + ``days`` (a date plus a whole number of days) as a date."""

    output_field = DateField()
    arity = 2

    def as_sql(self, compiler, connection, **extra):
        day, days = self.get_source_expressions()
        day_sql, day_params = compiler.compile(day)
        days_sql, days_params = compiler.compile(days)
        if connection.vendor == "sqlite":
            sql = f"date({day_sql}, ({days_sql}) || ' days')"
        elif connection.vendor == "postgresql":
            sql = f"(({day_sql})::date + ({days_sql})::integer)"
        else:  # pragma: no cover
            raise NotSupportedError(f"AddDays is not written for {connection.vendor}.")
        return sql, (*day_params, *days_params)


# The UTC offsets of a time zone, as (first UTC instant, offset) segments: SQLite turns a
# stored UTC time into a local date with built-in functions only (a CASE over these
# segments), not with a Python function called once per row.
_OFFSETS_FROM_YEAR = 1970
_OFFSETS_YEARS_AHEAD = 10


@functools.lru_cache(maxsize=32)
def utc_offset_segments(tz_key: str, until_year: int) -> tuple[tuple[datetime, timedelta], ...]:
    tz = zoneinfo.ZoneInfo(tz_key)
    start = datetime(_OFFSETS_FROM_YEAR, 1, 1, tzinfo=UTC)
    end = datetime(until_year, 1, 1, tzinfo=UTC)
    segments = [(start, start.astimezone(tz).utcoffset())]
    step = timedelta(hours=12)
    at = start
    while at < end:
        nxt = at + step
        if nxt.astimezone(tz).utcoffset() != segments[-1][1]:
            lo, hi = at, nxt  # the change happens in (lo, hi]: find its first second
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(tz).utcoffset() == segments[-1][1]:
                    lo = mid
                else:
                    hi = mid
            hi = hi.replace(microsecond=0)
            segments.append((hi, hi.astimezone(tz).utcoffset()))
        at = nxt
    return tuple(segments)


def _sqlite_modifier(offset: timedelta) -> str:
    return f"'{int(offset.total_seconds()) // 60:+d} minutes'"


def _sqlite_stamp(moment: datetime) -> str:
    return "'" + moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") + "'"


class LocalDate(Func):
    """The calendar date, in time zone ``tz``, of a stored (UTC) date-time column.

    PostgreSQL converts natively; SQLite gets ``date(col, <offset>)`` where the offset is
    a CASE over the zone's UTC-offset segments (newest first, so recent rows decide in a
    comparison or two) — built-in functions only, fast enough for thousands of rows.
    """

    output_field = DateField()
    arity = 1

    def __init__(self, expression, tz: tzinfo, **extra):
        self.tz = tz
        super().__init__(expression, **extra)

    def _tz_key(self) -> str:
        return getattr(self.tz, "key", None) or str(self.tz)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"(({sql}) AT TIME ZONE %s)::date", (*params, self._tz_key())

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        key = self._tz_key()
        # SQLite keeps times to the millisecond and rounds: 23:59:59.9996 would become the
        # next day. The seconds are enough for a date.
        whole = f"substr({sql}, 1, 19)"
        if key in ("UTC", "Etc/UTC", "utc"):
            return f"date({whole})", params
        now = datetime.now(UTC)
        segments = utc_offset_segments(key, now.year + _OFFSETS_YEARS_AHEAD)
        uses = [1]  # how many times the column's SQL (and so its params) appears

        def col() -> str:
            uses[0] += 1
            return sql

        def case(whens: list[tuple[str, str]], default: str) -> str:
            if not whens:
                return default
            return "CASE " + " ".join(f"WHEN {w} THEN {t}" for w, t in whens) + \
                f" ELSE {default} END"

        current = max(i for i, (begin, _) in enumerate(segments) if begin <= now)
        # Past rows walk back from the segment in force now (one or two comparisons for
        # recent touches); future rows walk forward.
        past = case([(f"{col()} >= {_sqlite_stamp(begin)}", _sqlite_modifier(offset))
                     for begin, offset in reversed(segments[1:current + 1])],
                    _sqlite_modifier(segments[0][1]))
        if current + 1 < len(segments):
            future = case([(f"{col()} < {_sqlite_stamp(begin)}",
                            _sqlite_modifier(segments[i - 1][1]))
                           for i, (begin, _) in enumerate(segments) if i > current + 1],
                          _sqlite_modifier(segments[-1][1]))
            boundary = _sqlite_stamp(segments[current + 1][0])
            modifier = case([(f"{col()} < {boundary}", past)], future)
        else:
            modifier = past
        return f"date({whole}, {modifier})", tuple(params) * uses[0]


def local_date(field: str, tz: tzinfo) -> LocalDate:
    return LocalDate(F(field) if isinstance(field, str) else field, tz)


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


def off_circles(defaults: dict[str, Window]) -> list[str]:
    return sorted(c for c, w in {**BUILTIN_WINDOWS, **defaults}.items() if w.off)


def off_q(defaults: dict[str, Window]) -> Q:
    """People whose reminders are off: their own switch, or their circle's (unless they
    have a window of their own)."""
    no_override = Q(cadence_min_days__isnull=True, cadence_max_days__isnull=True)
    return Q(cadence_off=True) | (no_override & Q(circle__in=off_circles(defaults)))


# The stored window dates --------------------------------------------------------------


def followup_dates(
    *, tz: tzinfo, last_touch_at: datetime | None, window: Window, archived: bool = False,
) -> tuple[date | None, date | None]:
    """The first and the last day of a person's window (``Person.followup_opens_on`` and
    ``followup_closes_on``): local date of the last touch + min / + max days; None for
    both when never contacted, when reminders are off, or when archived.

    The pure-Python twin of ``followup_dates_expressions`` (which ``stored.py`` writes
    with); a test proves that the stored copy equals this for random histories."""
    if archived or window.off or last_touch_at is None:
        return None, None
    day = last_touch_at.astimezone(tz).date()
    return day + timedelta(days=window.min_days), day + timedelta(days=window.max_days)


def followup_dates_expressions(tz: tzinfo, defaults: dict[str, Window]) -> dict[str, Case]:
    """``followup_opens_on`` and ``followup_closes_on`` as SQL expressions of a person's
    own columns (for one UPDATE over any number of people)."""
    touched_on = local_date("last_touch_at", tz)
    active = Q(archived_at__isnull=True, last_touch_at__isnull=False) & ~off_q(defaults)
    return {
        f"followup_{name}_on": Case(
            When(active, then=AddDays(touched_on, _window_case(defaults, end))),
            default=Value(None), output_field=DateField(),
        )
        for name, end in (("opens", "min"), ("closes", "max"))
    }


# The state, the due count and the urgency, read from the stored window dates ---------
#
# ONE set of expressions over the stored columns ``followup_opens_on``,
# ``followup_closes_on`` and ``snoozed_until`` (and ``last_touch_at`` for "never"). Person
# (the team's values) and Relationship (a member's own) name these columns alike, so the
# same expressions serve both; ``prefix`` reaches them through a relation
# (``person__``). ``followup_state`` is the pure-Python reference the tests compare with.

CAP = 1.5  # urgency stops counting half a window past its end (docs/FOLLOWUPS.md)


def _c(prefix: str, name: str) -> str:
    return f"{prefix}{name}"


# The snooze rule, in one place: snoozed while ``snoozed_until`` is after today.
def snoozed_q(today: date, prefix: str = "") -> Q:
    return Q(**{_c(prefix, "snoozed_until__gt"): today})


def awake_q(today: date, prefix: str = "") -> Q:
    return Q(**{_c(prefix, "snoozed_until__isnull"): True}) | Q(
        **{_c(prefix, "snoozed_until__lte"): today})


def dated_state_q(state: str, today: date, prefix: str = "",
                  opens: str = "followup_opens_on", closes: str = "followup_closes_on") -> Q:
    """The states of people whose window dates are stored (not archived, off or never
    contacted): conditions that the window-date indexes serve."""
    opens, closes = _c(prefix, opens), _c(prefix, closes)
    if state == State.FRESH:
        return Q(**{f"{opens}__gt": today})
    if state == State.SNOOZED:
        return Q(**{f"{opens}__lte": today}) & snoozed_q(today, prefix)
    if state == State.DUE:
        return Q(**{f"{opens}__lte": today, f"{closes}__gte": today}) & awake_q(today, prefix)
    if state == State.OVERDUE:
        return Q(**{f"{closes}__lt": today}) & awake_q(today, prefix)
    raise ValueError(f"{state!r} is not a state with window dates")


def reach_out_q(*, today: date, prefix: str = "") -> Q:
    """Due or overdue (the people Today asks you to reach out to, and the due count):
    ``DUE ∪ OVERDUE`` written as one range, since a window never closes before it opens."""
    return Q(**{_c(prefix, "followup_opens_on__lte"): today}) & awake_q(today, prefix)


def dated_state_case(today: date, prefix: str = "") -> list[When]:
    """``When`` clauses of the dated states, in the order of ``followup_state``."""
    return [When(dated_state_q(state, today, prefix), then=Value(state))
            for state in (State.FRESH, State.SNOOZED, State.DUE)]


def urgency_expression(today: date, prefix: str = "") -> Least:
    """How far into (or past) the window: 0 when it opens, 1 on its last day, at most
    ``CAP`` — (today − opens) / max(closes − opens, 1), from the stored dates."""
    opens, closes = F(_c(prefix, "followup_opens_on")), F(_c(prefix, "followup_closes_on"))
    today_value = Value(today, output_field=DateField())
    span = Greatest(DaysBetween(closes, opens), Value(1))
    return Least(Cast(DaysBetween(today_value, opens), FloatField())
                 / Cast(span, FloatField()), Value(CAP), output_field=FloatField())


def urgency(*, today: date, opens_on: date, closes_on: date) -> float:
    """The Python twin of ``urgency_expression``."""
    return min((today - opens_on).days / max((closes_on - opens_on).days, 1), CAP)


def capped_on(opens_on: date | None, closes_on: date | None) -> date | None:
    """The first day on which urgency is at its cap: (today − opens) / span ≥ CAP, i.e.
    today ≥ opens + ⌈CAP × span⌉ (stored as ``Relationship.followup_capped_on``)."""
    if opens_on is None or closes_on is None:
        return None
    span = max((closes_on - opens_on).days, 1)
    return opens_on + timedelta(days=math.ceil(CAP * span))


def capped_q(today: date, prefix: str = "") -> Q:
    """Urgency at its cap today (from the stored ``followup_capped_on``)."""
    return Q(**{_c(prefix, "followup_capped_on__lte"): today})


def annotate_followup(
    qs: QuerySet, *, today: date, tz: tzinfo, defaults: dict[str, Window]
) -> QuerySet:
    """Annotate people with ``fu_min``, ``fu_max``, ``fu_off``, ``fu_days`` and ``fu_state``.

    The state is read from the stored window dates (``followup_opens_on`` /
    ``followup_closes_on``, see ``stored.py``) by ``dated_state_case``; ``defaults``
    comes from ``selectors.cadence_defaults`` (one query per request). To *filter* by
    state use ``state_q``: the same conditions.
    """
    qs = qs.annotate(
        fu_min=_window_case(defaults, "min"),
        fu_max=_window_case(defaults, "max"),
        fu_off=Case(When(off_q(defaults), then=Value(True)),
                    default=Value(False), output_field=BooleanField()),
        fu_days=days_since_expression(today, tz),
    )
    return qs.annotate(
        fu_state=Case(
            When(archived_at__isnull=False, then=Value(State.ARCHIVED)),
            When(fu_off=True, then=Value(State.OFF)),
            When(last_touch_at__isnull=True, then=Value(State.NEVER)),
            *dated_state_case(today),
            default=Value(State.OVERDUE),
        )
    )


def state_q(state: str, *, today: date, defaults: dict[str, Window],
            columns: dict[str, str] | None = None) -> Q:
    """People in ``state`` today, as conditions on stored columns (served by the
    ``person_ws_fu_*`` indexes): the same rules as ``fu_state`` in ``annotate_followup``,
    which a test checks state by state. ``columns`` renames the date columns (to
    aliases such as ``unindexed`` ones)."""
    names = {"followup_opens_on": "followup_opens_on",
             "followup_closes_on": "followup_closes_on", **(columns or {})}
    live = Q(archived_at__isnull=True)
    if state == State.ARCHIVED:
        return Q(archived_at__isnull=False)
    if state == State.OFF:
        return live & off_q(defaults)
    if state == State.NEVER:
        return live & Q(last_touch_at__isnull=True) & ~off_q(defaults)
    # The window dates are null for archived, off and never-contacted people.
    return dated_state_q(state, today, opens=names["followup_opens_on"],
                         closes=names["followup_closes_on"])


DATED_STATES = (State.FRESH, State.SNOOZED, State.DUE, State.OVERDUE)


class Unindexed(Func):
    """A column that SQLite must not search by (``+column``): for a page of a list where
    most rows match, walking the list's order and testing each row beats collecting
    every match and sorting. Other databases get the plain column."""

    arity = 1

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(self.get_source_expressions()[0])

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"(+{sql})", params


def cadence_defaults_from(rows) -> dict[str, Window]:
    """The window of every circle, given the workspace's ``CadenceDefault`` rows."""
    windows = dict(BUILTIN_WINDOWS)
    for row in rows:
        windows[row.circle] = Window(row.min_days, row.max_days, row.off)
    return windows


def cadence_defaults(workspace) -> dict[str, Window]:
    """The window of every circle in this workspace (built-in unless changed)."""
    return cadence_defaults_from(CadenceDefault.objects.filter(workspace=workspace))
