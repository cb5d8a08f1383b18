"""The benchmark's synthetic workspace: deterministic, realistic enough, and every page the
harness times opens on it."""

from __future__ import annotations

import pytest
from django.test import Client

from backstory.bench.scenarios import SCENARIOS
from backstory.bench.synthetic import build_workspace
from backstory.interactions.models import Interaction, Participation
from backstory.people.models import Person
from backstory.stories.models import Tip

pytestmark = pytest.mark.django_db


def _fingerprint(workspace) -> list:
    return [
        list(Person.objects.filter(workspace=workspace).order_by("id")
             .values_list("name", "circle", "last_touch_at")[:50]),
        Interaction.objects.filter(workspace=workspace).count(),
        Participation.objects.filter(workspace=workspace).count(),
        list(Tip.objects.filter(workspace=workspace).order_by("id").values_list("title")),
    ]


def test_the_same_seed_builds_the_same_workspace(settings):
    first = build_workspace(people=120, seed=5, username="a")
    second = build_workspace(people=120, seed=5, username="b", now=None)
    one, two = _fingerprint(first.workspace), _fingerprint(second.workspace)
    # last_touch_at follows the clock of each build; names, counts and tips do not.
    assert [row[:2] for row in one[0]] == [row[:2] for row in two[0]]
    assert one[1:] == two[1:]


def test_the_workspace_has_ten_touches_per_person_with_notes_and_a_hub():
    built = build_workspace(people=300, seed=1)
    workspace = built.workspace
    assert 2_500 <= built.interactions <= 3_500
    assert Interaction.objects.filter(workspace=workspace, notes="").count() == 0
    hub = Participation.objects.filter(person_id=built.ids["hub"]).count()
    assert hub >= 200
    # Stored follow-up values were computed after the bulk insert.
    assert Person.objects.filter(workspace=workspace, last_touch_at__isnull=False).count() > 250
    assert Person.objects.filter(workspace=workspace).values("circle").distinct().count() >= 8


def test_every_page_the_harness_times_opens_for_the_owner():
    built = build_workspace(people=150, seed=3)
    client = Client()
    client.force_login(built.owner)
    for scenario in SCENARIOS:
        path = scenario.path(built)
        response = client.get(path)
        assert response.status_code == 200, (scenario.name, path, response.status_code)


def test_the_workspace_is_searchable_after_the_bulk_build():
    built = build_workspace(people=150, seed=3)
    client = Client()
    client.force_login(built.owner)
    page = client.get(f"/search/?q={built.words['name']}").text
    assert built.words["name"] in page
    assert "/people/" in page


def test_a_team_workspace_spreads_the_touches_across_its_members():
    from backstory.followups.models import Relationship
    from backstory.workspaces.models import Membership

    built = build_workspace(people=120, seed=4, members=10, username="teamlead")
    workspace = built.workspace
    assert Membership.objects.filter(workspace=workspace).count() == 10
    authors = set(Interaction.objects.filter(workspace=workspace)
                  .values_list("created_by_id", flat=True))
    assert len(authors) == 10 and None not in authors
    assert Interaction.members.through.objects.filter(
        interaction__workspace=workspace).exists()
    # Each member's own relationships were computed after the bulk insert.
    hub_members = Relationship.objects.filter(workspace=workspace, person_id=built.ids["hub"],
                                              touch_count__gt=0).count()
    assert hub_members == 10
    client = Client()
    client.force_login(built.owner)
    page = client.get(f"/people/{built.ids['hub']}/").content.decode()
    assert "Who on the team knows" in page
    assert page.count('class="warm-path"') == 10  # nine teammates and "You"
    assert client.get("/team/coverage/").status_code == 200
