"""The hook for Today: introductions that need a move, each with the reason in words."""

from datetime import date, timedelta

import pytest
import time_machine

from backstory.intros import selectors, services
from backstory.testing import make_person

TODAY = date(2025, 3, 14)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2025-03-14 10:00 +0000", tick=False):
        yield


def _intro(workspace, owner, a, b, steps):
    intro = services.introduction_start(workspace, by=owner, person_a=make_person(workspace, a),
                                        person_b=make_person(workspace, b), reason="Why not")
    for step, days_ago in steps:
        intro = services.introduction_step(workspace, by=owner, introduction=intro, step=step,
                                           on=TODAY - timedelta(days=days_ago))
    return intro


def test_each_introduction_that_needs_a_move_shows_with_its_reason(workspace, owner):
    due = _intro(workspace, owner, "Priya Nair", "Hannah Lee",
                 [("ask_a", 20), ("a_agreed", 19), ("ask_b", 18), ("introduce", 15)])
    _intro(workspace, owner, "Not Due", "Yet", [("ask_a", 5), ("a_agreed", 5), ("ask_b", 5),
                                                 ("introduce", 3)])
    _intro(workspace, owner, "Lena Fischer", "Sam Ortiz", [("ask_a", 3), ("a_agreed", 1)])
    _intro(workspace, owner, "Jonas Berg", "Felix Wagner", [("ask_a", 7)])
    _intro(workspace, owner, "Mei Tanaka", "Noah Williams", [("ask_a", 9), ("a_agreed", 8),
                                                            ("ask_b", 6)])
    _intro(workspace, owner, "Asked", "Recently", [("ask_a", 2)])
    _intro(workspace, owner, "Not", "Asked", [])
    rows = selectors.today_outcomes(workspace, today=TODAY)
    reasons = {row.kind + ":" + row.person_name: row.reason for row in rows}
    assert reasons == {
        "intro_outcome:Priya Nair": ("You introduced Priya Nair to Hannah Lee 15 days ago — how "
                                     "did it go? Record the outcome."),
        "intro_ask_b:Sam Ortiz": "Lena Fischer said yes to meeting Sam Ortiz — ask Sam Ortiz now.",
        "intro_waiting:Jonas Berg": ("You asked Jonas Berg 7 days ago about meeting Felix "
                                     "Wagner — nudge them or let it go."),
        "intro_waiting:Noah Williams": ("You asked Noah Williams 6 days ago about meeting Mei "
                                        "Tanaka — nudge them or let it go."),
    }
    outcome_row = next(r for r in rows if r.kind == "intro_outcome")
    assert outcome_row.action_item_id == due.follow_up_item_id
    assert outcome_row.url == f"/intros/{due.pk}/"


def test_recording_the_outcome_takes_it_off_today_until_the_check_in(workspace, owner):
    intro = _intro(workspace, owner, "Priya Nair", "Hannah Lee",
                   [("ask_a", 20), ("a_agreed", 19), ("ask_b", 18), ("introduce", 15)])
    services.introduction_record_outcome(workspace, by=owner, introduction=intro,
                                         outcome="connected")
    assert selectors.today_outcomes(workspace, today=TODAY) == []
    later = selectors.today_outcomes(workspace, today=TODAY + timedelta(days=30))
    assert [r.reason for r in later] == [
        "Priya Nair and Hannah Lee connected — check whether it helped (45 days since the "
        "introduction)."]
