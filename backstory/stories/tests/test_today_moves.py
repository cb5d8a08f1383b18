"""The hook for Today: tips and pitches that need a move, each with the reason in words."""

from datetime import date, timedelta

import pytest
import time_machine

from backstory.interactions.services import action_item_set_done
from backstory.stories import selectors, services

from .factories import colleague, journalist, sent_pitch, tip

TODAY = date(2025, 3, 14)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2025-03-14 10:00 +0000", tick=False):
        yield


def _rows(workspace):
    return {row.kind: row for row in selectors.today_moves(workspace, today=TODAY)}


def test_a_pitch_without_reply_after_its_follow_up_days_needs_a_follow_up(workspace, owner):
    the_tip = tip(workspace, by=owner, title="Acme onboarding")
    waiting = sent_pitch(workspace, the_tip, journalist(workspace), by=owner, days_ago=5,
                         follow_up_days=4)
    sent_pitch(workspace, the_tip, journalist(workspace, "Riya Shah", outlet=""), by=owner,
               days_ago=2, follow_up_days=4)
    rows = selectors.today_moves(workspace, today=TODAY)
    assert [r.kind for r in rows] == ["pitch_follow_up"]
    row = rows[0]
    assert row.reason == ("Pitched “Acme onboarding” to Alex Morgan (TechDaily) 5 days ago, "
                          "no reply yet — follow up.")
    assert row.action_item_id == waiting.follow_up_item_id
    assert row.url == f"/tips/{the_tip.pk}/" and row.person_name == "Alex Morgan"
    # Ticking the follow-up off ("I followed up") takes it off Today.
    action_item_set_done(workspace, by=owner, item=waiting.follow_up_item, done=True)
    assert selectors.today_moves(workspace, today=TODAY) == []


def test_a_tip_that_happens_soon_and_is_not_pitched_needs_a_move(workspace, owner):
    tip(workspace, by=owner, title="Green Code award", heard_on=TODAY,
        happens_on=TODAY + timedelta(days=5))
    tip(workspace, by=owner, title="Later", heard_on=TODAY, happens_on=TODAY + timedelta(days=30))
    row = _rows(workspace)["tip_soon"]
    assert row.reason == ("“Green Code award” happens in 5 days and is still new — pitch it now "
                          "or park it.")
    assert row.person_name == "Dana Reyes"


def test_a_tip_left_new_for_a_week_needs_a_move(workspace, owner):
    with time_machine.travel("2025-03-04 10:00 +0000", tick=False):
        tip(workspace, by=owner, title="Intern accessibility checker",
            heard_on=date(2025, 3, 3))
    assert _rows(workspace)["tip_stale"].reason == (
        "“Intern accessibility checker” has been new for 10 days — research it or park it.")


def test_a_covered_tip_asks_to_thank_each_source_until_thanked(workspace, owner):
    dana, marcus = colleague(workspace), colleague(workspace, "Marcus Chen")
    the_tip = tip(workspace, by=owner, title="Acme", sources=[dana, marcus])
    pitch = sent_pitch(workspace, the_tip, journalist(workspace), by=owner)
    services.pitch_record_coverage(workspace, by=owner, pitch=pitch, outlet="TechDaily",
                                   published_on=TODAY)
    thanks = [r for r in selectors.today_moves(workspace, today=TODAY) if r.kind == "tip_thank"]
    assert sorted(r.person_name for r in thanks) == ["Dana Reyes", "Marcus Chen"]
    assert thanks[0].reason.startswith("Their tip “Acme” was covered — thank ")
    services.tip_thank_source(workspace, by=owner, tip=the_tip, person=dana)
    thanks = [r for r in selectors.today_moves(workspace, today=TODAY) if r.kind == "tip_thank"]
    assert [r.person_name for r in thanks] == ["Marcus Chen"]


def test_a_tip_everyone_passed_on_needs_another_journalist_or_parking(workspace, owner):
    the_tip = tip(workspace, by=owner, title="Offline mode")
    pitch = sent_pitch(workspace, the_tip, journalist(workspace), by=owner)
    services.pitch_move(workspace, by=owner, pitch=pitch, status="declined")
    assert _rows(workspace)["tip_all_passed"].reason == (
        "Every journalist you pitched passed on “Offline mode” — pitch someone else or park it.")


def test_today_shows_a_pitch_follow_up_once_as_a_move_with_its_reason(owner_client, workspace,
                                                                     owner):
    the_tip = tip(workspace, by=owner, title="Acme onboarding")
    pitch = sent_pitch(workspace, the_tip, journalist(workspace), by=owner, days_ago=5,
                       follow_up_days=4)
    body = owner_client.get("/").text
    assert "Stories and introductions" in body
    assert "no reply yet — follow up" in body
    # The follow-up action item stands behind the move: it is not listed twice.
    assert body.count(pitch.follow_up_item.text) <= 1


def test_today_shows_an_introduction_waiting_for_the_second_ask(owner_client, workspace, owner):
    from backstory.intros import services as intro_services
    from backstory.testing import make_person

    dana, sam = make_person(workspace, "Dana Reyes"), make_person(workspace, "Sam Ortiz")
    intro = intro_services.introduction_start(workspace, by=owner, person_a=dana, person_b=sam,
                                              reason="Sam is hiring", a_requested=True)
    assert intro.pk
    body = owner_client.get("/").text
    assert "Dana Reyes said yes to meeting Sam Ortiz — ask Sam Ortiz now." in body


def test_the_digest_lists_the_moves(workspace, owner):
    from django.template.loader import render_to_string

    from backstory.desk.agenda import today_agenda

    the_tip = tip(workspace, by=owner, title="Acme onboarding")
    sent_pitch(workspace, the_tip, journalist(workspace), by=owner, days_ago=5, follow_up_days=4)
    from django.utils import timezone

    agenda = today_agenda(workspace, user=owner, today=TODAY, now=timezone.now())
    text = render_to_string("followups/email/digest.txt", {
        "agenda": agenda, "today": TODAY, "workspace": workspace, "site": "http://x"})
    assert "STORIES AND INTRODUCTIONS" in text and "no reply yet" in text
