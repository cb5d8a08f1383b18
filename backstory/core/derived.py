"""The one write pipeline: every stored derived value, and the one function that keeps
them right after a write.

DESIGN.md: "Derived values that pages need fast may be stored, but one function computes
them and a test proves the stored copy matches it." This module owns the list of them
(``DERIVED``, in the order they are refreshed: later ones read earlier ones) and every
writer — the services, import commit and undo, merge, restore, bulk actions, quick-log,
the demo, the benchmark builder, the test builders and every future door — calls only
``derived_refresh`` (or, after writing a whole workspace in bulk, ``derived_rebuild``).
No writer picks by hand which values to refresh.

The search index (``search``) is not on the list: database triggers keep it in step with
every INSERT, UPDATE and DELETE (``search.schema``), so it needs no call.

Each write also bumps ``Workspace.data_version`` in the same transaction (one
``UPDATE … SET data_version = data_version + 1``), so that caches can key on it. The
UPDATE holds the workspace's row lock until the writer commits; the refreshes run after
it, so two writers of one workspace recount the same day one after the other, never
both from a stale count.

Layering: this module sits at the bottom (``core``) so that every app may call it; the
apps that own a value plug their refresher in from their ``AppConfig.ready`` with
``register`` (so nothing here imports upwards). ``derived_refresh`` refuses to run while
a value of the list has no refresher.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction


@dataclass(frozen=True)
class Derived:
    name: str
    stores: str
    scope: str  # "people": refreshed for a set of people; "days": for a set of local days
    owner: str  # the module that computes it (and registers the refresher)
    by_circle: bool = False  # follows the workspace's window of a circle
    by_members: bool = False  # follows who the workspace's members (and owners) are


DERIVED: tuple[Derived, ...] = (
    Derived("last_touch", "Person.last_touch_at", "people", "people.services"),
    Derived("first_met", "Person.first_met_at", "people", "followups.stored"),
    Derived("followup_dates", "Person.followup_opens_on, Person.followup_closes_on",
            "people", "followups.stored", by_circle=True),
    Derived("names", "Person.name_key, Person.name_block, NameToken", "people",
            "people.names"),
    Derived("match_terms", "MatchTerm", "people", "intros.terms"),
    Derived("touch_days", "TouchDay", "days", "followups.stored"),
    # Each member's relationship with a person: the member's last touch, touches, first
    # meeting and window dates (followups.Relationship), and Person.snoozed_until (the
    # latest snooze of a member). After the person-level values: it reads their window.
    Derived("relationships", "Relationship.last_touch_at, touch_count, first_met_at, "
            "followup_opens_on, followup_closes_on; Person.snoozed_until", "people",
            "followups.relationships", by_circle=True, by_members=True),
)
# Kept by database triggers, not by this pipeline: the search index (search.schema).

# name -> refresher(workspace, ids_or_moments | None); None means "the whole workspace".
# Two helpers besides: "interactions" (interaction ids -> (person ids, moments)) and
# "statistics" (refresh the planner's statistics after a bulk write).
_HELPERS = ("interactions", "statistics")
_REFRESHERS: dict[str, Callable] = {}


def register(name: str, refresher: Callable) -> None:
    if name not in {d.name for d in DERIVED} | set(_HELPERS):
        raise ImproperlyConfigured(f"{name!r} is not a derived value of core.derived.DERIVED")
    _REFRESHERS[name] = refresher


def _helper(name: str) -> Callable:
    try:
        return _REFRESHERS[name]
    except KeyError:
        raise ImproperlyConfigured(f"No {name!r} helper registered") from None


def _refreshers() -> list[tuple[Derived, Callable]]:
    missing = [d.name for d in DERIVED if d.name not in _REFRESHERS]
    if missing:
        raise ImproperlyConfigured(f"No refresher registered for {', '.join(missing)}")
    return [(d, _REFRESHERS[d.name]) for d in DERIVED]


def data_version_bump(workspace) -> int:
    """One more write in this workspace (part of ``derived_refresh``; writers call that)."""
    table = connection.ops.quote_name(type(workspace)._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET data_version = data_version + 1 "
                       f"WHERE id = %s RETURNING data_version", [workspace.pk])
        (workspace.data_version,) = cursor.fetchone()
    return workspace.data_version


def _ids(items: Iterable) -> set[int]:
    return {getattr(item, "pk", item) for item in items}


def derived_refresh(workspace, *, people: Iterable = (), interactions: Iterable = (),
                    days: Iterable[datetime | date] = (),
                    circles: Iterable[str] = (), members: bool = False) -> None:
    """After a write: bump the workspace's data version and bring every stored derived
    value of these people, interactions and days in line with the data.

    ``people`` — people (or ids) whose own fields or touches changed; ``interactions`` —
    interactions (or ids) that now exist as written: their participants and their local
    days follow; ``days`` — the times (or local dates) of touches that were removed or
    moved away; ``circles`` — circles whose follow-up window changed (only the values
    that follow a circle's window are refreshed, for everyone of those circles, in one
    UPDATE each); ``members`` — who belongs to the workspace (or their role) changed
    (only the values that follow the members are refreshed). Call it with none of them
    for a write that stores no derived value."""
    with transaction.atomic():
        data_version_bump(workspace)
        person_ids = _ids(people)
        moments = set(days)
        interaction_ids = _ids(interactions)
        if interaction_ids:
            more_people, more_moments = _helper("interactions")(workspace, interaction_ids)
            person_ids |= set(more_people)
            moments |= set(more_moments)
        for item, refresh in _refreshers():
            if item.scope == "people" and person_ids:
                refresh(workspace, sorted(person_ids))
            elif item.scope == "days" and moments:
                refresh(workspace, moments)
        circles = sorted(set(circles))
        if circles:
            for item, refresh in _refreshers():
                if item.by_circle:
                    refresh(workspace, None, circles=circles)
        if members:
            for item, refresh in _refreshers():
                if item.by_members:
                    refresh(workspace, None, members=True)


def derived_rebuild(workspace) -> None:
    """The bulk form: recompute every stored derived value of the whole workspace (after
    rows were written in bulk — the benchmark builder, test builders, a restore, a new
    time zone) and bump the data version. Also refreshes the planner statistics."""
    planner_statistics = _helper("statistics")
    with transaction.atomic():
        data_version_bump(workspace)
        planner_statistics()  # freshly loaded tables: plan the refresh with real sizes
        for _item, refresh in _refreshers():
            refresh(workspace, None)
        planner_statistics()

