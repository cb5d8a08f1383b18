"""A pitch goes to one journalist: sent, replied, accepted or declined, then coverage."""

from datetime import date, timedelta

import pytest
import time_machine

from backstory.core.errors import DomainError
from backstory.interactions.models import ActionItem
from backstory.stories import services
from backstory.stories.models import Pitch, PitchStatus, Tip, TipStatus
from backstory.stories.transitions import PITCH_MOVES, pitch_move_refusal

from .factories import journalist, sent_pitch, tip

TODAY = date(2025, 3, 14)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel("2025-03-14 10:00 +0000", tick=False):
        yield


def test_sending_a_pitch_moves_the_tip_to_pitched_and_sets_a_follow_up(workspace, owner):
    the_tip = tip(workspace, by=owner)
    alex = journalist(workspace)
    pitch = services.pitch_create(workspace, by=owner, tip=the_tip, journalist=alex,
                                  angle="For your onboarding series", follow_up_days=5,
                                  sent_on=TODAY - timedelta(days=1))
    assert pitch.status == PitchStatus.SENT
    assert Tip.objects.get(pk=the_tip.pk).status == TipStatus.PITCHED
    item = ActionItem.objects.get(pk=pitch.follow_up_item_id)
    assert item.person == alex
    assert item.due_on == TODAY + timedelta(days=4)
    assert "Follow up with Alex Morgan" in item.text and not item.is_done


def test_a_draft_pitch_leaves_the_tip_where_it_is_until_it_is_sent(workspace, owner):
    the_tip = tip(workspace, by=owner)
    pitch = services.pitch_create(workspace, by=owner, tip=the_tip,
                                  journalist=journalist(workspace), angle="Draft")
    assert pitch.status == PitchStatus.DRAFT and pitch.follow_up_item is None
    assert Tip.objects.get(pk=the_tip.pk).status == TipStatus.NEW
    services.pitch_move(workspace, by=owner, pitch=pitch, status="sent")
    pitch.refresh_from_db()
    assert pitch.sent_on == TODAY and pitch.follow_up_item.due_on == TODAY + timedelta(days=4)
    assert Tip.objects.get(pk=the_tip.pk).status == TipStatus.PITCHED


@pytest.mark.parametrize("answer", ["replied", "accepted", "declined"])
def test_an_answer_closes_the_follow_up_action_item(workspace, owner, answer):
    pitch = sent_pitch(workspace, tip(workspace, by=owner), journalist(workspace), by=owner)
    services.pitch_move(workspace, by=owner, pitch=pitch, status=answer)
    pitch.refresh_from_db()
    assert pitch.status == answer
    assert pitch.replied_on == TODAY
    assert pitch.follow_up_item.is_done


ALLOWED = [(src, dst) for src, targets in PITCH_MOVES.items() for dst in targets]


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_pitch_move(workspace, owner, source, target):
    the_tip = tip(workspace, by=owner)
    pitch = services.pitch_create(workspace, by=owner, tip=the_tip,
                                  journalist=journalist(workspace), angle="Angle")
    path = {"draft": [], "sent": ["sent"], "replied": ["sent", "replied"],
            "accepted": ["sent", "accepted"], "declined": ["sent", "declined"]}[source]
    for step in path:
        pitch = services.pitch_move(workspace, by=owner, pitch=pitch, status=step)
    pitch = services.pitch_move(workspace, by=owner, pitch=pitch, status=target)
    assert Pitch.objects.get(pk=pitch.pk).status == target


REFUSED = [
    ("draft", "replied", "still a draft: mark it sent first"),
    ("draft", "accepted", "still a draft"),
    ("draft", "declined", "still a draft"),
    ("sent", "sent", "already marked sent"),
    ("replied", "sent", "was sent already"),
    ("accepted", "replied", "cannot become replied"),
    ("declined", "accepted", "Alex Morgan passed on this pitch"),
    ("declined", "replied", "Pitch the tip to someone else"),
    ("sent", "draft", "cannot become a draft again"),
    ("sent", "published", "not a state a pitch can be in"),
]


