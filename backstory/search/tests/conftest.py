"""A small fixed corpus to search, and a check that the index matches the records."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from backstory.interactions.models import Interaction
from backstory.people.models import Organization, Person
from backstory.people.services import organization_create
from backstory.search.services import search_index_problems
from backstory.testing import make_interaction, make_person


def assert_index_right() -> None:
    assert search_index_problems() == []


@dataclass
class Corpus:
    dana: Person  # found by name
    nadia: Person  # mentions Dana in her notes only
    priya: Person  # a journalist: title, outlet, beat
    jose: Person  # an accented name
    acme: Organization
    coffee: Interaction  # "Coffee with Dana" in the summary
    lunch: Interaction  # mentions Dana in the notes only


@pytest.fixture
def corpus(workspace, owner) -> Corpus:
    acme = organization_create(workspace, by=owner, name="Acme Logistics",
                               notes="Freight customer since 2021.")
    dana = make_person(workspace, "Dana Whitfield", by=owner, title="Head of Sales",
                       organization=acme, emails=["dana.whitfield@acme.example"])
    nadia = make_person(workspace, "Nadia Haddad", by=owner,
                        notes="Used to work with Dana at Globex; knows the freight world.")
    priya = make_person(workspace, "Priya Iyer", by=owner, circle="media",
                        title="Fintech correspondent", outlet="Harbourside Herald",
                        beat="payments, small business")
    jose = make_person(workspace, "José Álvarez", by=owner, wants="A mentor in investor relations")
    coffee = make_interaction(workspace, [dana], by=owner, summary="Coffee with Dana",
                              notes="She mentioned a **customer story**: Harbour Foods cut "
                                    "invoice times by half.")
    lunch = make_interaction(workspace, [nadia], by=owner, kind="meal",
                             notes="Nadia thinks Dana would speak at the freight summit.")
    return Corpus(dana=dana, nadia=nadia, priya=priya, jose=jose, acme=acme, coffee=coffee,
                  lunch=lunch)
