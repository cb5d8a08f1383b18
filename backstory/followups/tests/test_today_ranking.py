"""Today's reach-out list, read from the member's stored window dates, is exactly the ranking that
reach_out_list's docstring and docs/FOLLOWUPS.md define, computed here the plain way over
every person: the most urgent RANK_CANDIDATES (ties: latest last touch, then id), then
priority = min(urgency, 1.5) + 1.5 × strength / (strength + 3) (ties: name, id)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstory.core.derived import derived_refresh
from backstory.followups import selectors, services
from backstory.followups.cadence import State, Window, days_since, followup_state, workspace_tz
from backstory.followups.models import Relationship
from backstory.people.models import Circle, Person
from backstory.people.services import PersonFields, person_update
from backstory.testing import make_interaction, make_person
from backstory.workspaces.services import workspace_create

NOW = datetime(2026, 11, 12, 15, 30, tzinfo=UTC)
TODAY = date(2026, 11, 12)


def plain_ranking(workspace, *, today: date, candidates: int, limit: int):
    tz = workspace_tz(workspace)
    defaults = selectors.cadence_defaults(workspace)
    rows = []
    for p in Person.objects.filter(workspace=workspace):
        window = selectors.window_for(p, defaults)
        state = followup_state(today=today, tz=tz, last_touch_at=p.last_touch_at,
                               window=window, archived=p.archived_at is not None,
                               snoozed_until=p.snoozed_until)
        if state not in (State.DUE, State.OVERDUE):
            continue
        days = days_since(today=today, tz=tz, last_touch_at=p.last_touch_at)
        urgency = min((days - window.min_days) / max(window.max_days - window.min_days, 1),
                      1.5)
        rows.append((urgency, p))
    total = len(rows)
    rows.sort(key=lambda r: (-r[0], -r[1].last_touch_at.timestamp(), r[1].pk))
    rows = rows[:candidates]
    strengths = selectors.people_strength(workspace, [p.pk for _, p in rows], today=today)
    ranked = sorted(
        ((u + 1.5 * strengths.get(p.pk, 0.0) / (strengths.get(p.pk, 0.0) + 3.0), p)
         for u, p in rows),
        key=lambda r: (-r[0], r[1].name, r[1].pk),
    )
    return [p.pk for _, p in ranked[:limit]], total


person_spec = st.tuples(
    st.sampled_from(["internal", "internal", "media", "mentee", "other"]),
    st.one_of(st.none(), st.tuples(st.one_of(st.none(), st.integers(1, 30)),
                                   st.one_of(st.none(), st.integers(30, 60)))),
    st.lists(st.tuples(st.integers(-5, 300), st.sampled_from([0, 6, 12])), min_size=0,
             max_size=4),
    st.one_of(st.none(), st.integers(-3, 20)),  # snoozed until today + n
    st.sampled_from(["coffee", "email", "social", "meal"]),
)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs=st.lists(person_spec, min_size=6, max_size=25),
       zone=st.sampled_from(["UTC", "Europe/London", "Pacific/Auckland"]),
       media_off=st.booleans(), candidates=st.integers(1, 5), limit=st.integers(1, 6))
def test_the_indexed_ranking_equals_the_plain_definition(owner, monkeypatch, specs, zone,
                                                         media_off, candidates, limit):
    workspace = workspace_create(name="Ranking", owner=owner, time_zone=zone)
    if media_off:
        services.cadence_defaults_update(workspace, by=owner,
                                         windows={"media": Window(10, 20, off=True)})
    for n, (circle, own, touches, snooze, kind) in enumerate(specs):
        # Names repeat, so that ties in priority are broken by id as documented.
        person = make_person(workspace, f"Person {n % 3}", circle=circle)
        for days, hours in touches:
            # The same moment for several people: ties in last touch are broken by id.
            make_interaction(workspace, [person], kind=kind,
                             when=NOW - timedelta(days=days, hours=hours))
        if own:
            person_update(workspace, by=owner, person=person, data=PersonFields(
                name=person.name, circle=circle, cadence_min_days=own[0],
                cadence_max_days=own[1]))
        if snooze is not None:  # the member's snooze (any day, also past ones)
            Relationship.objects.update_or_create(
                workspace=workspace, user=owner, person=person,
                defaults={"snoozed_until": TODAY + timedelta(days=snooze)})
            derived_refresh(workspace, people=[person])
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", candidates)
    defaults = selectors.cadence_defaults(workspace)
    rows, total = selectors.reach_out_list(workspace, today=TODAY, defaults=defaults,
                                           limit=limit, user=owner)
    expected, expected_total = plain_ranking(workspace, today=TODAY, candidates=candidates,
                                             limit=limit)
    assert ([r.person.pk for r in rows], total) == (expected, expected_total)


def test_capped_people_are_ranked_by_their_last_touch_across_circles(workspace, owner,
                                                                     monkeypatch):
    """Past the cap urgency is equal for all; the latest last touch comes first, whatever
    the circle (the case the per-circle walk along the last-touch index serves), and
    just before the cap a person still ranks below all capped ones."""
    when = [("internal", 200), ("internal", 130), ("internal", 49), ("internal", 48),
            ("mentee", 150), ("mentee", 36), ("other", 300), ("customer", 120)]
    people = []
    for circle, days in when:
        person = make_person(workspace, f"{circle} {days}", circle=circle)
        make_interaction(workspace, [person], kind="email", when=NOW - timedelta(days=days))
        people.append(person)
    monkeypatch.setattr(selectors, "RANK_CANDIDATES", 4)
    rows, total = selectors.reach_out_list(
        workspace, today=TODAY, defaults=selectors.cadence_defaults(workspace), limit=10,
        user=owner)
    assert total == len(when)
    # Capped: internal from 49 days (28 + 21), mentee from 35 (14 + 21): the four with
    # the latest touches among them. Internal at 48 days is not capped yet.
    assert sorted(r.person.name for r in rows) == sorted(
        ["internal 49", "mentee 36", "customer 120", "internal 130"])
    assert Circle.CUSTOMER in [r.person.circle for r in rows]
