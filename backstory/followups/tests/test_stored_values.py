"""The stored follow-up values (window dates, first meeting, touches per day) always equal
a fresh computation, whatever happened: random histories of touches logged, moved and
deleted, people moved between circles, given their own windows, switched off, archived,
restored and snoozed, the workspace's windows and time zone changed — all through the
services. And the SQL that turns times into local dates agrees with Python."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from django.apps import apps as django_apps
from django.db.models import DateTimeField, Value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstory.core.derived import derived_rebuild
from backstory.followups import relationships, selectors, services, stored
from backstory.followups.cadence import (
    LocalDate,
    State,
    annotate_followup,
    followup_dates,
    followup_state,
    state_q,
    workspace_tz,
)
from backstory.followups.models import Relationship, TouchDay
from backstory.interactions.models import Interaction, Participation
from backstory.interactions.services import (
    InteractionFields,
    interaction_delete,
    interaction_update,
)
from backstory.people.models import Circle, Person
from backstory.people.services import (
    PersonFields,
    person_archive,
    person_restore,
    person_update,
)
from backstory.testing import make_interaction, make_person
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import workspace_create, workspace_update

from .. import cadence

NOW = datetime(2026, 11, 12, 15, 30, tzinfo=UTC)
TODAY = date(2026, 11, 12)
ZONES = ["UTC", "Europe/London", "America/Los_Angeles", "Pacific/Auckland", "Asia/Kolkata",
         "Australia/Lord_Howe", "America/St_Johns"]
KINDS = ["coffee", "email", "message", "video", "event", "social"]
SLOW = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


# What a random history is made of.
person_ops = st.one_of(
    st.tuples(st.just("log"), st.lists(st.integers(0, 4), min_size=1, max_size=3, unique=True),
              st.integers(-20, 500), st.integers(0, 23), st.sampled_from(KINDS)),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(-20, 500), st.integers(0, 23)),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("circle"), st.integers(0, 4), st.sampled_from(Circle.values)),
    st.tuples(st.just("window"), st.integers(0, 4), st.one_of(st.none(), st.integers(1, 60)),
              st.one_of(st.none(), st.integers(60, 120))),
    st.tuples(st.just("off"), st.integers(0, 4), st.booleans()),
    st.tuples(st.just("archive"), st.integers(0, 4)),
    st.tuples(st.just("restore"), st.integers(0, 4)),
    st.tuples(st.just("snooze"), st.integers(0, 4), st.one_of(st.none(), st.integers(1, 60))),
    st.tuples(st.just("defaults"), st.sampled_from(Circle.values), st.integers(1, 50),
              st.integers(0, 60), st.booleans()),
    st.tuples(st.just("tz"), st.sampled_from(ZONES)),
)


def _fields(person: Person, **changes) -> PersonFields:
    data = PersonFields(name=person.name, circle=person.circle,
                        cadence_min_days=person.cadence_min_days,
                        cadence_max_days=person.cadence_max_days,
                        cadence_off=person.cadence_off)
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def _apply(workspace: Workspace, owner, people: list[Person], op) -> None:
    kind = op[0]
    interactions = list(Interaction.objects.filter(workspace=workspace).order_by("id"))
    person = people[op[1] % len(people)] if kind not in ("log", "move", "delete", "defaults",
                                                          "tz") else None
    if person is not None:
        person.refresh_from_db()
    if kind == "log":
        _, who, days, hour, touch_kind = op
        make_interaction(workspace, [people[i] for i in who], kind=touch_kind,
                         when=NOW - timedelta(days=days, hours=hour))
    elif kind == "move" and interactions:
        item = interactions[op[1] % len(interactions)]
        interaction_update(workspace, by=owner, interaction=item, data=InteractionFields(
            kind=item.kind, occurred_at=NOW - timedelta(days=op[2], hours=op[3]),
            people=list(item.participants.all())))
    elif kind == "delete" and interactions:
        interaction_delete(workspace, by=owner, interaction=interactions[op[1] % len(interactions)])
    elif kind == "circle":
        person_update(workspace, by=owner, person=person, data=_fields(person, circle=op[2]))
    elif kind == "window":
        person_update(workspace, by=owner, person=person,
                      data=_fields(person, cadence_min_days=op[2], cadence_max_days=op[3]))
    elif kind == "off":
        person_update(workspace, by=owner, person=person, data=_fields(person, cadence_off=op[2]))
    elif kind == "archive":
        person_archive(workspace, by=owner, person=person)
    elif kind == "restore":
        person_restore(workspace, by=owner, person=person)
    elif kind == "snooze":
        until = TODAY + timedelta(days=op[2]) if op[2] else None
        services.followup_snooze(workspace, by=owner, person=person, until=until, today=TODAY)
    elif kind == "defaults":
        _, circle, lo, extra, off = op
        services.cadence_defaults_update(workspace, by=owner, windows={
            circle: cadence.Window(lo, lo + extra, off)})
    elif kind == "tz":
        workspace_update(workspace, by=owner, name=workspace.name, time_zone=op[1])


def assert_stored_values_are_fresh(workspace: Workspace) -> None:
    """Every stored value equals the definition, computed afresh in Python."""
    workspace.refresh_from_db()
    tz = workspace_tz(workspace)
    defaults = selectors.cadence_defaults(workspace)
    touches: dict[int, list[tuple[datetime, str]]] = {}
    for person_id, at, kind in Participation.objects.filter(workspace=workspace).values_list(
            "person_id", "occurred_at", "interaction__kind"):
        touches.setdefault(person_id, []).append((at, kind))
    for person in Person.objects.filter(workspace=workspace):
        mine = touches.get(person.pk, [])
        assert person.last_touch_at == max((at for at, _ in mine), default=None)
        window = selectors.window_for(person, defaults)
        expected = followup_dates(tz=tz, last_touch_at=person.last_touch_at, window=window,
                                  archived=person.archived_at is not None)
        assert (person.followup_opens_on, person.followup_closes_on) == expected, person.name
        meetings = [at for at, kind in mine if kind in stored.MEETING_KINDS]
        assert person.first_met_at == min(meetings, default=None)
    stored_days = dict(TouchDay.objects.filter(workspace=workspace, count__gt=0)
                       .values_list("day", "count"))
    assert not TouchDay.objects.filter(workspace=workspace, count__lt=0).exists()
    fresh: dict[date, int] = {}
    for at in Interaction.objects.filter(workspace=workspace).values_list("occurred_at",
                                                                          flat=True):
        day = at.astimezone(tz).date()
        fresh[day] = fresh.get(day, 0) + 1
    assert stored_days == fresh
    assert stored.touch_days_compute(workspace) == fresh


def assert_relationships_are_fresh(workspace: Workspace) -> None:
    """Each member's stored relationships equal the definition computed afresh, and the
    person's snooze is the latest snooze of a member."""
    fields = relationships.DERIVED_FIELDS
    rows = list(Relationship.objects.filter(workspace=workspace))
    stored_rows = {(r.user_id, r.person_id): tuple(getattr(r, f) for f in fields) for r in rows}
    wanted = {key: tuple(getattr(d, f) for f in fields)
              for key, d in relationships.relationships_compute(workspace).items()}
    assert stored_rows == wanted
    latest: dict[int, date] = {}
    for r in rows:
        if r.snoozed_until and r.snoozed_until > latest.get(r.person_id, date.min):
            latest[r.person_id] = r.snoozed_until
    for pk, until in Person.objects.filter(workspace=workspace).values_list("pk",
                                                                            "snoozed_until"):
        assert until == latest.get(pk), pk


