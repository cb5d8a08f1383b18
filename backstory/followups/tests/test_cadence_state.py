"""The follow-up state: the database annotation and its Python twin agree on every case,
and both say what the rules say (first and last day of the window, time zones, never
contacted, archived, reminders off, snoozed, a touch logged in the future)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backstory.followups import selectors, services, stored
from backstory.followups.cadence import State, Window, followup_state, resolve_window, workspace_tz
from backstory.people.models import Person
from backstory.testing import make_person

TODAY = date(2026, 11, 12)
UTC = UTC


def _days_ago(n: int) -> datetime:
    """Noon UTC, n days before TODAY."""
    return datetime(2026, 11, 12, 12, 0, tzinfo=UTC) - timedelta(days=n)


# (case, time zone, circle, last touch, person fields, expected)
CASES = [
    ("the day before the window opens", "UTC", "internal", _days_ago(27), {}, State.FRESH),
    ("the first day of the window", "UTC", "internal", _days_ago(28), {}, State.DUE),
    ("the last day of the window", "UTC", "internal", _days_ago(42), {}, State.DUE),
    ("the first day past the window", "UTC", "internal", _days_ago(43), {}, State.OVERDUE),
    ("touched today", "UTC", "internal", _days_ago(0), {}, State.FRESH),
    ("never contacted", "UTC", "internal", None, {}, State.NEVER),
    ("never contacted and snoozed", "UTC", "internal", None,
     {"snoozed_until": TODAY + timedelta(days=3)}, State.NEVER),
    ("archived", "UTC", "internal", _days_ago(50),
     {"archived_at": _days_ago(1)}, State.ARCHIVED),
    ("archived and never contacted", "UTC", "internal", None,
     {"archived_at": _days_ago(1)}, State.ARCHIVED),
    ("reminders off for the person", "UTC", "internal", _days_ago(50),
     {"cadence_off": True}, State.OFF),
    ("snoozed until tomorrow while overdue", "UTC", "internal", _days_ago(50),
     {"snoozed_until": TODAY + timedelta(days=1)}, State.SNOOZED),
    ("snoozed until tomorrow while due", "UTC", "internal", _days_ago(30),
     {"snoozed_until": TODAY + timedelta(days=1)}, State.SNOOZED),
    ("a snooze that ends today is over", "UTC", "internal", _days_ago(50),
     {"snoozed_until": TODAY}, State.OVERDUE),
    ("a touch after the snooze makes them fresh", "UTC", "internal", _days_ago(2),
     {"snoozed_until": TODAY + timedelta(days=9)}, State.FRESH),
    ("a touch logged in the future is planned contact", "UTC", "internal",
     _days_ago(-5), {}, State.FRESH),
    ("a touch logged far in the future is still fresh", "UTC", "mentee",
     _days_ago(-400), {}, State.FRESH),
    # 11:30 UTC on 15 Oct is 00:30 on 16 Oct in Auckland: 27 days there, 28 in UTC.
    ("Auckland: the local date of the touch counts", "Pacific/Auckland", "internal",
     datetime(2026, 10, 15, 11, 30, tzinfo=UTC), {}, State.FRESH),
    ("UTC: the same touch opens the window", "UTC", "internal",
     datetime(2026, 10, 15, 11, 30, tzinfo=UTC), {}, State.DUE),
    # 05:00 UTC on 16 Oct is 22:00 on 15 Oct in Los Angeles: 28 days there, 27 in UTC.
    ("Los Angeles: the touch was the evening before", "America/Los_Angeles", "internal",
     datetime(2026, 10, 16, 5, 0, tzinfo=UTC), {}, State.DUE),
    ("UTC: the same touch is a day younger", "UTC", "internal",
     datetime(2026, 10, 16, 5, 0, tzinfo=UTC), {}, State.FRESH),
    ("London across the end of summer time", "Europe/London", "internal",
     datetime(2026, 10, 24, 23, 30, tzinfo=UTC), {}, State.FRESH),
    ("a window of the person's own: inside", "UTC", "internal", _days_ago(10),
     {"cadence_min_days": 7, "cadence_max_days": 14}, State.DUE),
    ("a window of the person's own: past it", "UTC", "internal", _days_ago(15),
     {"cadence_min_days": 7, "cadence_max_days": 14}, State.OVERDUE),
    ("only a minimum: a one-day window, on it", "UTC", "internal", _days_ago(10),
     {"cadence_min_days": 10}, State.DUE),
    ("only a minimum: a one-day window, after it", "UTC", "internal", _days_ago(11),
     {"cadence_min_days": 10}, State.OVERDUE),
    ("only a maximum: before it", "UTC", "internal", _days_ago(19),
     {"cadence_max_days": 20}, State.FRESH),
    ("the workspace's own default for media", "UTC", "media", _days_ago(20), {}, State.DUE),
    ("the workspace switched reminders off for 'other'", "UTC", "other", _days_ago(500), {},
     State.OFF),
    ("a person's own window beats the circle being off", "UTC", "other", _days_ago(500),
     {"cadence_min_days": 30, "cadence_max_days": 60}, State.OVERDUE),
    ("the built-in default for customers (6–10 weeks)", "UTC", "customer", _days_ago(70), {},
     State.DUE),
    ("customers, one day later", "UTC", "customer", _days_ago(71), {}, State.OVERDUE),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_database_and_python_agree_on_the_follow_up_state(case, workspace, owner):
    _name, tz_name, circle, last_touch, fields, expected = case
    workspace.time_zone = tz_name
    workspace.save()
    services.cadence_defaults_update(workspace, by=owner, windows={
        "media": Window(14, 21), "other": Window(60, 120, off=True),
    })
    person = make_person(workspace, "Case Person", circle=circle)
    Person.objects.filter(pk=person.pk).update(last_touch_at=last_touch, **fields)
    stored.dates_refresh(workspace, [person.pk])  # a write behind the services' back
    person.refresh_from_db()

    from_db = selectors.people_with_followup(workspace, today=TODAY).get(pk=person.pk)
    defaults = selectors.cadence_defaults(workspace)
    window = resolve_window(
        circle=person.circle, cadence_min_days=person.cadence_min_days,
        cadence_max_days=person.cadence_max_days, cadence_off=person.cadence_off,
        defaults=defaults,
    )
    from_python = followup_state(
        today=TODAY, tz=workspace_tz(workspace), last_touch_at=person.last_touch_at,
        window=window, archived=person.archived_at is not None,
        snoozed_until=person.snoozed_until,
    )
    assert (from_db.fu_state, from_python) == (expected, expected)
    assert (from_db.fu_min, from_db.fu_max) == (window.min_days, window.max_days)


def test_the_state_of_every_person_comes_from_one_query(workspace, django_assert_num_queries):
    for n in range(30):
        person = make_person(workspace, f"Person {n}", circle="internal")
        Person.objects.filter(pk=person.pk).update(last_touch_at=_days_ago(n * 2))
    stored.dates_refresh(workspace)
    defaults = selectors.cadence_defaults(workspace)
    with django_assert_num_queries(1):
        states = list(selectors.people_with_followup(workspace, today=TODAY,
                                                     defaults=defaults)
                      .values_list("fu_state", flat=True))
    assert states.count(State.DUE) == 8  # 28, 30 … 42 days
    assert states.count(State.OVERDUE) == 8  # 44 … 58 days


def test_a_logged_touch_resets_the_window(workspace, owner):
    from backstory.testing import make_interaction

    person = make_person(workspace, "Dana Reyes", circle="internal")
    make_interaction(workspace, [person], when=_days_ago(50))
    assert selectors.person_followup(workspace, person.pk, today=TODAY,
                                     user=owner).state == State.OVERDUE
    make_interaction(workspace, [person], kind="email", when=_days_ago(1))
    info = selectors.person_followup(workspace, person.pk, today=TODAY, user=owner)
    assert info.state == State.FRESH
    assert info.reason == "last e-mail yesterday — due again in 27 days"


def test_the_reason_says_the_last_kind_of_touch_and_the_window(workspace, owner):
    from backstory.testing import make_interaction

    person = make_person(workspace, "Dana Reyes", circle="internal")
    make_interaction(workspace, [person], when=_days_ago(47))
    info = selectors.person_followup(workspace, person.pk, today=TODAY, user=owner)
    assert info.reason == "last coffee 47 days ago — window 4–6 weeks, 5 days past it"
    assert info.due_on == TODAY - timedelta(days=47 - 28)
