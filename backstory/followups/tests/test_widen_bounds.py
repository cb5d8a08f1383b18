""""Widen your network" reads a bounded number of rows whatever the size of the
organisation: the rules as docs/FOLLOWUPS.md states them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from backstory.followups import selectors
from backstory.people.services import organization_create, team_create
from backstory.testing import make_interaction, make_person

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def acme(workspace, owner):
    acme = organization_create(workspace, by=owner, name="Acme", is_own=True)
    return {name: team_create(workspace, by=owner, organization=acme, name=name)
            for name in ("Legal", "Sales")}


def _widen(workspace):
    return {s.kind: s for s in selectors.widen_suggestions(workspace, today=TODAY, now=NOW)}


def test_a_team_is_warm_when_one_of_its_most_recently_touched_members_is(
        workspace, acme, monkeypatch):
    sales = acme["Sales"]
    close = make_person(workspace, "Close Seller", team=sales)
    for days in (20, 30, 40):
        make_interaction(workspace, [close], when=NOW - timedelta(days=days))
    light = make_person(workspace, "Light Seller", team=sales)
    make_interaction(workspace, [light], kind="social", when=NOW - timedelta(days=2))
    make_person(workspace, "Quiet Lawyer", team=acme["Legal"])
    monkeypatch.setattr(selectors, "WARM_PROBE", 2)
    assert _widen(workspace)["cold_team"].team == acme["Legal"]
    # With a probe of one, only the latest (a light touch) is looked at: Sales looks cold.
    # Both teams are cold then, and the suggestion takes turns between them by day.
    monkeypatch.setattr(selectors, "WARM_PROBE", 1)
    cold = [acme["Legal"], acme["Sales"]]
    assert _widen(workspace)["cold_team"].team == cold[TODAY.toordinal() % 2]


def test_a_department_visited_often_is_not_one_you_rarely_visit(workspace, acme,
                                                                monkeypatch):
    seller = make_person(workspace, "Busy Seller", team=acme["Sales"])
    for days in (3, 5, 8):
        make_interaction(workspace, [seller], when=NOW - timedelta(days=days))
    make_person(workspace, "New Seller", team=acme["Sales"])
    found = _widen(workspace)
    assert found["never_met"].person.name == "New Seller"
    assert "(3 touches in six months)" in found["never_met"].reason
    monkeypatch.setattr(selectors, "RARE_TEAM_CAP", 3)
    assert "never_met" not in _widen(workspace)
    monkeypatch.setattr(selectors, "RARE_TEAM_CAP", 4)
    assert _widen(workspace)["never_met"].person.name == "New Seller"
