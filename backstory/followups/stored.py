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
  the 26-week chart (``touch_day_add`` keeps it as interactions come and go;
  ``touch_days_rebuild`` recomputes it).

Who calls what:

* ``people.services.person_refresh_last_touch`` (every logged, moved or removed touch)
  calls ``people_touches_changed``; the interaction services call ``touch_day_add``.
* Person create/update/archive/restore call ``dates_refresh`` for that person; a change of
  the workspace's windows (``cadence_defaults_update``) refreshes the changed circles; a
  change of time zone refreshes everything (``workspace_refresh``).
* Anything that writes people or interactions in bulk (imports, the benchmark builder,
  test factories) calls ``workspace_refresh(workspace)`` — or ``people_touches_changed``
  and ``touch_days_rebuild`` — once at the end.
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


def people_touches_changed(workspace, person_ids: Iterable[int] | None) -> None:
    """After the last touch of these people was recomputed: their first meeting and
    their window dates follow."""
    ids = None if person_ids is None else list(person_ids)
    if ids is not None and not ids:
        return
    first_met_refresh(workspace, ids)
    dates_refresh(workspace, ids)


# Touches per day ------------------------------------------------------------------------


def _local_day(workspace, moment: datetime) -> date:
    return moment.astimezone(workspace_tz(workspace)).date()


def touch_day_add(workspace, moment: datetime, delta: int) -> None:
    """Count one interaction more (``delta`` = 1) or less (−1) on the local day of
    ``moment``. An atomic upsert, so concurrent writers never lose a count."""
    from .models import TouchDay

    day = _local_day(workspace, moment)
    table = TouchDay._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (workspace_id, day, count) VALUES (%s, %s, %s) "
            f"ON CONFLICT (workspace_id, day) DO UPDATE SET count = {table}.count + %s",
            [workspace.pk, day, max(delta, 0), delta],
        )


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


def touch_days_rebuild(workspace) -> None:
    """Recount the interactions of every day (after a bulk insert or a new time zone)."""
    from .models import TouchDay

    counts = touch_days_compute(workspace)
    TouchDay.objects.filter(workspace=workspace).delete()
    TouchDay.objects.bulk_create(
        [TouchDay(workspace=workspace, day=day, count=n) for day, n in sorted(counts.items())],
        batch_size=1000,
    )


def workspace_refresh(workspace) -> None:
    """Recompute every stored follow-up value of the workspace (and the people's stored
    name keys and match terms): call it once after writing people or interactions in bulk (imports,
    benchmark and test builders).
    Also refreshes the database's planner statistics (see ``planner_statistics``)."""
    from backstory.intros.terms import match_terms_refresh
    from backstory.people.names import names_refresh

    planner_statistics()  # freshly loaded tables: plan the refresh with real sizes
    people_touches_changed(workspace, None)
    touch_days_rebuild(workspace)
    names_refresh(workspace)
    match_terms_refresh(workspace)
    planner_statistics()


def planner_statistics() -> None:
    """ANALYZE the big tables: without statistics SQLite cannot tell that "this person"
    is far more selective than "this workspace" and may walk a whole workspace's
    touches to find one person's. Cheap enough to run after any bulk write."""
    from backstory.interactions.models import ActionItem, Interaction, Participation
    from backstory.people.models import ContactPoint, Person

    tables = [m._meta.db_table
              for m in (Person, ContactPoint, Interaction, Participation, ActionItem)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def time_zone_changed(workspace) -> None:
    """Local dates move with the workspace's time zone."""
    dates_refresh(workspace)
    touch_days_rebuild(workspace)


def touch_days_stored(workspace, *, since: date, until: date) -> dict[date, int]:
    from .models import TouchDay

    rows = TouchDay.objects.filter(workspace=workspace, day__gte=since, day__lte=until,
                                   count__gt=0).values_list("day", "count")
    return dict(rows)


__all__ = [
    "MEETING_KINDS", "dates_refresh", "first_met_refresh", "people_touches_changed",
    "planner_statistics", "time_zone_changed", "touch_day_add", "touch_days_compute",
    "touch_days_rebuild", "touch_days_stored", "workspace_refresh",
]