def assert_states_agree(workspace: Workspace, today: date = TODAY) -> None:
    """Filtering by state (indexed conditions), the annotation, and the Python twin give
    the same people."""
    tz = workspace_tz(workspace)
    defaults = selectors.cadence_defaults(workspace)
    people = list(annotate_followup(Person.objects.filter(workspace=workspace), today=today,
                                    tz=tz, defaults=defaults))
    for person in people:
        twin = followup_state(today=today, tz=tz, last_touch_at=person.last_touch_at,
                              window=selectors.window_for(person, defaults),
                              archived=person.archived_at is not None,
                              snoozed_until=person.snoozed_until)
        assert person.fu_state == twin, person.name
    for state in State.ALL:
        by_filter = set(Person.objects.filter(workspace=workspace)
                        .filter(state_q(state, today=today, defaults=defaults))
                        .values_list("pk", flat=True))
        assert by_filter == {p.pk for p in people if p.fu_state == state}, state


@pytest.mark.django_db
@SLOW
@given(zone=st.sampled_from(ZONES), ops=st.lists(person_ops, min_size=2, max_size=14))
def test_stored_values_equal_a_fresh_computation_after_any_history(owner, zone, ops):
    workspace = workspace_create(name="History", owner=owner, time_zone=zone)
    people = [make_person(workspace, f"Person {n}", circle=c)
              for n, c in enumerate(["internal", "media", "mentee", "other", "customer"])]
    for op in ops:
        _apply(workspace, owner, people, op)
    assert_stored_values_are_fresh(workspace)
    assert_states_agree(workspace)
    for days in (-30, 45, 200):
        assert_states_agree(workspace, TODAY + timedelta(days=days))