@pytest.mark.parametrize(("source", "target", "reason"), REFUSED)
def test_refused_pitch_moves_say_why(workspace, owner, source, target, reason):
    the_tip = tip(workspace, by=owner)
    pitch = services.pitch_create(workspace, by=owner, tip=the_tip,
                                  journalist=journalist(workspace), angle="Angle")
    for step in {"draft": [], "sent": ["sent"], "replied": ["sent", "replied"],
                 "accepted": ["sent", "accepted"], "declined": ["sent", "declined"]}[source]:
        pitch = services.pitch_move(workspace, by=owner, pitch=pitch, status=step)
    with pytest.raises(DomainError) as caught:
        services.pitch_move(workspace, by=owner, pitch=pitch, status=target)
    assert reason in caught.value.message
    assert Pitch.objects.get(pk=pitch.pk).status == source


def test_the_refusal_table_is_complete():
    for source in PitchStatus.values:
        for target in PitchStatus.values:
            refusal = pitch_move_refusal(source, target)
            assert (refusal is None) == (target in PITCH_MOVES[source]), (source, target)


def test_one_tip_goes_to_one_journalist_once(workspace, owner):
    the_tip = tip(workspace, by=owner)
    alex = journalist(workspace)
    sent_pitch(workspace, the_tip, alex, by=owner)
    with pytest.raises(DomainError, match="already pitched this tip to Alex Morgan"):
        services.pitch_create(workspace, by=owner, tip=the_tip, journalist=alex, angle="Again")


def test_a_pitch_needs_an_angle_and_a_sane_follow_up(workspace, owner):
    the_tip = tip(workspace, by=owner)
    with pytest.raises(DomainError) as caught:
        services.pitch_create(workspace, by=owner, tip=the_tip,
                              journalist=journalist(workspace), angle="  ")
    assert caught.value.field_errors["angle"]
    with pytest.raises(DomainError, match="Follow up after 1 to 60 days"):
        services.pitch_create(workspace, by=owner, tip=the_tip,
                              journalist=journalist(workspace), angle="A", follow_up_days=0)
    assert not Pitch.objects.exists()


def test_a_pitch_cannot_be_sent_in_the_future(workspace, owner):
    with pytest.raises(DomainError, match="cannot be sent in the future"):
        services.pitch_create(workspace, by=owner, tip=tip(workspace, by=owner),
                              journalist=journalist(workspace), angle="A",
                              sent_on=TODAY + timedelta(days=1))


def test_coverage_makes_the_tip_covered_and_closes_the_follow_up(workspace, owner):
    the_tip = tip(workspace, by=owner)
    pitch = sent_pitch(workspace, the_tip, journalist(workspace), by=owner)
    services.pitch_record_coverage(workspace, by=owner, pitch=pitch, outlet="",
                                   published_on=TODAY, url="https://techdaily.example/acme",
                                   headline="Acme's three-day onboarding")
    pitch.refresh_from_db()
    the_tip.refresh_from_db()
    assert pitch.status == PitchStatus.ACCEPTED
    assert pitch.coverage_outlet == "TechDaily"  # the journalist's outlet by default
    assert pitch.follow_up_item.is_done
    assert the_tip.status == TipStatus.COVERED and the_tip.covered_on == TODAY


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"url": "techdaily/acme"}, "url", "is not a web address"),
    ({"published_on": TODAY + timedelta(days=2)}, "published_on", "in the future"),
    ({"published_on": date(2024, 1, 1)}, "published_on", "before you heard the tip"),
    ({"published_on": None}, "published_on", "When was it published?"),
])
def test_bad_coverage_is_refused_by_field(workspace, owner, fields, field, message):
    the_tip = tip(workspace, by=owner)
    pitch = sent_pitch(workspace, the_tip, journalist(workspace, outlet=""), by=owner)
    data = {"outlet": "TechDaily", "published_on": TODAY, **fields}
    with pytest.raises(DomainError) as caught:
        services.pitch_record_coverage(workspace, by=owner, pitch=pitch, **data)
    assert message in caught.value.field_errors[field][0]
    assert Tip.objects.get(pk=the_tip.pk).status == TipStatus.PITCHED


