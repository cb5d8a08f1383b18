"""Draft e-mails written from both profiles, for each moment of the double opt-in."""

import pytest

from backstory.intros.drafts import draft_for
from backstory.testing import make_person


@pytest.fixture
def lena(workspace):
    return make_person(workspace, "Lena Fischer", title="Product marketer",
                       wants="a senior product marketing role in fintech\nmentoring",
                       offers="launch playbooks", emails=["lena@example.com"])


@pytest.fixture
def omar(workspace):
    from backstory.people.services import organization_create

    org = organization_create(workspace, by=None, name="Fintrack")
    return make_person(workspace, "Omar Haddad", title="VP Marketing", organization=org,
                       wants="a senior PMM for the payments launch",
                       offers="hiring for product marketing")


def test_asking_a_explains_who_b_is_and_why_it_fits_what_a_wants(lena, omar):
    draft = draft_for("ask_a", a=lena, b=omar, reason="Omar is hiring", sender="Olivia",
                      emails={lena.pk: "lena@example.com"})
    assert draft.to == ["Lena Fischer <lena@example.com>"]
    assert draft.subject == "Would an introduction to Omar help?"
    body = draft.body
    assert body.startswith("Hi Lena,")
    assert "I'd like to introduce you to Omar Haddad, VP Marketing at Fintrack." in body
    assert "Omar is hiring." in body
    assert "Omar can help with hiring for product marketing." in body
    assert ("You mentioned you're looking for a senior product marketing role in fintech; "
            "mentoring") in body
    assert body.endswith("Best,\nOlivia")


def test_asking_b_says_a_would_be_glad_to_connect(lena, omar):
    draft = draft_for("ask_b", a=lena, b=omar, reason="", sender="")
    assert draft.to == ["Omar Haddad"]
    assert "Hi Omar," in draft.body and "Lena would be glad to connect." in draft.body
    assert "Lena can help with launch playbooks." in draft.body


def test_the_introduction_goes_to_both_with_each_profile(lena, omar):
    draft = draft_for("introduce", a=lena, b=omar, reason="Omar is hiring a PMM",
                      sender="Olivia", emails={lena.pk: "lena@example.com"})
    assert draft.to == ["Lena Fischer <lena@example.com>", "Omar Haddad"]
    assert draft.subject == "Introduction: Lena ↔ Omar"
    assert "Lena, meet Omar Haddad, VP Marketing at Fintrack." in draft.body
    assert "Omar, meet Lena Fischer, Product marketer." in draft.body
    assert "Why I thought you should talk: Omar is hiring a PMM." in draft.body
    assert draft.text.startswith("To: Lena Fischer <lena@example.com>, Omar Haddad\nSubject: ")


def test_profile_text_written_as_a_sentence_is_quoted_not_pasted_mid_sentence(workspace, lena):
    greta = make_person(workspace, "Greta Lindqvist",
                        offers="Happy to give feedback on pitch angles before I send them.",
                        wants="I'm looking for a co-host\nfor the fintech podcast")
    draft = draft_for("introduce", a=lena, b=greta, reason="", sender="")
    body = draft.body
    assert "can help with Happy" not in body and "looking for I'm" not in body
    assert ("What Greta offers: “Happy to give feedback on pitch angles before I send "
            "them.”") in body
    assert "What Greta is looking for: “I'm looking for a co-host / for the fintech podcast”" \
        in body
    asked = draft_for("ask_b", a=lena, b=greta, reason="", sender="").body
    assert "You mentioned what you're looking for, so" in asked
    # A phrase still continues the sentence.
    assert "Lena can help with launch playbooks." in body


def test_a_capitalised_name_inside_a_phrase_keeps_it_a_phrase(workspace, lena):
    sam = make_person(workspace, "Sam Ortiz", offers="intros to the Lisbon open-data crowd")
    body = draft_for("introduce", a=lena, b=sam, reason="", sender="").body
    assert "Sam can help with intros to the Lisbon open-data crowd." in body