# Each follow-up write on its own, last in its history, so that nothing after it can hide
# a missing refresh. (Every write path of the whole app, with every derived value and the
# data version: test_write_paths.py.)
FOLLOWUP_WRITES = {
    "a touch logged": [("log", [0, 1], 50, 3, "coffee")],
    "a touch moved": [("log", [0], 50, 3, "coffee"), ("move", 0, 5, 1)],
    "a touch moved into the future": [("log", [0], 50, 3, "email"), ("move", 0, -9, 0)],
    "a touch deleted": [("log", [0], 50, 3, "coffee"), ("log", [0], 9, 3, "video"),
                        ("delete", 1)],
    "the last touch deleted": [("log", [0], 50, 3, "coffee"), ("delete", 0)],
    "a new circle": [("log", [0], 50, 3, "coffee"), ("circle", 0, "mentee")],
    "a window of one's own": [("log", [0], 50, 3, "coffee"), ("window", 0, 5, None)],
    "reminders off": [("log", [0], 50, 3, "coffee"), ("off", 0, True)],
    "reminders back on": [("log", [0], 50, 3, "coffee"), ("off", 0, True), ("off", 0, False)],
    "archived": [("log", [0], 50, 3, "coffee"), ("archive", 0)],
    "restored": [("log", [0], 50, 3, "coffee"), ("archive", 0), ("restore", 0)],
    "snoozed": [("log", [0], 50, 3, "coffee"), ("snooze", 0, 10)],
    "the circle's window changed": [("log", [0], 50, 3, "coffee"),
                                    ("defaults", "internal", 7, 3, False)],
    "the circle switched off": [("log", [0], 50, 3, "coffee"),
                                ("defaults", "internal", 7, 3, True)],
    "a new time zone": [("log", [0], 50, 23, "coffee"), ("tz", "Pacific/Auckland")],
}


@pytest.mark.parametrize("path", list(FOLLOWUP_WRITES))
def test_each_followup_write_keeps_the_stored_follow_up_values_right(owner, path):
    workspace = workspace_create(name="Paths", owner=owner, time_zone="Europe/London")
    people = [make_person(workspace, f"Person {n}", circle=c)
              for n, c in enumerate(["internal", "media", "mentee", "other", "customer"])]
    for op in FOLLOWUP_WRITES[path]:
        _apply(workspace, owner, people, op)
    assert_stored_values_are_fresh(workspace)
    assert_states_agree(workspace)


