"""Capturing a tip: sources, kind, dates, lead time, early warning, and the quick-log hook."""

from datetime import date, timedelta

import pytest
import time_machine

from backstory.core.errors import DomainError
from backstory.stories import services
from backstory.stories.models import Tip, TipKind, TipSource
from backstory.testing import make_interaction
from backstory.workspaces.models import Activity

from .factories import colleague, tip

TODAY = date(2025, 3, 14)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2025-03-14 10:00 +0000", tick=False):
        yield


def test_a_tip_from_two_colleagues_credits_both(workspace, owner):
    dana, marcus = colleague(workspace), colleague(workspace, "Marcus Chen")
    the_tip = tip(workspace, by=owner, sources=[dana, marcus, dana])
    assert [row.person for row in TipSource.objects.filter(tip=the_tip)] == [dana, marcus]
    assert all(row.workspace_id == workspace.pk for row in TipSource.objects.all())
    assert {a.person for a in Activity.objects.filter(action="tip.created")} == {dana, marcus}


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"title": "  "}, "title", "What is the story?"),
    ({"title": "x" * 201}, "title", "under 200 characters"),
    ({"kind": "gossip"}, "kind", "“gossip” is not a kind of tip"),
    ({"sources": []}, "sources", "Add at least one source"),
    ({"heard_on": TODAY + timedelta(days=1)}, "heard_on", "15 March 2025 is in the future"),
    ({"heard_on": None}, "heard_on", "When did you hear about it?"),
])
def test_a_bad_tip_is_refused_by_field_and_nothing_is_written(workspace, owner, fields, field,
                                                               message):
    data = {"title": "Acme", "kind": "customer_story", "heard_on": TODAY,
            "sources": [colleague(workspace)], **fields}
    with pytest.raises(DomainError) as caught:
        services.tip_create(workspace, by=owner, data=services.TipFields(**data))
    assert message in caught.value.field_errors[field][0]
    assert not Tip.objects.exists() and not TipSource.objects.exists()


def test_a_source_from_another_workspace_is_refused(workspace, owner, personas):
    stranger = colleague(personas.outsider_workspace, "Stranger")
    with pytest.raises(DomainError, match="not in this workspace"):
        tip(workspace, by=owner, sources=[stranger])


@pytest.mark.parametrize(("heard", "happens", "expected"), [
    (date(2025, 3, 1), date(2025, 3, 15), 14),
    (date(2025, 3, 1), date(2025, 3, 1), 0),
    (date(2025, 3, 10), date(2025, 3, 1), -9),
    (date(2025, 3, 1), None, None),
])
def test_the_stored_lead_time_is_what_the_one_function_computes(workspace, owner, heard, happens,
                                                                  expected):
    the_tip = tip(workspace, by=owner, heard_on=heard, happens_on=happens)
    assert services.lead_days(heard, happens) == expected
    assert Tip.objects.get(pk=the_tip.pk).lead_days == expected
    services.tip_update(workspace, by=owner, tip=the_tip, data=services.TipFields(
        title=the_tip.title, kind=the_tip.kind, heard_on=heard, happens_on=date(2025, 4, 1),
        sources=list(the_tip.sources.all())))
    assert Tip.objects.get(pk=the_tip.pk).lead_days == services.lead_days(heard, date(2025, 4, 1))


@pytest.mark.parametrize(("kind", "heard", "happens", "early"), [
    (TipKind.HEADS_UP, date(2025, 3, 1), date(2025, 3, 15), True),
    (TipKind.HEADS_UP, date(2025, 3, 10), date(2025, 3, 1), False),
    (TipKind.HEADS_UP, date(2025, 3, 1), None, False),
    (TipKind.NEWS, date(2025, 3, 1), date(2025, 3, 15), False),
])
def test_a_heads_up_heard_before_the_event_is_an_early_warning(workspace, owner, kind, heard,
                                                                happens, early):
    assert tip(workspace, by=owner, kind=kind, heard_on=heard,
               happens_on=happens).is_early_warning is early


def test_sources_can_be_replaced_on_edit(workspace, owner):
    dana, marcus = colleague(workspace), colleague(workspace, "Marcus Chen")
    the_tip = tip(workspace, by=owner, sources=[dana])
    services.tip_update(workspace, by=owner, tip=the_tip, data=services.TipFields(
        title="Renamed", kind="news", heard_on=TODAY, sources=[marcus, dana]))
    assert [r.person for r in the_tip.tip_sources.order_by("position")] == [marcus, dana]


def test_a_pitched_tip_cannot_be_deleted_but_a_new_one_can(workspace, owner):
    from .factories import journalist, sent_pitch

    pitched = tip(workspace, by=owner)
    sent_pitch(workspace, pitched, journalist(workspace), by=owner)
    with pytest.raises(DomainError, match="Park or decline it instead"):
        services.tip_delete(workspace, by=owner, tip=pitched)
    fresh = tip(workspace, by=owner, title="Fresh")
    services.tip_delete(workspace, by=owner, tip=fresh)
    assert list(Tip.objects.all()) == [pitched]


@pytest.mark.parametrize(("text", "kind"), [
    ("Dana says Acme the customer doubled usage #tip", TipKind.CUSTOMER_STORY),
    ("heads-up: the outage report lands Friday", TipKind.HEADS_UP),
    ("Priya won the accessibility award", TipKind.EMPLOYEE_ACHIEVEMENT),
    ("We launch offline mode next month", TipKind.NEWS),
    ("Hackathon in Lisbon in May", TipKind.EVENT),
    ("Sam's dad built the first prototype in his garage", TipKind.HUMAN_INTEREST),
])
def test_quick_log_guesses_the_kind_of_tip(text, kind):
    assert services.tip_kind_guess(text) == kind


def test_quick_log_hook_creates_a_tip_from_an_interaction(workspace, owner):
    dana = colleague(workspace)
    coffee = make_interaction(workspace, [dana], by=owner)
    the_tip = services.tip_create_from_quicklog(
        workspace, by=owner, text="#tip Acme the customer cut onboarding to 3 days",
        sources=[dana], interaction=coffee)
    assert the_tip.title == "Acme the customer cut onboarding to 3 days"
    assert the_tip.kind == TipKind.CUSTOMER_STORY
    assert the_tip.interaction == coffee
    assert the_tip.heard_on == coffee.occurred_at.date()
    long = services.tip_create_from_quicklog(workspace, by=owner, text="word " * 80,
                                             sources=[dana])
    assert len(long.title) <= 200 and long.title.endswith("…") and long.details