def test_coverage_needs_an_outlet(workspace, owner):
    pitch = sent_pitch(workspace, tip(workspace, by=owner), journalist(workspace, outlet=""),
                       by=owner)
    with pytest.raises(DomainError, match="Where did it run"):
        services.pitch_record_coverage(workspace, by=owner, pitch=pitch, outlet=" ",
                                       published_on=TODAY)


def test_coverage_is_refused_on_a_draft_or_a_declined_pitch(workspace, owner):
    the_tip = tip(workspace, by=owner)
    draft = services.pitch_create(workspace, by=owner, tip=the_tip,
                                  journalist=journalist(workspace), angle="A")
    with pytest.raises(DomainError, match="still a draft"):
        services.pitch_record_coverage(workspace, by=owner, pitch=draft, outlet="X",
                                       published_on=TODAY)
    passed = sent_pitch(workspace, the_tip, journalist(workspace, "Riya Shah"), by=owner)
    services.pitch_move(workspace, by=owner, pitch=passed, status="declined")
    with pytest.raises(DomainError, match="Riya Shah passed on this pitch"):
        services.pitch_record_coverage(workspace, by=owner, pitch=passed, outlet="X",
                                       published_on=TODAY)


def test_removing_the_only_coverage_sends_the_tip_back_to_pitched(workspace, owner):
    the_tip = tip(workspace, by=owner)
    pitch = sent_pitch(workspace, the_tip, journalist(workspace), by=owner)
    services.pitch_record_coverage(workspace, by=owner, pitch=pitch, outlet="TechDaily",
                                   published_on=TODAY)
    with pytest.raises(DomainError, match="story ran already"):
        services.pitch_move(workspace, by=owner, pitch=pitch, status="declined")
    services.pitch_remove_coverage(workspace, by=owner, pitch=pitch)
    the_tip.refresh_from_db()
    assert the_tip.status == TipStatus.PITCHED and the_tip.covered_on is None
    with pytest.raises(DomainError, match="no coverage to remove"):
        services.pitch_remove_coverage(workspace, by=owner, pitch=Pitch.objects.get(pk=pitch.pk))


def test_a_covered_tip_is_not_pitched_again(workspace, owner):
    the_tip = tip(workspace, by=owner)
    pitch = sent_pitch(workspace, the_tip, journalist(workspace), by=owner)
    services.pitch_record_coverage(workspace, by=owner, pitch=pitch, outlet="TechDaily",
                                   published_on=TODAY)
    with pytest.raises(DomainError, match="covered already"):
        services.pitch_create(workspace, by=owner, tip=the_tip,
                              journalist=journalist(workspace, "Riya Shah"), angle="A")


def test_only_a_draft_pitch_can_be_deleted(workspace, owner):
    the_tip = tip(workspace, by=owner)
    sent = sent_pitch(workspace, the_tip, journalist(workspace), by=owner)
    with pytest.raises(DomainError, match="Only a draft pitch can be deleted"):
        services.pitch_delete(workspace, by=owner, pitch=sent)
    draft = services.pitch_create(workspace, by=owner, tip=the_tip,
                                  journalist=journalist(workspace, "Riya Shah"), angle="A")
    services.pitch_delete(workspace, by=owner, pitch=draft)
    assert list(Pitch.objects.all()) == [sent]


def test_changing_the_follow_up_days_moves_the_open_reminder(workspace, owner):
    pitch = sent_pitch(workspace, tip(workspace, by=owner), journalist(workspace), by=owner,
                       days_ago=2, follow_up_days=4)
    services.pitch_update(workspace, by=owner, pitch=pitch, angle="New angle", follow_up_days=7)
    pitch.refresh_from_db()
    assert pitch.follow_up_item.due_on == TODAY + timedelta(days=5)
    assert pitch.angle == "New angle"
