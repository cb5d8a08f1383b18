"""Backstory's own workbook comes back in: people, interactions, action items, links."""

from __future__ import annotations

import io
from datetime import date

from backstory.interactions.models import ActionItem, Interaction
from backstory.people.models import Person
from backstory.transfer.exporters.base import get_exporter
from backstory.transfer.services import import_file

from .helpers import build_network, contacts, people, tags


def workbook(workspace) -> bytes:
    buffer = io.BytesIO()
    get_exporter("xlsx").write(workspace, buffer)
    return buffer.getvalue()


def test_an_exported_workbook_imports_into_another_workspace_with_its_history(personas):
    build_network(personas.workspace, personas.owner)
    data = workbook(personas.workspace)
    target, by = personas.outsider_workspace, personas.outsider
    result = import_file(target, by=by, data=data, name="backstory.xlsx")
    assert result.format == "backstory"
    found = people(target)
    assert set(found) == {"Dana Reyes", "Lois Lane", "Old Contact"}
    dana, lois = found["Dana Reyes"], found["Lois Lane"]
    assert (dana.organization.name, dana.team.name) == ("Acme", "Sales")
    assert (dana.circle, dana.direction) == ("internal", "across")
    assert (dana.birthday_year, dana.birthday_month, dana.birthday_day) == (None, 4, 15)
    assert dana.met_on == date(2021, 9, 1)
    assert (dana.cadence_min_days, dana.cadence_max_days) == (20, 40)
    assert dana.notes == "Knows every customer.\nAsk about Q3."
    assert tags(dana) == {"customer-stories", "sales"}
    assert contacts(dana, "phone") == ["+44 20 7946 0123"]
    assert [c.label for c in dana.contact_points.all() if c.kind == "phone"] == ["work"]
    assert lois.title == '=HYPERLINK("http://evil.example")'  # the guard is taken off
    assert lois.introduced_by == dana
    assert (lois.preferred_channel, lois.preferred_format) == ("email", "short_note")
    assert found["Old Contact"].archived_at is not None
    assert found["Old Contact"].notes == "+1 call back"
    coffee = Interaction.objects.get(workspace=target, summary="Launch chat")
    assert coffee.kind == "coffee" and coffee.value == "mutual"
    assert coffee.occurred_at.isoformat() == "2024-03-05T09:30:00+00:00"
    assert {p.name for p in coffee.participants.all()} == {"Dana Reyes", "Lois Lane"}
    assert {t.name for t in coffee.tags.all()} == {"launch"}
    assert coffee.notes == "Talked about the **launch**; =1+1"
    items = {a.text: a for a in ActionItem.objects.filter(workspace=target)}
    assert items["Send Lois the customer story"].person == lois
    assert items["Send Lois the customer story"].interaction == coffee
    assert items["Send Lois the customer story"].due_on == date(2024, 3, 12)
    assert items["@channel the numbers"].done_at is not None
    assert Person.objects.get(workspace=target, name="Dana Reyes").last_touch_at is not None
    from backstory.people.models import Organization

    orgs = {o.name: o for o in Organization.objects.filter(workspace=target)}
    assert orgs["Acme"].is_own
    assert (orgs["The Daily Planet"].kind, orgs["The Daily Planet"].website) == (
        "media", "https://planet.example")


def test_importing_the_workbook_into_its_own_workspace_changes_nothing(workspace, owner):
    build_network(workspace, owner)
    result = import_file(workspace, by=owner, data=workbook(workspace), name="mine.xlsx")
    assert result.count("create") == 0
    assert Person.objects.filter(workspace=workspace).count() == 3
    assert Interaction.objects.filter(workspace=workspace).count() == 2
    assert ActionItem.objects.filter(workspace=workspace).count() == 2
