"""The follow-up values that pages read from stored columns, and the one place each is
written.

DESIGN.md: "Derived values that pages need fast may be stored, but one function computes
them and a test proves the stored copy matches it." Here they are:

* ``Person.followup_opens_on`` / ``followup_closes_on`` — the first and last day of the
  person's window (``cadence.followup_dates`` is the definition; ``dates_refresh`` writes
  it in one UPDATE, with ``cadence.followup_dates_expressions``). Snoozes stay in
  ``Person.snoozed_until``: the state compares both with today.
* ``Person.first_met_at`` — the person's first meeting (a coffee, call, lunch… of
  ``MEETING_KINDS``), for the next-day follow-up on Today (``first_met_refresh``).
* ``TouchDay`` — interactions per local day of the workspace, for the habit streak and
  the 26-week chart (``touch_days_refresh`` recounts the days of the touches written;
  ``touch_days_rebuild`` recomputes it).

Who writes them: ``core.derived`` (the one write pipeline) lists them with the other
stored derived values, and every writer calls ``derived_refresh`` / ``derived_rebuild``;
the functions here are the refreshers it runs (registered in ``apps.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, Min, OuterRef, Subquery

from backstory.interactions.kinds import MEETING_KINDS  # the kinds that count as meeting someone

from .cadence import (
    Window,
    cadence_defaults,
    followup_dates_expressions,
    local_date,
    workspace_tz,
)

_CHUNK = 500


def _defaults(workspace) -> dict[str, Window]:
    return cadence_defaults(workspace)


def _people(workspace, person_ids: Iterable[int] | None):
    """Querysets of the people to refresh: all of the workspace, or chunks of ids."""
    from backstory.people.models import Person

    base = Person.objects.filter(workspace=workspace)
    if person_ids is None:
        yield base
        return
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), _CHUNK):
        yield base.filter(pk__in=ids[start:start + _CHUNK])


def dates_refresh(workspace, person_ids: Iterable[int] | None = None, *,
                  circles: Iterable[str] | None = None,
                  defaults: dict[str, Window] | None = None) -> None:
    """Write ``followup_opens_on`` / ``followup_closes_on`` of these people (all of the
    workspace when ``person_ids`` is None; only those of ``circles`` when given) from
    their last touch, window, reminders switch and archive flag: one UPDATE."""
    defaults = defaults if defaults is not None else _defaults(workspace)
    values = followup_dates_expressions(workspace_tz(workspace), defaults)
    for qs in _people(workspace, person_ids):
        if circles is not None:
            qs = qs.filter(circle__in=list(circles))
        qs.update(**values)


def first_met_refresh(workspace, person_ids: Iterable[int] | None = None) -> None:
    """Write ``first_met_at``: the time of the person's first meeting (None if none)."""
    from backstory.interactions.models import Participation

    first = (
        Participation.objects.filter(person_id=OuterRef("pk"),
                                     interaction__kind__in=MEETING_KINDS)
        .values("person_id").annotate(first=Min("occurred_at")).values("first")
    )
    for qs in _people(workspace, person_ids):
        qs.update(first_met_at=Subquery(first))


# Touches per day ------------------------------------------------------------------------


def _local_day(workspace, moment: datetime) -> date:
    return moment.astimezone(workspace_tz(workspace)).date()


def touch_days_compute(workspace, *, since: date | None = None,
                       until: date | None = None) -> dict[date, int]:
    """Interactions per local day, counted afresh from the interactions (the definition
    the stored ``TouchDay`` rows must match)."""
    from backstory.interactions.models import Interaction

    tz = workspace_tz(workspace)
    qs = Interaction.objects.filter(workspace=workspace)
    if since is not None:
        qs = qs.filter(occurred_at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until is not None:
        qs = qs.filter(occurred_at__lt=datetime.combine(until + timedelta(days=1), time.min,
                                                        tzinfo=tz))
    rows = (qs.annotate(day=local_date("occurred_at", tz)).values("day")
            .annotate(n=Count("id")).values_list("day", "n"))
    return {day: n for day, n in rows if n}


def touch_days_refresh(workspace, moments: Iterable[datetime | date] | None) -> None:
    """Recount the interactions of the local days of these times (or dates); every day
    when ``moments`` is None."""
    from .models import TouchDay

    if moments is None:
        touch_days_rebuild(workspace)
        return
    days = sorted({_local_day(workspace, m) if isinstance(m, datetime) else m
                   for m in moments})
    if not days:
        return
    counts = touch_days_compute(workspace, since=days[0], until=days[-1])
    # Only the days whose count changed are written: a save that changes nothing leaves
    # the rows as they were.
    have: dict[date, tuple[int, int]] = {}
    for start in range(0, len(days), _CHUNK):
        have.update({day: (pk, n) for pk, day, n in TouchDay.objects.filter(
            workspace=workspace, day__in=days[start:start + _CHUNK]).values_list(
            "id", "day", "count")})
    stale = [pk for day, (pk, n) in have.items() if counts.get(day) != n]
    for start in range(0, len(stale), _CHUNK):
        TouchDay.objects.filter(pk__in=stale[start:start + _CHUNK]).delete()
    TouchDay.objects.bulk_create(
        [TouchDay(workspace=workspace, day=day, count=counts[day])
         for day in days if counts.get(day) and have.get(day, (None, None))[1] != counts[day]],
        batch_size=1000)


def touch_days_rebuild(workspace) -> None:
    """Recount the interactions of every day (after a bulk insert, a restore or a new time
    zone); writes only the days that differ."""
    from .models import TouchDay

    counts = touch_days_compute(workspace)
    have = {day: (pk, n) for pk, day, n in TouchDay.objects.filter(workspace=workspace)
            .values_list("id", "day", "count")}
    stale = [pk for day, (pk, n) in have.items() if counts.get(day) != n]
    for start in range(0, len(stale), _CHUNK):
        TouchDay.objects.filter(pk__in=stale[start:start + _CHUNK]).delete()
    TouchDay.objects.bulk_create(
        [TouchDay(workspace=workspace, day=day, count=n) for day, n in sorted(counts.items())
         if have.get(day, (None, None))[1] != n],
        batch_size=1000,
    )


def planner_statistics() -> None:
    """ANALYZE the big tables: without statistics SQLite cannot tell that "this person"
    is far more selective than "this workspace" and may walk a whole workspace's
    touches to find one person's. Cheap enough to run after any bulk write."""
    from backstory.interactions.models import ActionItem, Interaction, Participation
    from backstory.people.models import ContactPoint, Person, PersonWord

    from .models import Relationship

    tables = [m._meta.db_table
              for m in (Person, ContactPoint, Interaction, Participation, ActionItem,
                        Interaction.members.through, Relationship, PersonWord)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def touch_days_stored(workspace, *, since: date, until: date) -> dict[date, int]:
    from .models import TouchDay

    rows = TouchDay.objects.filter(workspace=workspace, day__gte=since, day__lte=until,
                                   count__gt=0).values_list("day", "count")
    return dict(rows)


__all__ = [
    "MEETING_KINDS", "dates_refresh", "first_met_refresh", "planner_statistics",
    "touch_days_compute", "touch_days_rebuild", "touch_days_refresh", "touch_days_stored",
]
