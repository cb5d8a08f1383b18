"""Every move of a tip along the board, and the refused ones with their reasons."""

import pytest

from backstory.core.errors import DomainError
from backstory.stories import services
from backstory.stories.models import Tip, TipStatus
from backstory.stories.transitions import TIP_MOVES, tip_move_refusal
from backstory.workspaces.models import Activity

from .factories import journalist, sent_pitch, tip


def _tip_in(workspace, owner, status: str, *, with_sent_pitch: bool = False) -> Tip:
    """A tip brought to `status` through the services only (optionally after a pitch)."""
    the_tip = tip(workspace, by=owner)
    if with_sent_pitch or status in (TipStatus.PITCHED, TipStatus.COVERED):
        pitch = sent_pitch(workspace, the_tip, journalist(workspace), by=owner)
        if status == TipStatus.COVERED:
            services.pitch_record_coverage(workspace, by=owner, pitch=pitch, outlet="TechDaily",
                                           published_on=the_tip.heard_on)
        the_tip = Tip.objects.get(pk=the_tip.pk)
        # From Pitched, every other column is reachable (New by way of Declined).
        if status == TipStatus.NEW:
            the_tip = services.tip_move(workspace, by=owner, tip=the_tip, status="declined")
        if status not in (TipStatus.PITCHED, TipStatus.COVERED):
            the_tip = services.tip_move(workspace, by=owner, tip=the_tip, status=status)
        return the_tip
    if status == TipStatus.NEW:
        return the_tip
    return services.tip_move(workspace, by=owner, tip=the_tip, status=status)


ALLOWED = [(src, dst) for src, targets in TIP_MOVES.items() for dst in targets]


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_tip_move_is_made_and_audited(workspace, owner, source, target):
    the_tip = _tip_in(workspace, owner, source, with_sent_pitch=target == TipStatus.PITCHED)
    assert the_tip.status == source
    moved = services.tip_move(workspace, by=owner, tip=the_tip, status=target)
    assert Tip.objects.get(pk=moved.pk).status == target
    entry = Activity.objects.filter(action="tip.moved", object_id=the_tip.pk).first()
    assert entry.data["from"] == source and entry.data["to"] == target


REFUSED = [
    (TipStatus.NEW, TipStatus.COVERED, "record the coverage on the pitch"),
    (TipStatus.RESEARCHING, TipStatus.COVERED, "record the coverage on the pitch"),
    (TipStatus.PITCHED, TipStatus.COVERED, "record the coverage on the pitch"),
    (TipStatus.PARKED, TipStatus.COVERED, "record the coverage on the pitch"),
    (TipStatus.COVERED, TipStatus.PITCHED, "its story ran"),
    (TipStatus.COVERED, TipStatus.NEW, "its story ran"),
    (TipStatus.COVERED, TipStatus.PARKED, "its story ran"),
    (TipStatus.COVERED, TipStatus.DECLINED, "its story ran"),
    (TipStatus.PITCHED, TipStatus.NEW, "Move it back to Researching instead"),
    (TipStatus.NEW, TipStatus.NEW, "already in New"),
    (TipStatus.PARKED, TipStatus.PARKED, "already in Parked"),
]


@pytest.mark.parametrize(("source", "target", "reason"), REFUSED)
def test_refused_tip_moves_say_why_and_change_nothing(workspace, owner, source, target, reason):
    the_tip = _tip_in(workspace, owner, source)
    before = Activity.objects.count()
    with pytest.raises(DomainError) as caught:
        services.tip_move(workspace, by=owner, tip=the_tip, status=target)
    assert reason.lower() in caught.value.message.lower()
    assert Tip.objects.get(pk=the_tip.pk).status == source
    assert Activity.objects.count() == before


def test_a_tip_cannot_move_to_pitched_before_a_pitch_is_sent(workspace, owner):
    the_tip = tip(workspace, by=owner)
    services.pitch_create(workspace, by=owner, tip=the_tip, journalist=journalist(workspace),
                          angle="Draft only")
    with pytest.raises(DomainError, match="Pitch it to a journalist first"):
        services.tip_move(workspace, by=owner, tip=the_tip, status=TipStatus.PITCHED)


def test_an_unknown_status_is_refused_by_name():
    assert tip_move_refusal("new", "published") == "“published” is not a column of the tips board."


def test_every_refusal_of_the_table_has_a_message():
    for source in TipStatus.values:
        for target in TipStatus.values:
            refusal = tip_move_refusal(source, target)
            if target in TIP_MOVES[source]:
                assert refusal is None, (source, target)
            else:
                assert refusal and len(refusal) > 20, (source, target)


def test_a_tip_of_another_workspace_cannot_be_moved(workspace, owner, personas):
    the_tip = tip(workspace, by=owner)
    with pytest.raises(DomainError, match="not in this workspace"):
        services.tip_move(personas.outsider_workspace, by=personas.outsider, tip=the_tip,
                          status="parked")
