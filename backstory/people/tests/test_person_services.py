import pytest

from backstory.core.errors import DomainError
from backstory.people.models import ContactPoint, Person
from backstory.people.services import (
    ContactInput,
    PersonFields,
    organization_create,
    person_archive,
    person_restore,
    person_update,
    team_create,
)
from backstory.testing import make_interaction, make_person
from backstory.workspaces.models import Activity


def test_creating_a_person_stores_contacts_tags_and_an_audit_entry(workspace, owner):
    person = make_person(
        workspace, "Dana Reyes", by=owner, emails=["Dana@Acme.example"], tags=["Sales", "vip"],
        contacts=[ContactInput("phone", "+44 20 7946 0958"),
                  ContactInput("url", "https://www.linkedin.com/in/Dana-Reyes/")],
    )
    kinds = {(c.kind, c.normalized) for c in person.contact_points.all()}
    assert ("email", "dana@acme.example") in kinds
    assert ("phone", "+442079460958") in kinds
    assert ("linkedin", "linkedin.com/in/dana-reyes") in kinds
    assert sorted(t.name for t in person.tags.all()) == ["Sales", "vip"]
    entry = Activity.objects.get(workspace=workspace, action="person.created")
    assert entry.person == person and entry.actor == owner


def test_tags_are_reused_whatever_their_case(workspace):
    first = make_person(workspace, "A", tags=["Sales"])
    second = make_person(workspace, "B", tags=["sales", "#SALES"])
    assert first.tags.get() == second.tags.get()


def test_a_bad_email_names_its_line_and_saves_nothing(workspace):
    with pytest.raises(DomainError) as caught:
        make_person(workspace, "Dana", emails=["dana@acme.example", "not-an-email"])
    assert "Line 2" in caught.value.field_errors["emails"][0]
    assert not Person.objects.filter(workspace=workspace).exists()
    assert not ContactPoint.objects.exists()


def test_a_team_of_another_organisation_is_refused(workspace, owner):
    acme = organization_create(workspace, by=owner, name="Acme")
    other = organization_create(workspace, by=owner, name="Globex")
    sales = team_create(workspace, by=owner, organization=acme, name="Sales")
    with pytest.raises(DomainError) as caught:
        make_person(workspace, "Dana", organization=other, team=sales)
    assert "team" in caught.value.field_errors


def test_choosing_a_team_fills_in_its_organisation(workspace, owner):
    acme = organization_create(workspace, by=owner, name="Acme", is_own=True)
    sales = team_create(workspace, by=owner, organization=acme, name="Sales")
    person = make_person(workspace, "Dana", team=sales)
    assert person.organization == acme


def test_records_of_another_workspace_cannot_be_linked(workspace, personas):
    foreign = make_person(personas.outsider_workspace, "Foreign Person")
    with pytest.raises(DomainError):
        make_person(workspace, "Dana", introduced_by=foreign)


def test_update_audits_the_fields_that_changed(workspace, owner):
    person = make_person(workspace, "Dana Reyes", by=owner, title="AE")
    person_update(workspace, by=owner, person=person,
                  data=PersonFields(name="Dana Reyes", title="Head of Sales", wants="A mentor"))
    entry = Activity.objects.get(workspace=workspace, action="person.updated")
    assert set(entry.data["fields"]) == {"title", "wants"}


def test_update_without_changes_writes_no_audit_entry(workspace, owner):
    person = make_person(workspace, "Dana Reyes", by=owner, title="AE", emails=["d@x.example"])
    person_update(workspace, by=owner, person=person,
                  data=PersonFields(name="Dana Reyes", title="AE",
                                    contacts=[ContactInput("email", "d@x.example")]))
    assert not Activity.objects.filter(action="person.updated").exists()


def test_someone_cannot_introduce_themselves(workspace):
    person = make_person(workspace, "Dana")
    with pytest.raises(DomainError):
        person_update(workspace, by=None, person=person,
                      data=PersonFields(name="Dana", introduced_by=person))


def test_archive_and_restore_are_audited(workspace, owner):
    person = make_person(workspace, "Dana")
    person_archive(workspace, by=owner, person=person)
    assert person.is_archived
    person_restore(workspace, by=owner, person=person)
    assert not person.is_archived
    actions = list(Activity.objects.filter(person=person).values_list("action", flat=True))
    assert "person.archived" in actions and "person.restored" in actions


def test_organisation_names_are_unique_whatever_the_case(workspace, owner):
    organization_create(workspace, by=owner, name="Acme")
    with pytest.raises(DomainError):
        organization_create(workspace, by=owner, name="ACME")


def test_only_one_organisation_is_your_own(workspace, owner):
    first = organization_create(workspace, by=owner, name="Northwind", is_own=True)
    organization_create(workspace, by=owner, name="Southwind", is_own=True)
    first.refresh_from_db()
    assert not first.is_own


def test_stored_last_touch_matches_the_latest_interaction(workspace):
    from datetime import timedelta

    from django.utils import timezone

    dana = make_person(workspace, "Dana")
    older = timezone.now() - timedelta(days=30)
    newer = timezone.now() - timedelta(days=2)
    make_interaction(workspace, [dana], when=newer)
    make_interaction(workspace, [dana], when=older)
    dana.refresh_from_db()
    assert dana.last_touch_at == newer