@pytest.mark.django_db
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=st.sampled_from(ZONES),
       moment=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2035, 12, 31),
                           timezones=st.just(UTC)))
def test_local_dates_in_the_database_equal_python(workspace, zone, moment):
    tz = zoneinfo.ZoneInfo(zone)
    found = (Workspace.objects.filter(pk=workspace.pk)
             .annotate(day=LocalDate(Value(moment, output_field=DateTimeField()), tz))
             .values_list("day", flat=True).get())
    assert found == moment.astimezone(tz).date()


def test_local_dates_are_right_on_both_sides_of_a_clock_change(workspace):
    london = zoneinfo.ZoneInfo("Europe/London")
    # Summer time ended at 01:00 UTC on 25 Oct 2026 (02:00 BST → 01:00 GMT).
    for moment, expected in [
        (datetime(2026, 10, 24, 22, 59, 59, tzinfo=UTC), date(2026, 10, 24)),
        (datetime(2026, 10, 24, 23, 0, 0, tzinfo=UTC), date(2026, 10, 25)),
        (datetime(2026, 10, 25, 23, 59, 59, tzinfo=UTC), date(2026, 10, 25)),
        (datetime(2026, 10, 26, 0, 0, 0, tzinfo=UTC), date(2026, 10, 26)),
    ]:
        found = (Workspace.objects.filter(pk=workspace.pk)
                 .annotate(day=LocalDate(Value(moment, output_field=DateTimeField()), london))
                 .values_list("day", flat=True).get())
        assert found == expected, moment


def test_a_bulk_insert_is_made_right_by_one_refresh(workspace):
    person = make_person(workspace, "Bulk Person", circle="internal")
    interaction = Interaction.objects.create(workspace=workspace, kind="coffee",
                                             occurred_at=NOW - timedelta(days=50))
    Participation.objects.create(workspace=workspace, interaction=interaction, person=person,
                                 occurred_at=interaction.occurred_at)
    Person.objects.filter(pk=person.pk).update(last_touch_at=interaction.occurred_at)
    person.refresh_from_db()
    assert person.followup_opens_on is None  # written behind the services' back
    derived_rebuild(workspace)
    assert_stored_values_are_fresh(workspace)
    person.refresh_from_db()
    assert person.followup_opens_on == date(2026, 10, 21)  # 23 Sep + 28 days


def test_the_migration_fills_the_values_of_existing_rows(workspace):
    dana = make_person(workspace, "Dana Reyes", circle="internal")
    make_interaction(workspace, [dana], when=NOW - timedelta(days=30))
    Person.objects.filter(workspace=workspace).update(
        followup_opens_on=None, followup_closes_on=None, first_met_at=None)
    TouchDay.objects.filter(workspace=workspace).delete()
    fill_people = _migration("people", "0003_perf_followup_dates").fill_followup_values
    fill_days = _migration("followups", "0002_perf_touch_days").fill_touch_days
    fill_people(django_apps, None)
    fill_days(django_apps, None)
    assert_stored_values_are_fresh(workspace)


def _migration(app: str, name: str):
    import importlib

    return importlib.import_module(f"backstory.{app}.migrations.{name}")


def test_a_touch_today_counts_only_once_it_has_happened(workspace):
    dana = make_person(workspace, "Dana Reyes")
    now = datetime(2026, 11, 12, 12, 0, tzinfo=UTC)
    make_interaction(workspace, [dana], when=now - timedelta(hours=2))
    make_interaction(workspace, [dana], when=now + timedelta(hours=3))  # later today
    make_interaction(workspace, [dana], when=now - timedelta(days=1))
    days = selectors.touches_by_day(workspace, since=TODAY - timedelta(days=5), now=now)
    assert days == {TODAY: 1, TODAY - timedelta(days=1): 1}
