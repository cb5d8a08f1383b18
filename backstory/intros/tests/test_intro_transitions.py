"""The double opt-in flow: ask A, A says yes, ask B, B says yes and you introduce them."""

from datetime import date, timedelta

import pytest
import time_machine

from backstory.core.errors import DomainError
from backstory.interactions.models import ActionItem
from backstory.intros import services
from backstory.intros.models import Introduction, IntroStatus
from backstory.intros.transitions import STEPS, step_refusal
from backstory.testing import make_person
from backstory.workspaces.models import Activity

TODAY = date(2025, 3, 14)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2025-03-14 10:00 +0000", tick=False):
        yield


@pytest.fixture
def pair(workspace):
    return (make_person(workspace, "Lena Fischer", wants="a product marketing role"),
            make_person(workspace, "Omar Haddad", offers="hiring for product marketing"))


def _start(workspace, owner, pair, **kwargs):
    return services.introduction_start(workspace, by=owner, person_a=pair[0], person_b=pair[1],
                                       reason="Omar is hiring; Lena is looking", **kwargs)


PATH = {
    IntroStatus.PROPOSED: [],
    IntroStatus.ASKED_A: ["ask_a"],
    IntroStatus.A_AGREED: ["ask_a", "a_agreed"],
    IntroStatus.ASKED_B: ["ask_a", "a_agreed", "ask_b"],
    IntroStatus.INTRODUCED: ["ask_a", "a_agreed", "ask_b", "introduce"],
    IntroStatus.DECLINED: ["ask_a", "a_declined"],
}


def _bring(workspace, owner, intro, status):
    for step in PATH[status]:
        intro = services.introduction_step(workspace, by=owner, introduction=intro, step=step)
    return intro


def test_the_whole_double_opt_in_flow_records_each_date_and_audits_both_people(
        workspace, owner, pair):
    intro = _start(workspace, owner, pair)
    assert intro.status == IntroStatus.PROPOSED
    for step, status in (("ask_a", "asked_a"), ("a_agreed", "a_agreed"), ("ask_b", "asked_b"),
                         ("introduce", "introduced")):
        intro = services.introduction_step(workspace, by=owner, introduction=intro, step=step)
        assert intro.status == status
    assert (intro.asked_a_on, intro.a_agreed_on, intro.asked_b_on, intro.introduced_on) == (
        TODAY, TODAY, TODAY, TODAY)
    people = {a.person for a in Activity.objects.filter(action="intro.introduce")}
    assert people == set(pair)
    item = intro.follow_up_item
    assert item.due_on == TODAY + timedelta(days=14)
    assert item.text == "Ask Lena and Omar how their introduction went"


ALLOWED = [(src, step.code) for step in STEPS.values() for src in step.source]


@pytest.mark.parametrize(("source", "step"), ALLOWED)
def test_every_allowed_step(workspace, owner, pair, source, step):
    intro = _bring(workspace, owner, _start(workspace, owner, pair), source)
    intro = services.introduction_step(workspace, by=owner, introduction=intro, step=step)
    assert Introduction.objects.get(pk=intro.pk).status == STEPS[step].target


REFUSED = [
    ("proposed", "ask_b", "Double opt-in: ask Omar Haddad only after Lena Fischer has said yes."),
    ("asked_a", "ask_b", "ask Omar Haddad only after Lena Fischer has said yes"),
    ("proposed", "introduce", "Both must say yes before you introduce them"),
    ("a_agreed", "introduce", "Omar Haddad has not been asked yet: ask Omar Haddad first"),
    ("asked_a", "ask_a", "You asked Lena Fischer already."),
    ("a_agreed", "a_agreed", "Lena Fischer said yes already."),
    ("asked_b", "a_declined", "Lena Fischer said yes already."),
    ("proposed", "a_declined", "Ask Lena Fischer first."),
    ("a_agreed", "b_declined", "Omar Haddad has not been asked yet."),
    ("introduced", "ask_a", "are introduced already: record how it went instead"),
    ("declined", "a_agreed", "Lena Fischer said no, so this introduction is closed."),
    ("proposed", "hug", "“hug” is not a step of an introduction."),
]


@pytest.mark.parametrize(("source", "step", "message"), REFUSED)
def test_refused_steps_say_why_and_change_nothing(workspace, owner, pair, source, step, message):
    intro = _bring(workspace, owner, _start(workspace, owner, pair), source)
    before = Activity.objects.count()
    with pytest.raises(DomainError) as caught:
        services.introduction_step(workspace, by=owner, introduction=intro, step=step)
    assert message in caught.value.message
    assert Introduction.objects.get(pk=intro.pk).status == source
    assert Activity.objects.count() == before


