"""Undo: a whole batch goes — people it created, fields it changed, meetings it logged."""

from __future__ import annotations

import pytest

from backstory.core.errors import DomainError
from backstory.interactions.models import Interaction
from backstory.people.models import Organization, Person
from backstory.people.services import person_update
from backstory.testing import make_person
from backstory.transfer.models import BatchStatus
from backstory.transfer.services import import_file, import_undo
from backstory.workspaces.models import Activity

from .conftest import fixture
from .helpers import contacts, people

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_undo_removes_the_people_an_import_created(workspace, owner):
    make_person(workspace, "Already Here", by=owner)
    result = import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    counts = import_undo(workspace, by=owner, batch=result.batch)
    assert set(people(workspace)) == {"Already Here"}
    assert counts["people removed"] == 4
    result.batch.refresh_from_db()
    assert result.batch.status == BatchStatus.UNDONE
    assert not Organization.objects.filter(workspace=workspace, name="Acme Corp").exists()
    assert Activity.objects.filter(workspace=workspace, action="import.undone").exists()


def test_undo_puts_changed_fields_back(workspace, owner):
    from backstory.people.services import ContactInput, organization_create

    acme = organization_create(workspace, by=owner, name="Acme Corp")
    make_person(workspace, "Dana Reyes", by=owner, organization=acme, title="Comms lead",
                contacts=[ContactInput("linkedin",
                                       "https://www.linkedin.com/in/dana-reyes-0a1b2c")])
    data = (HEADER + "Dana,Reyes,https://www.linkedin.com/in/dana-reyes-0a1b2c,"
            "dana@example.com,Hooli,CCO,07 Dec 2025\n").encode()
    result = import_file(workspace, by=owner, data=data, name="c.csv")
    dana = people(workspace)["Dana Reyes"]
    assert (dana.title, dana.organization.name) == ("CCO", "Hooli")
    import_undo(workspace, by=owner, batch=result.batch)
    dana = people(workspace)["Dana Reyes"]
    assert (dana.title, dana.organization.name, dana.met_on) == ("Comms lead", "Acme Corp", None)
    assert contacts(dana, "email") == []


def test_a_later_edit_wins_over_the_undo(workspace, owner):
    make_person(workspace, "Grace Hopper", by=owner)
    data = (HEADER + "Grace,Hopper,,,,Rear Admiral,01 Jan 2024\n").encode()
    result = import_file(workspace, by=owner, data=data, name="c.csv")
    grace = Person.objects.get(workspace=workspace, name="Grace Hopper")
    from backstory.people.services import PersonFields

    person_update(workspace, by=owner, person=grace,
                  data=PersonFields(name="Grace Hopper", title="Commodore"))
    import_undo(workspace, by=owner, batch=result.batch)
    grace.refresh_from_db()
    assert grace.title == "Commodore"


def test_undo_removes_logged_meetings_and_moves_last_touch_back(workspace, owner):
    result = import_file(workspace, by=owner, path=fixture("meetings.ics"))
    assert Interaction.objects.filter(workspace=workspace).count() == 2
    import_undo(workspace, by=owner, batch=result.batch)
    assert Interaction.objects.filter(workspace=workspace).count() == 0
    assert Person.objects.filter(workspace=workspace).count() == 0


def test_a_batch_cannot_be_undone_twice(workspace, owner):
    result = import_file(workspace, by=owner, path=fixture("linkedin_2018.csv"))
    import_undo(workspace, by=owner, batch=result.batch)
    with pytest.raises(DomainError, match="Only an import that was committed"):
        import_undo(workspace, by=owner, batch=result.batch)


def test_undo_of_another_workspace_batch_is_refused(personas):
    result = import_file(personas.workspace, by=personas.owner,
                         path=fixture("linkedin_2018.csv"))
    with pytest.raises(DomainError):
        import_undo(personas.outsider_workspace, by=personas.outsider, batch=result.batch)
    assert Person.objects.filter(workspace=personas.workspace).count() == 2
