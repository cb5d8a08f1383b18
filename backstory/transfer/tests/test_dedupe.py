"""Duplicates: strong keys (LinkedIn, e-mail, phone), then the name; inside the file too."""

from __future__ import annotations

from backstory.people.models import Person
from backstory.testing import make_person
from backstory.transfer.services import import_file

from .conftest import fixture
from .helpers import contacts, normalized, people

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def linkedin(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_importing_the_same_file_twice_creates_nothing_new(workspace, owner):
    import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    before = Person.objects.filter(workspace=workspace).count()
    again = import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    assert Person.objects.filter(workspace=workspace).count() == before
    assert again.count("create") == 0
    assert again.count("unchanged", "person") == 4


def test_a_newer_file_updates_what_changed(workspace, owner):
    import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    newer = linkedin("Dana,Reyes,https://www.linkedin.com/in/dana-reyes-0a1b2c/,,Hooli,"
                     "Chief Communications Officer,07 Dec 2025")
    result = import_file(workspace, by=owner, data=newer, name="Connections.csv",
                         keep_rows=True)
    update = next(p for p in result.rows if p.action == "update")
    assert result.count("update") == 1 and result.count("create") == 0
    dana = people(workspace)["Dana Reyes"]
    assert dana.organization.name == "Hooli"
    assert dana.title == "Chief Communications Officer"
    assert set(update.change.labels()) == {"title", "organisation"}


def test_an_email_from_another_source_finds_the_linkedin_person(workspace, owner):
    import_file(workspace, by=owner, path=fixture("linkedin_connections.csv"))
    vcard = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Samuel Ortiz\r\nEMAIL:Sam.Ortiz@Example.com\r\n"
             b"TEL:+1 212 555 0142\r\nEND:VCARD\r\n")
    result = import_file(workspace, by=owner, data=vcard, name="sam.vcf")
    assert result.count("update") == 1
    sam = people(workspace)["Sam Ortiz, MBA"]
    assert normalized(sam, "phone") == ["+12125550142"]
    assert "Samuel Ortiz" not in people(workspace)


def test_rows_about_the_same_person_in_one_file_are_merged(workspace, owner):
    data = (b"Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value\n"
            b"Ada Lovelace,Work,ada@example.com,Mobile,+44 7700 900001\n"
            b"Ada Lovelace,Home,ADA@example.com,Home,+44 20 7946 0001\n")
    result = import_file(workspace, by=owner, data=data, name="google.csv")
    assert result.count("create") == 1 and result.count("merge") == 1
    ada = people(workspace)["Ada Lovelace"]
    assert normalized(ada, "phone") == ["+447700900001", "+442079460001"]
    assert contacts(ada, "email") == ["ada@example.com"]


def test_same_name_at_the_same_organisation_is_the_same_person(workspace, owner):
    make_person(workspace, "Grace Hopper", by=owner)
    data = linkedin("Grace,Hopper,,,,Rear Admiral,01 Jan 2024")
    result = import_file(workspace, by=owner, data=data, name="c.csv")
    assert result.count("update") == 1
    assert Person.objects.filter(workspace=workspace, name="Grace Hopper").count() == 1


def test_same_name_elsewhere_is_only_a_possible_duplicate(workspace, owner):
    from backstory.people.services import organization_create

    navy = organization_create(workspace, by=owner, name="Navy")
    make_person(workspace, "Grace Hopper", by=owner, organization=navy)
    data = linkedin("Grace,Hopper,https://www.linkedin.com/in/gh,,Harvard,Researcher,"
                    "01 Jan 2024")
    result = import_file(workspace, by=owner, data=data, name="c.csv")
    assert result.count("duplicate") == 1
    assert Person.objects.filter(workspace=workspace, name="Grace Hopper").count() == 2


def test_a_similar_name_at_the_same_company_is_flagged(workspace, owner):
    from backstory.people.services import organization_create

    acme = organization_create(workspace, by=owner, name="Acme")
    make_person(workspace, "Jonathan Smithson", by=owner, organization=acme)
    data = linkedin("Jonathon,Smithson,,,Acme Inc,,01 Jan 2024")
    result = import_file(workspace, by=owner, data=data, name="c.csv", dry_run=True,
                         keep_rows=True)
    assert result.count("duplicate") == 1
    assert result.rows[0].match.how == "similar name"


def test_a_shared_office_phone_does_not_merge_two_different_people(workspace, owner):
    make_person(workspace, "Reception Desk", by=owner,
                contacts=[_contact("phone", "+44 20 7946 0000")])
    vcard = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maria Garcia\r\nTEL:+44 20 7946 0000\r\n"
             b"END:VCARD\r\n")
    result = import_file(workspace, by=owner, data=vcard, name="m.vcf")
    assert result.count("duplicate") == 1
    assert "Maria Garcia" in people(workspace)


def test_two_different_linkedin_profiles_are_two_people(workspace, owner):
    import_file(workspace, by=owner, data=linkedin(
        "Alex,Kim,https://www.linkedin.com/in/alex-kim-1,,,,01 Jan 2024"), name="a.csv")
    result = import_file(workspace, by=owner, data=linkedin(
        "Alex,Kim,https://www.linkedin.com/in/alex-kim-2,,,,01 Jan 2024"), name="b.csv")
    assert result.count("create") == 1
    assert Person.objects.filter(workspace=workspace, name="Alex Kim").count() == 2


def _contact(kind, value):
    from backstory.people.services import ContactInput

    return ContactInput(kind, value)
