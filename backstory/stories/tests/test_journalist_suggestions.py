"""Journalists for a tip: beat and outlet fit plus how well the user knows them."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from backstory.stories import selectors
from backstory.stories.ranking import Candidate, rank_journalists, relationship_strength
from backstory.testing import make_interaction, make_person

from .factories import colleague, sent_pitch, tip

TODAY = date(2025, 3, 14)


def _coffees(*days_ago):
    return [("coffee", TODAY - timedelta(days=d)) for d in days_ago]


def test_strength_is_zero_without_touches_and_grows_with_recent_ones():
    assert relationship_strength([], today=TODAY) == 0
    assert relationship_strength(_coffees(0), today=TODAY) == 39
    assert relationship_strength([("email", TODAY - timedelta(days=365))], today=TODAY) == 1
    assert relationship_strength(_coffees(2, 10, 25), today=TODAY) == 75
    assert 95 <= relationship_strength(_coffees(*range(0, 60, 3)), today=TODAY) <= 100


def test_a_recent_touch_counts_more_than_an_old_one():
    recent = relationship_strength(_coffees(7), today=TODAY)
    old = relationship_strength(_coffees(180), today=TODAY)
    assert recent > old > 0


def test_a_coffee_counts_more_than_a_like_on_social_media():
    coffee = relationship_strength(_coffees(7), today=TODAY)
    like = relationship_strength([("social", TODAY - timedelta(days=7))], today=TODAY)
    assert coffee > like > 0


def test_strength_accepts_aware_datetimes():
    when = timezone.make_aware(datetime(2025, 3, 14, 9, 0))
    assert relationship_strength([("coffee", when)], today=TODAY) == 39


# A fixed corpus: what each journalist covers, and how often the user was in touch.
CORPUS = [
    Candidate(1, "Alex Morgan", beat="enterprise software, cloud, customers", outlet="TechDaily",
              touches=_coffees(5, 40, 90)),
    Candidate(2, "Jordan Blake", beat="workplace culture and human interest features",
              outlet="The Weekly Review", touches=_coffees(30)),
    Candidate(3, "Riya Shah", beat="mobile apps and product launches", outlet="Gadget Wire"),
    Candidate(4, "Chris Okafor", beat="logistics and supply chain", outlet="Freight Weekly",
              touches=_coffees(200)),
    Candidate(5, "Pat Lee", beat="sports", outlet="Daily Sport"),
]


def test_a_customer_story_ranks_the_enterprise_reporter_who_knows_you_first():
    ranked = rank_journalists("Acme Logistics cut onboarding to three days with our cloud API",
                              "customer_story", CORPUS, today=TODAY)
    assert [s.name for s in ranked] == ["Alex Morgan", "Chris Okafor", "Jordan Blake"]
    alex = ranked[0]
    assert alex.fit == 100 and alex.strength > 0
    assert "Covers enterprise software, cloud, customers" in alex.reasons[0]
    assert alex.reasons[1].startswith("Last touch 5 days ago · 3 touches")


def test_a_product_launch_goes_to_the_product_reporter_even_as_a_cold_pitch():
    ranked = rank_journalists("Offline mode launches in the mobile app", "news", CORPUS,
                              today=TODAY)
    assert ranked[0].name == "Riya Shah"
    assert ranked[0].strength == 0
    assert "cold pitch" in ranked[0].reasons[-1]
    # Nobody with neither fit nor relationship is suggested.
    assert "Pat Lee" not in [s.name for s in ranked]


def test_a_human_interest_story_prefers_features(workspace):
    ranked = rank_journalists("Support engineer ran a marathon for charity", "human_interest",
                              CORPUS, today=TODAY)
    assert ranked[0].name == "Jordan Blake"


@pytest.fixture
def frozen():
    with time_machine.travel("2025-03-14 10:00 +0000", tick=False):
        yield


def test_suggestions_leave_out_sources_archived_people_and_those_already_pitched(
        workspace, owner, frozen):
    from backstory.people.services import person_archive

    alex = make_person(workspace, "Alex Morgan", circle="media", beat="enterprise software")
    riya = make_person(workspace, "Riya Shah", circle="media", beat="enterprise apps")
    gone = make_person(workspace, "Gone Reporter", circle="media", beat="enterprise")
    person_archive(workspace, by=owner, person=gone)
    media_source = make_person(workspace, "Source Reporter", circle="media", beat="enterprise")
    make_interaction(workspace, [riya], by=owner, when=timezone.now() - timedelta(days=3))
    the_tip = tip(workspace, by=owner, title="Enterprise customer win",
                  sources=[colleague(workspace), media_source])
    sent_pitch(workspace, the_tip, alex, by=owner)
    found = selectors.journalist_suggestions(workspace, the_tip, today=TODAY)
    assert [s.name for s in found.suggestions] == ["Riya Shah"]
    assert [p.journalist for p in found.already] == [alex]
    assert found.suggestions[0].touch_count == 1
