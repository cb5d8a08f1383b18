"""A common word costs no more than a rare one: only the newest matches are ranked, and a
rare word is still found however old (the bounds are made tiny here to show it)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backstory.search.schema import ranking
from backstory.search.selectors import search
from backstory.testing import make_interaction, make_person


@pytest.fixture
def tiny_bounds(monkeypatch):
    monkeypatch.setattr(ranking, "CANDIDATES", 5)
    monkeypatch.setattr(ranking, "PG_WINDOW", 6)
    monkeypatch.setattr(ranking, "PG_FEW", 2)


def test_a_common_word_ranks_only_its_newest_matches(workspace, owner, tiny_bounds):
    sam = make_person(workspace, "Sam Ortiz", by=owner)
    touches = [make_interaction(workspace, [sam], by=owner, notes=f"Weekly sync, week {i}",
                                when=timezone.now() - timedelta(days=30 - i)) for i in range(20)]
    found = {hit.interaction for hit in search(workspace, "weekly", limit=10).interactions}
    assert found == set(touches[-5:])


def test_a_rare_word_is_found_however_old(workspace, owner, tiny_bounds):
    sam = make_person(workspace, "Sam Ortiz", by=owner)
    old = make_interaction(workspace, [sam], by=owner, notes="The albatross project",
                           when=timezone.now() - timedelta(days=400))
    for i in range(20):
        make_interaction(workspace, [sam], by=owner, notes=f"Weekly sync, week {i}")
    assert [hit.interaction for hit in search(workspace, "albatross").interactions] == [old]
