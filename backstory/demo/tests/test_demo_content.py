"""The default demo is a living network: every circle, 18 months of touches, all states."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import Count, Max

from backstory.demo.org_people import CADENCE
from backstory.interactions.models import ActionItem, Interaction, Participation
from backstory.people.models import Circle, ContactPoint, Organization, Person, Team
from backstory.workspaces.models import Activity

pytestmark = pytest.mark.django_db


def test_demo_has_an_own_organisation_with_at_least_seven_teams_each_led_by_a_member(demo):
    own = Organization.objects.get(workspace=demo.workspace, is_own=True)
    teams = list(Team.objects.filter(workspace=demo.workspace).select_related("leader"))
    assert len(teams) >= 7
    assert {t.organization_id for t in teams} == {own.pk}
    for team in teams:
        assert team.leader is not None, team.name
        assert team.leader.team_id == team.pk
        assert team.members.count() >= 3, team.name


def test_demo_has_about_150_people_in_every_circle(demo):
    people = Person.objects.filter(workspace=demo.workspace)
    # ~150 in the network, plus the introductions step's own small cast.
    assert 140 <= people.count() <= 175
    circles = Counter(people.values_list("circle", flat=True))
    assert set(circles) == set(Circle.values)
    assert circles["internal"] >= 40
    assert circles["media"] >= 20
    assert circles["customer"] >= 15
    assert {"up", "across", "down"} <= set(people.values_list("direction", flat=True))


def test_journalists_have_an_outlet_and_a_beat_at_a_media_organisation(demo):
    media = Person.objects.filter(workspace=demo.workspace, circle="media").select_related(
        "organization")
    for person in media:
        assert person.beat and person.outlet, person.name
        assert person.organization.kind == "media"
        assert person.outlet == person.organization.name


def test_demo_has_about_1500_interactions_within_18_months_and_none_in_the_future(demo):
    interactions = Interaction.objects.filter(workspace=demo.workspace)
    assert 1400 <= interactions.count() <= 1600
    assert not interactions.filter(occurred_at__gt=demo.now).exists()
    assert not interactions.filter(occurred_at__lt=demo.now - timedelta(days=550)).exists()
    # Spread over the whole period, not bunched up at one end.
    assert interactions.filter(occurred_at__lt=demo.now - timedelta(days=365)).count() > 150
    assert interactions.filter(occurred_at__gt=demo.now - timedelta(days=30)).count() > 30
    sizes = Counter(interactions.annotate(n=Count("participations")).values_list("n", flat=True))
    assert set(sizes) == {1, 2, 3}
    assert set(interactions.values_list("kind", flat=True)) >= {
        "coffee", "one_on_one", "team_meeting", "cafeteria", "event", "video", "phone",
        "email", "message", "social", "meal"}


def test_touches_happen_in_working_hours_on_weekdays_in_the_workspace_time_zone(demo):
    times = [
        t.astimezone(demo.tz)
        for t in Interaction.objects.filter(workspace=demo.workspace).values_list(
            "occurred_at", flat=True)
    ]
    assert all(7 <= t.hour <= 21 for t in times)
    weekend = sum(1 for t in times if t.weekday() >= 5)
    assert weekend < len(times) * 0.05
    by_weekday = Counter(t.weekday() for t in times if t.weekday() < 5)
    assert max(by_weekday.values()) < 2 * min(by_weekday.values())


def test_stored_last_touch_equals_the_latest_participation_for_every_person(demo):
    latest = dict(
        Participation.objects.filter(workspace=demo.workspace).values("person_id")
        .annotate(at=Max("occurred_at")).values_list("person_id", "at")
    )
    people = Person.objects.filter(workspace=demo.workspace)
    for person_id, stored in people.values_list("id", "last_touch_at"):
        assert stored == latest.get(person_id)
    assert people.filter(last_touch_at__isnull=True).count() >= 3  # some never contacted


def test_follow_up_states_fresh_due_overdue_and_dormant_are_all_well_represented(demo):
    states = Counter()
    for person in Person.objects.filter(workspace=demo.workspace, last_touch_at__isnull=False):
        low, high = CADENCE[person.circle]
        if person.cadence_min_days:
            low, high = person.cadence_min_days, person.cadence_max_days
        age = (demo.now - person.last_touch_at).days
        states["fresh" if age < low else "due" if age <= high else "overdue"] += 1
        if age > 120:
            states["dormant"] += 1
    assert states["fresh"] >= 20
    assert states["due"] >= 15
    assert states["overdue"] >= 20
    assert states["dormant"] >= 10


def test_strong_ties_get_many_touches_and_weak_ties_few(demo):
    counts = sorted(Counter(
        Participation.objects.filter(workspace=demo.workspace).values_list("person_id",
                                                                           flat=True)
    ).values())
    assert counts[-1] >= 25
    assert sum(1 for c in counts if c <= 3) >= 15


def test_action_items_are_done_overdue_due_this_week_later_and_undated(demo):
    today = demo.today
    states = Counter()
    for item in ActionItem.objects.filter(workspace=demo.workspace):
        if item.done_at:
            states["done"] += 1
            assert item.done_at <= demo.now
            assert item.done_at >= item.created_at
        elif item.due_on is None:
            states["no date"] += 1
        elif item.due_on < today:
            states["overdue"] += 1
        elif item.due_on <= today + timedelta(days=6):
            states["this week"] += 1
        else:
            states["later"] += 1
    assert 300 <= sum(states.values()) <= 400
    assert states["done"] > sum(states.values()) / 2
    for state in ("overdue", "this week", "later", "no date"):
        assert states[state] >= 10, state
    items = ActionItem.objects.filter(workspace=demo.workspace)
    assert items.filter(interaction__isnull=False).count() > 200
    assert items.filter(interaction__isnull=True).count() > 30


def test_people_are_filled_in_the_way_a_real_user_would(demo):
    people = Person.objects.filter(workspace=demo.workspace)
    total = people.count()
    for field in ("title", "preferred_channel", "preferred_format", "best_time", "wants",
                  "offers", "how_we_met", "notes"):
        assert people.exclude(**{field: ""}).count() > total / 2, field
    assert people.filter(introduced_by__isnull=False).count() > total / 6
    assert people.filter(met_on__isnull=False).count() > total / 2
    assert people.filter(cadence_min_days__isnull=False).count() >= 10
    assert people.filter(tags__isnull=False).distinct().count() > total / 3
    contacts = ContactPoint.objects.filter(workspace=demo.workspace)
    kinds = Counter(contacts.values_list("kind", flat=True))
    assert kinds["email"] >= total and kinds["phone"] > total / 2 and kinds["linkedin"] > 80
    several = people.annotate(n=Count("contact_points")).filter(n__gte=3).count()
    assert several > total / 2


def test_demo_addresses_are_fictional(demo):
    emails = ContactPoint.objects.filter(workspace=demo.workspace, kind="email")
    assert all(e.endswith(".example") for e in emails.values_list("normalized", flat=True))
    phones = ContactPoint.objects.filter(workspace=demo.workspace, kind="phone")
    assert all(p.startswith(("+447700900", "+442079460"))
               for p in phones.values_list("normalized", flat=True))


def test_interactions_carry_places_durations_notes_values_and_tags(demo):
    interactions = Interaction.objects.filter(workspace=demo.workspace)
    total = interactions.count()
    assert interactions.exclude(notes="").count() > total * 0.8
    assert interactions.filter(notes__contains="\n- ").count() > 100  # Markdown lists
    assert interactions.exclude(place="").count() > total / 2
    assert interactions.filter(duration_minutes__isnull=False).count() > total / 2
    assert set(interactions.values_list("value", flat=True)) == {"", "gave", "received",
                                                                 "mutual"}
    assert interactions.filter(tags__isnull=False).distinct().count() > total / 3
    assert "{" not in "".join(interactions.values_list("notes", flat=True))


def test_audit_trail_is_dated_by_when_things_happened(demo):
    activity = Activity.objects.filter(workspace=demo.workspace)
    assert not activity.filter(created_at__gt=demo.now).exists()
    logged = activity.filter(action="interaction.logged").order_by("?")[:50]
    for entry in logged:
        interaction = Interaction.objects.get(pk=entry.object_id)
        assert entry.created_at == interaction.occurred_at
    done = activity.filter(action="action.done").first()
    assert done.created_at == ActionItem.objects.get(pk=done.object_id).done_at


def test_the_summary_counts_what_was_seeded(demo):
    ws = demo.workspace
    assert demo.summary.people == Person.objects.filter(workspace=ws).count()
    assert demo.summary.interactions == Interaction.objects.filter(workspace=ws).count()
    assert demo.summary.action_items == ActionItem.objects.filter(workspace=ws).count()
    assert demo.summary.teams == Team.objects.filter(workspace=ws).count()
    assert demo.summary.organizations == Organization.objects.filter(workspace=ws).count()