def test_every_step_from_every_status_is_allowed_or_explained():
    for status in IntroStatus.values:
        for code, step in STEPS.items():
            refusal = step_refusal(status, code, a="A", b="B", declined_by="b")
            assert (refusal is None) == (status in step.source), (status, code)


def test_b_saying_no_closes_it_and_names_b(workspace, owner, pair):
    intro = _bring(workspace, owner, _start(workspace, owner, pair), "asked_b")
    intro = services.introduction_step(workspace, by=owner, introduction=intro,
                                       step="b_declined")
    assert (intro.status, intro.declined_by, intro.declined_on) == ("declined", "b", TODAY)
    with pytest.raises(DomainError, match="Omar Haddad said no"):
        services.introduction_step(workspace, by=owner, introduction=intro, step="introduce")


def test_when_a_asked_for_it_a_s_yes_is_recorded_at_once(workspace, owner, pair):
    intro = _start(workspace, owner, pair, a_requested=True)
    assert intro.status == IntroStatus.A_AGREED and intro.asked_a_on == TODAY


def test_outcomes_close_the_reminder_and_connected_sets_a_check_in(workspace, owner, pair):
    intro = _bring(workspace, owner, _start(workspace, owner, pair), "introduced")
    first = intro.follow_up_item
    intro = services.introduction_record_outcome(workspace, by=owner, introduction=intro,
                                                 outcome="connected")
    assert ActionItem.objects.get(pk=first.pk).is_done
    check_in = intro.follow_up_item
    assert check_in.pk != first.pk and check_in.due_on == TODAY + timedelta(days=30)
    intro = services.introduction_record_outcome(workspace, by=owner, introduction=intro,
                                                 outcome="hired", note="Starts in May")
    assert intro.outcome == "hired" and intro.outcome_note == "Starts in May"
    assert ActionItem.objects.get(pk=check_in.pk).is_done


def test_no_outcome_before_the_introduction(workspace, owner, pair):
    intro = _bring(workspace, owner, _start(workspace, owner, pair), "asked_b")
    with pytest.raises(DomainError, match="once they are introduced"):
        services.introduction_record_outcome(workspace, by=owner, introduction=intro,
                                             outcome="connected")
    intro = services.introduction_step(workspace, by=owner, introduction=intro,
                                       step="introduce")
    with pytest.raises(DomainError, match="is not an outcome"):
        services.introduction_record_outcome(workspace, by=owner, introduction=intro,
                                             outcome="married")


@pytest.mark.parametrize(("who", "reason", "message"), [
    ("same", "Why not", "cannot be introduced to themselves"),
    ("pair", "  ", "Why should they meet?"),
])
def test_a_bad_introduction_is_refused(workspace, owner, pair, who, reason, message):
    b = pair[0] if who == "same" else pair[1]
    with pytest.raises(DomainError) as caught:
        services.introduction_start(workspace, by=owner, person_a=pair[0], person_b=b,
                                    reason=reason)
    assert message in caught.value.message
    assert not Introduction.objects.exists()


def test_the_same_pair_is_not_introduced_twice_at_once(workspace, owner, pair):
    _start(workspace, owner, pair)
    with pytest.raises(DomainError, match="already introducing Omar Haddad and Lena Fischer"):
        services.introduction_start(workspace, by=owner, person_a=pair[1], person_b=pair[0],
                                    reason="Again")


def test_a_person_of_another_workspace_cannot_be_introduced(workspace, owner, pair, personas):
    stranger = make_person(personas.outsider_workspace, "Stranger")
    with pytest.raises(DomainError, match="Not found in this workspace"):
        services.introduction_start(workspace, by=owner, person_a=pair[0], person_b=stranger,
                                    reason="Hi")


def test_only_a_proposed_introduction_can_be_deleted(workspace, owner, pair):
    intro = _bring(workspace, owner, _start(workspace, owner, pair), "asked_a")
    with pytest.raises(DomainError, match="record that they said no"):
        services.introduction_delete(workspace, by=owner, introduction=intro)
    other = services.introduction_start(workspace, by=owner, person_a=pair[1],
                                        person_b=make_person(workspace, "Sam Ortiz"), reason="x")
    services.introduction_delete(workspace, by=owner, introduction=other)
    assert list(Introduction.objects.all()) == [intro]


def test_the_quick_log_hook_starts_an_introduction_with_or_without_a_reason(workspace, owner,
                                                                           pair):
    intro = services.introduction_start_from_quicklog(
        workspace, by=owner, person_a=pair[0], person_b=pair[1], text=" both love  fintech ")
    assert (intro.status, intro.reason) == ("proposed", "both love fintech")
    other = services.introduction_start_from_quicklog(
        workspace, by=owner, person_a=pair[1], person_b=make_person(workspace, "Sam Ortiz"))
    assert other.reason == ("Noted in quick-log on 14 Mar 2025 — add why Omar and Sam should "
                            "meet.")
