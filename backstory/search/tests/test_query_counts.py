"""A search runs the same number of SQL queries at 50 and 1,500 people."""

from __future__ import annotations

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat

from backstory.bench.network import build_network
from backstory.interactions.models import Interaction

SIZES = [50, 1500]


@pytest.mark.parametrize("size", SIZES)
def test_the_search_page_runs_a_fixed_number_of_queries(size, owner_client, workspace,
                                                        django_assert_num_queries):
    build_network(workspace, size)
    Interaction.objects.filter(workspace=workspace).update(
        summary=Concat(Value("Coffee about the "), F("kind")),
        notes=Concat(Value("Talked about the launch plan at Acme, item "), F("id")))
    # Each finds people (by organisation), organisations and interactions.
    for text in ("acme", "acm", "acme OR globex", "acme -zebra"):
        owner_client.get("/search/", {"q": text})
        with django_assert_num_queries(SEARCH_QUERIES):
            response = owner_client.get("/search/", {"q": text})
        assert response.status_code == 200
        assert response.text.count('class="person-row search-hit') >= 11


# Measured once and written down: 4 for the session, user and workspace; per kind one
# ranking query; people 2 (with e-mails), organisations 1, interactions 2 (with people);
# 1 for the searcher's own private notes (the index holds no private notes); who on the
# team knows the people found: members, their relationships, the touches that weigh
# their strength, the teammates there and the owners (4).
SEARCH_QUERIES = 17
