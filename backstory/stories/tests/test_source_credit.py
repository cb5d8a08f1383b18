"""Sources get the credit: tips given, how many became coverage, average lead time, thanks."""

from datetime import date

import pytest
import time_machine

from backstory.core.errors import DomainError
from backstory.interactions.models import ActionItem
from backstory.stories import selectors, services
from backstory.stories.models import TipSource

from .factories import colleague, journalist, sent_pitch, tip


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2025-03-14 10:00 +0000", tick=False):
        yield


def _cover(workspace, owner, the_tip, reporter, published_on):
    pitch = sent_pitch(workspace, the_tip, reporter, by=owner)
    services.pitch_record_coverage(workspace, by=owner, pitch=pitch, outlet="TechDaily",
                                   published_on=published_on)


@pytest.fixture
def credit_data(workspace, owner):
    dana, marcus, ines = (colleague(workspace), colleague(workspace, "Marcus Chen"),
                          colleague(workspace, "Ines Duarte"))
    colleague(workspace, "Never Told")
    alex, riya = journalist(workspace), journalist(workspace, "Riya Shah")
    # Dana: three tips, two covered; lead times 20, 10 and unknown.
    t1 = tip(workspace, by=owner, sources=[dana], title="One", heard_on=date(2025, 1, 1),
             happens_on=date(2025, 1, 21))
    t2 = tip(workspace, by=owner, sources=[dana, marcus], title="Two", kind="heads_up",
             heard_on=date(2025, 2, 1), happens_on=date(2025, 2, 11))
    tip(workspace, by=owner, sources=[dana], title="Three", heard_on=date(2025, 3, 1))
    _cover(workspace, owner, t1, alex, date(2025, 1, 25))
    _cover(workspace, owner, t2, riya, date(2025, 2, 12))
    # Ines: one tip heard four days after the event, never covered.
    tip(workspace, by=owner, sources=[ines], title="Late", heard_on=date(2025, 3, 5),
        happens_on=date(2025, 3, 1))
    return {"dana": dana, "marcus": marcus, "ines": ines}


def test_sources_view_figures_are_right(workspace, credit_data):
    rows = selectors.source_credits(workspace, selectors.sources(workspace))
    figures = {c.person.name: (c.tips_given, c.covered, c.avg_lead_days, c.early_warnings,
                               c.coverage_rate) for c in rows}
    assert figures == {
        "Dana Reyes": (3, 2, 15.0, 1, 67),
        "Marcus Chen": (1, 1, 10.0, 1, 100),
        "Ines Duarte": (1, 0, -4.0, 0, 0),
    }
    # Most coverage first, then most tips; people who never gave a tip are not sources.
    assert [c.person.name for c in rows] == ["Dana Reyes", "Marcus Chen", "Ines Duarte"]
    assert [r["name"] for r in selectors.sources(workspace, sort="lead")] == [
        "Dana Reyes", "Marcus Chen", "Ines Duarte"]
    totals = selectors.source_totals(workspace)
    assert totals == {"tips": 4, "covered": 2, "avg_lead": pytest.approx(26 / 3),
                      "sources": 3, "rate": 50}


def test_one_persons_credit_matches_the_sources_view(workspace, credit_data):
    credit = selectors.source_credit(workspace, credit_data["dana"])
    assert (credit.tips_given, credit.covered, credit.avg_lead_days) == (3, 2, 15.0)
    nobody = selectors.source_credit(workspace, colleague(workspace, "New Person"))
    assert (nobody.tips_given, nobody.covered, nobody.avg_lead_days) == (0, 0, None)


def test_thanking_the_source_of_a_covered_tip_adds_an_action_item_once(workspace, owner):
    dana = colleague(workspace)
    the_tip = tip(workspace, by=owner, sources=[dana], title="Acme onboarding")
    _cover(workspace, owner, the_tip, journalist(workspace), date(2025, 3, 10))
    item = services.tip_thank_source(workspace, by=owner, tip=the_tip, person=dana)
    assert item.person == dana and not item.is_done
    assert item.text == "Thank Dana Reyes for the tip “Acme onboarding” — it ran in TechDaily"
    assert item.due_on == date(2025, 3, 16)
    assert TipSource.objects.get(tip=the_tip, person=dana).thank_item == item
    with pytest.raises(DomainError, match="already a thank-you for Dana Reyes"):
        services.tip_thank_source(workspace, by=owner, tip=the_tip, person=dana)
    assert ActionItem.objects.filter(text__startswith="Thank").count() == 1


def test_no_thank_you_before_coverage_or_for_someone_who_was_not_a_source(workspace, owner):
    dana = colleague(workspace)
    the_tip = tip(workspace, by=owner, sources=[dana])
    with pytest.raises(DomainError, match="not covered yet"):
        services.tip_thank_source(workspace, by=owner, tip=the_tip, person=dana)
    with pytest.raises(DomainError, match="Sam Ortiz is not a source of this tip"):
        services.tip_thank_source(workspace, by=owner, tip=the_tip,
                                  person=colleague(workspace, "Sam Ortiz"))
