"""Today answers "whom do I contact now, and why" with zero clicks, and lets the user
snooze, undo, tick off and accept suggestions in place."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from backstory.followups import selectors, services
from backstory.followups.cadence import State
from backstory.followups.strength import strength, strength_label
from backstory.interactions.models import ActionItem, Participation
from backstory.people.models import Person
from backstory.people.services import organization_create, team_create
from backstory.testing import make_action, make_interaction, make_person
from backstory.workspaces.models import Activity

NOW = "2026-11-23 10:00 +0000"  # a Monday
HTMX = {"HX-Request": "true"}


def _ago(days: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, 23, hour, 0, tzinfo=timezone.get_current_timezone()) - \
        timedelta(days=days)


pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_due_people_appear_on_today_with_the_reason(owner_client, workspace):
    dana = make_person(workspace, "Dana Reyes", circle="internal")
    make_interaction(workspace, [dana], when=_ago(47))
    fresh = make_person(workspace, "Fresh Person", circle="internal")
    make_interaction(workspace, [fresh], when=_ago(3))
    body = owner_client.get("/").text
    assert "Dana Reyes" in body
    assert "last coffee 47 days ago — window 4–6 weeks, 5 days past it" in body
    assert f'id="reach-{fresh.pk}"' not in body and f'id="reach-{dana.pk}"' in body


def test_a_close_tie_past_its_window_comes_before_a_long_silent_acquaintance(workspace,
                                                                             owner):
    late = make_person(workspace, "Very Late", circle="internal")
    make_interaction(workspace, [late], when=_ago(90), kind="email")
    close = make_person(workspace, "Close Friend", circle="internal")
    weak = make_person(workspace, "Weak Tie", circle="internal")
    for days in (43, 60, 80, 100):
        make_interaction(workspace, [close], when=_ago(days))
    make_interaction(workspace, [weak], when=_ago(43), kind="social")
    rows, total = selectors.reach_out_list(workspace, today=date(2026, 11, 23),
                                           defaults=selectors.cadence_defaults(workspace),
                                           user=owner)
    assert total == 3
    assert [r.person.name for r in rows] == ["Close Friend", "Very Late", "Weak Tie"]
    assert rows[0].strength > rows[2].strength


def test_a_long_silent_acquaintance_comes_before_a_close_tie_whose_window_just_opened(
    workspace, owner,
):
    late = make_person(workspace, "Very Late", circle="internal")
    make_interaction(workspace, [late], when=_ago(90), kind="email")
    close = make_person(workspace, "Close Friend", circle="internal")
    for days in (29, 45, 60, 80):
        make_interaction(workspace, [close], when=_ago(days))
    rows, _ = selectors.reach_out_list(workspace, today=date(2026, 11, 23),
                                       defaults=selectors.cadence_defaults(workspace),
                                       user=owner)
    assert [r.person.name for r in rows] == ["Very Late", "Close Friend"]


def test_strength_in_the_database_matches_the_definition(workspace):
    dana = make_person(workspace, "Dana Reyes")
    touches = [("coffee", 0), ("email", 30), ("social", 200), ("meal", 95), ("event", 800)]
    for kind, days in touches:
        make_interaction(workspace, [dana], kind=kind, when=_ago(days))
    today = date(2026, 11, 23)
    expected = strength([(k, today - timedelta(days=d)) for k, d in touches], today=today)
    assert selectors.people_strength(workspace, [dana.pk], today=today)[dana.pk] == \
        pytest.approx(expected)
    assert expected == pytest.approx(3 + 0.5 ** (30 / 90) + 0.5 * 0.5 ** (200 / 90)
                                     + 3 * 0.5 ** (95 / 90))
    assert strength_label(expected) == "warm"


def test_snoozing_a_person_in_place_hides_them_and_undo_brings_them_back(owner_client,
                                                                          workspace):
    dana = make_person(workspace, "Dana Reyes", circle="internal")
    make_interaction(workspace, [dana], when=_ago(47))
    response = owner_client.post(f"/today/people/{dana.pk}/snooze/", {"days": "14"},
                                 headers=HTMX)
    assert response.status_code == 200 and "Snoozed until Mon 7 Dec" in response.text
    assert "Undo" in response.text
    dana.refresh_from_db()
    assert dana.snoozed_until == date(2026, 12, 7)
    assert f'id="reach-{dana.pk}"' not in owner_client.get("/").text
    assert Activity.objects.filter(action="followup.snoozed", person=dana).exists()
    response = owner_client.post(f"/today/people/{dana.pk}/unsnooze/", {"previous": ""},
                                 headers=HTMX)
    assert "last coffee 47 days ago" in response.text
    dana.refresh_from_db()
    assert dana.snoozed_until is None
    assert f'id="reach-{dana.pk}"' in owner_client.get("/").text


def test_a_snooze_must_end_after_today(workspace, owner):
    dana = make_person(workspace, "Dana Reyes")
    with pytest.raises(Exception, match="Snooze until a day after today"):
        services.followup_snooze(workspace, by=owner, person=dana, until=date(2026, 11, 23),
                                 today=date(2026, 11, 23))


def test_action_items_due_are_ticked_off_and_snoozed_in_place(owner_client, workspace):
    item = make_action(workspace, "Send the Q3 report", due_on=date(2026, 11, 20))
    later = make_action(workspace, "Not yet", due_on=date(2026, 11, 30))
    body = owner_client.get("/").text
    assert "Send the Q3 report" in body and "Not yet" not in body
    response = owner_client.post(f"/today/actions/{item.pk}/snooze/", {"days": "1"},
                                 headers=HTMX)
    assert "Snoozed until Tue 24 Nov" in response.text
    assert "Send the Q3 report" not in owner_client.get("/").text
    assert Activity.objects.filter(action="action.snoozed").exists()
    owner_client.post(f"/today/actions/{item.pk}/unsnooze/", {"previous": ""}, headers=HTMX)
    response = owner_client.post(f"/actions/{item.pk}/toggle/", {"done": "1"}, headers=HTMX)
    assert "Undo" in response.text
    item.refresh_from_db()
    assert item.is_done and not later.is_done


def test_a_first_meeting_suggests_next_day_follow_ups_accepted_in_one_click(owner_client,
                                                                            workspace):
    alex = make_person(workspace, "Alex Kim", circle="industry")
    make_interaction(workspace, [alex], kind="coffee", when=_ago(1))
    body = owner_client.get("/").text
    assert "Send Alex Kim a thank-you e-mail after the coffee" in body
    assert "Connect with Alex Kim on LinkedIn" in body
    response = owner_client.post(f"/today/first-meetings/{alex.pk}/accept/", headers=HTMX)
    assert response.status_code == 200 and "Added for Alex Kim" in response.text
    items = ActionItem.objects.filter(person=alex).order_by("text")
    assert [i.text for i in items] == ["Connect with Alex Kim on LinkedIn",
                                       "Send Alex Kim a thank-you e-mail after the coffee"]
    assert {i.due_on for i in items} == {date(2026, 11, 23)}
    assert Activity.objects.filter(action="suggestion.accepted", person=alex).exists()
    assert "Follow up the next day" not in owner_client.get("/").text
    response = owner_client.post(f"/today/first-meetings/{alex.pk}/accept/", headers=HTMX)
    assert "no follow-up to suggest" in response.text
    assert ActionItem.objects.filter(person=alex).count() == 2


def test_only_the_first_meeting_is_suggested_and_dismissing_it_sticks(owner_client,
                                                                     workspace, owner):
    old = make_person(workspace, "Old Friend")
    make_interaction(workspace, [old], kind="meal", when=_ago(300))
    make_interaction(workspace, [old], kind="coffee", when=_ago(1))
    new = make_person(workspace, "New Face")
    make_interaction(workspace, [new], kind="email", when=_ago(2))  # not a meeting
    make_interaction(workspace, [new], kind="video", when=_ago(1))
    met = selectors.first_meetings(workspace, today=date(2026, 11, 23), now=timezone.now(),
                                   user=owner)
    assert [m.person.name for m in met] == ["New Face"]
    owner_client.post(f"/today/first-meetings/{new.pk}/dismiss/", headers=HTMX)
    assert selectors.first_meetings(workspace, today=date(2026, 11, 23),
                                    now=timezone.now(), user=owner) == []


def test_widen_your_network_suggests_a_cold_team_a_dormant_tie_and_a_stranger(workspace,
                                                                               owner):
    acme = organization_create(workspace, by=owner, name="Acme", is_own=True)
    sales = team_create(workspace, by=owner, organization=acme, name="Sales")
    legal = team_create(workspace, by=owner, organization=acme, name="Legal")
    warm = make_person(workspace, "Warm Seller", organization=acme, team=sales)
    make_interaction(workspace, [warm], when=_ago(10))
    make_person(workspace, "Quiet Lawyer", organization=acme, team=legal)
    dormant = make_person(workspace, "Old Mentor", circle="mentor")
    for days in (400, 300, 250):
        make_interaction(workspace, [dormant], when=_ago(days))
    found = {s.kind: s for s in selectors.widen_suggestions(
        workspace, today=date(2026, 11, 23), now=timezone.now())}
    assert found["cold_team"].team == legal
    assert found["dormant"].person == dormant
    assert "3 touches together" in found["dormant"].reason
    assert found["never_met"].person.name == "Quiet Lawyer"
    assert "rarely visit (0 touches in six months)" in found["never_met"].reason


def test_the_habit_counts_a_streak_the_week_and_draws_a_chart(owner_client, workspace):
    dana = make_person(workspace, "Dana Reyes")
    for days in (1, 2, 3, 5):
        make_interaction(workspace, [dana], when=_ago(days))
    make_interaction(workspace, [dana], when=_ago(-2))  # planned: not counted
    habit = selectors.habit(workspace, user=None, today=date(2026, 11, 23),
                            now=timezone.now(), prefs=selectors.prefs_get(workspace, None))
    assert habit.streak == 3 and not habit.touched_today
    assert habit.week_count == 0 and habit.weeks[-2][1] == 4
    assert len(habit.weeks) == 26
    make_interaction(workspace, [dana], when=_ago(0, hour=9))
    body = owner_client.get("/").text
    assert "<svg" in body and "Week of 16 Nov 2026: 4 touches" in body
    assert 'icon-flame" aria-hidden="true"' in body and "</svg> 4" in body


def test_a_quiet_weekend_does_not_break_the_streak():
    days = {date(2026, 11, 19): 1, date(2026, 11, 20): 2, date(2026, 11, 17): 1}
    habit = selectors.habit_from_days(days, today=date(2026, 11, 23), weekly_goal=5)
    assert habit.streak == 2  # Thu and Fri; Sat and Sun skipped; Wed 18th had no touch
    days[date(2026, 11, 23)] = 1
    assert selectors.habit_from_days(days, today=date(2026, 11, 23), weekly_goal=5).streak == 3


def test_the_weekly_goal_is_set_by_the_user(owner_client, workspace, owner):
    owner_client.post("/today/goal/", {"weekly_goal": "8"})
    assert selectors.prefs_get(workspace, owner).weekly_goal == 8
    assert "0 / 8" in owner_client.get("/").text
    assert Activity.objects.filter(action="goal.updated").exists()


def test_people_list_shows_and_filters_by_follow_up_state(owner_client, workspace):
    dana = make_person(workspace, "Dana Reyes", circle="internal")
    make_interaction(workspace, [dana], when=_ago(47))
    make_person(workspace, "Never Met", circle="internal")
    body = owner_client.get("/people/").text
    assert 'icon-triangle-alert' in body and "</svg></span> Overdue" in body
    assert "Never contacted" in body
    body = owner_client.get("/people/?state=overdue", headers={**HTMX,
                                                               "HX-Target": "people-results"})
    assert "Dana Reyes" in body.text and "Never Met" not in body.text
    page = owner_client.get(f"/people/{dana.pk}/").text
    assert "Last coffee 47 days ago — window 4–6 weeks, 5 days past it." in page


def test_cadence_defaults_are_edited_on_settings_with_an_audit_entry(owner_client, workspace):
    from backstory.followups.forms import CadenceDefaultsForm

    form = CadenceDefaultsForm(windows=selectors.cadence_defaults(workspace))
    data = {name: form[name].initial for name in form.fields if form[name].initial}
    data.update({"min_media": 7, "max_media": 14, "save_cadence": "1"})
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    assert owner_client.post("/settings/follow-ups/", data).status_code == 302
    assert selectors.cadence_defaults(workspace)["media"].max_days == 14
    assert Activity.objects.filter(action="cadence.defaults_updated").exists()
    data.update({"min_media": 20})
    response = owner_client.post("/settings/follow-ups/", data)
    assert "must end after it starts" in response.text


def test_backstory_today_prints_the_agenda(workspace):
    dana = make_person(workspace, "Dana Reyes", circle="internal")
    make_interaction(workspace, [dana], when=_ago(47))
    make_action(workspace, "Send the Q3 report", due_on=date(2026, 11, 20))
    out = StringIO()
    call_command("today", "--workspace", workspace.slug, "--width", "160", stdout=out)
    text = out.getvalue()
    assert "Reach out (1 due)" in text and "Dana Reyes" in text and "Overdue" in text
    assert "last coffee 47 days ago" in text and "Send the Q3 report" in text


def test_a_person_page_offers_to_snooze_and_shows_the_state(owner_client, workspace, personas):
    dana = make_person(workspace, "Dana Reyes", circle="internal")
    make_interaction(workspace, [dana], when=_ago(30))
    page = owner_client.get(f"/people/{dana.pk}/").text
    assert "Remind me in" in page and "●</span> Due" in page
    response = owner_client.post(f"/today/people/{dana.pk}/snooze/",
                                 {"days": "7", "next": f"/people/{dana.pk}/"})
    assert response.status_code == 302
    assert Person.objects.get(pk=dana.pk).snoozed_until == date(2026, 11, 30)
    assert selectors.person_followup(workspace, dana.pk, today=date(2026, 11, 23),
                                     user=personas.owner).state == State.SNOOZED
    assert Participation.objects.count() == 1


def test_log_on_a_today_row_starts_with_the_kind_most_often_logged_with_them(
    owner_client, workspace, personas,
):
    dana = make_person(workspace, "Dana Reyes", circle="internal")
    for days in (120, 100, 80):
        make_interaction(workspace, [dana], when=_ago(days), kind="meal", by=personas.owner)
    make_interaction(workspace, [dana], when=_ago(47), kind="coffee", by=personas.owner)
    # Someone else's calls with Sam count only while the user has logged none with him.
    sam = make_person(workspace, "Sam Ortiz", circle="internal")
    for days in (100, 90):
        make_interaction(workspace, [sam], when=_ago(days), kind="phone",
                         by=personas.teammate)
    make_interaction(workspace, [sam], when=_ago(60), kind="email", by=personas.owner)
    lee = make_person(workspace, "Lee Park", circle="internal")
    make_interaction(workspace, [lee], when=_ago(70), kind="phone", by=personas.teammate,
                     members=[personas.owner])  # the user was there: Lee is in their network
    body = owner_client.get("/").text
    assert 'data-quicklog="lunch with Dana Reyes today"' in body
    assert 'data-quicklog="email with Sam Ortiz today"' in body
    assert 'data-quicklog="call with Lee Park today"' in body
    # The row that comes back after undoing a snooze says the same.
    owner_client.post(f"/today/people/{dana.pk}/snooze/", {"days": "7"}, headers=HTMX)
    row = owner_client.post(f"/today/people/{dana.pk}/unsnooze/", {}, headers=HTMX).text
    assert 'data-quicklog="lunch with Dana Reyes today"' in row
