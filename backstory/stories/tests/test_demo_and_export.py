"""The demo steps tell the whole story, and the export sheets carry every record."""

import random

from backstory.demo.intros import seed_intros
from backstory.demo.stories import seed_stories
from backstory.intros import selectors as intro_selectors
from backstory.intros.models import Introduction, IntroStatus, Opportunity
from backstory.people.models import Person
from backstory.stories import selectors
from backstory.stories.models import Pitch, PitchStatus, Tip, TipStatus
from backstory.testing import make_person


def test_the_stories_demo_fills_every_column_and_leaves_a_thank_you_to_take(workspace, owner):
    summary = seed_stories(workspace, by=owner, rng=random.Random(7))
    assert summary == {"tips": 9, "pitches": 5, "covered": 2}
    statuses = set(Tip.objects.values_list("status", flat=True))
    assert statuses == set(TipStatus.values)
    assert {PitchStatus.SENT, PitchStatus.REPLIED, PitchStatus.ACCEPTED,
            PitchStatus.DECLINED} <= set(Pitch.objects.values_list("status", flat=True))
    kinds = {row.kind for row in selectors.today_moves(workspace, today=_today())}
    assert {"pitch_follow_up", "tip_soon", "tip_stale", "tip_thank"} <= kinds
    acme = Tip.objects.get(title__startswith="Acme")
    assert acme.tip_sources.get().thank_item is None  # the user takes the suggestion
    assert acme.interaction is not None


def test_the_demo_uses_the_people_it_is_given(workspace, owner):
    dana = make_person(workspace, "Dana Reyes", circle="internal")
    others = [make_person(workspace, f"Colleague {i}", circle="internal") for i in range(3)]
    media = [make_person(workspace, f"Reporter {i}", circle="media", beat="tech",
                         outlet="Daily") for i in range(4)]
    seed_stories(workspace, by=owner, rng=random.Random(1), people=[dana, *others, *media])
    assert Person.objects.filter(workspace=workspace).count() == 8
    assert Tip.objects.filter(tip_sources__person=dana).exists()


def test_the_intros_demo_has_every_state_a_hire_and_matches(workspace, owner):
    summary = seed_intros(workspace, by=owner, rng=random.Random(7))
    assert summary == {"introductions": 9, "opportunities": 4, "hired": 1}
    assert set(Introduction.objects.values_list("status", flat=True)) == set(IntroStatus.values)
    hire = Introduction.objects.get(outcome="hired")
    assert not hire.opportunity.is_open
    head_of_content = Opportunity.objects.get(title__startswith="Head of content")
    matches = intro_selectors.opportunity_matches(workspace, head_of_content)
    assert matches[0].person.name == "Mei Tanaka"
    kinds = {r.kind for r in intro_selectors.today_outcomes(workspace, today=_today())}
    assert kinds == {"intro_outcome", "intro_ask_b", "intro_waiting"}
    assert intro_selectors.chains(workspace).roots[0].person.name == "Grace Kim"


def test_the_demos_can_run_twice_in_one_workspace(workspace, owner):
    for seed in (1, 2):
        seed_stories(workspace, by=owner, rng=random.Random(seed))
        seed_intros(workspace, by=owner, rng=random.Random(seed))
    assert Person.objects.filter(name="Grace Kim 2").exists()


def test_the_export_sheets_carry_tips_pitches_introductions_and_opportunities(workspace, owner):
    from backstory.transfer.sheets import sheets as registered

    seed_stories(workspace, by=owner, rng=random.Random(7))
    seed_intros(workspace, by=owner, rng=random.Random(7))
    found = {s.title: (s.headers, list(s.rows(workspace))) for s in registered()}
    assert {"Tips", "Pitches", "Introductions", "Opportunities"} <= set(found)
    for headers, rows in found.values():
        assert all(len(row) == len(headers) for row in rows)
    assert len(found["Tips"][1]) == 9 and len(found["Introductions"][1]) == 9
    pitches_headers, pitch_rows = found["Pitches"]
    url = pitches_headers.index("Coverage URL")
    covered = [r for r in pitch_rows if r[url]]
    assert covered and covered[0][pitches_headers.index("Coverage outlet")]


def _today():
    from django.utils import timezone

    return timezone.localdate()
