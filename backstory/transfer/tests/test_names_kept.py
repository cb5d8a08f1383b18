"""Names and titles come in as the source gives them, their parts are kept, and the
vCard export writes those parts back instead of guessing them from the display name."""

from __future__ import annotations

import io

from openpyxl import Workbook

from backstory.people.models import Person
from backstory.people.services import PersonFields, person_create, person_update
from backstory.transfer.exporters import get_exporter
from backstory.transfer.services import import_file, import_undo

from .helpers import people

PARTS = ("name_prefix", "given_name", "additional_names", "family_name", "name_suffix")


def parts(person: Person) -> tuple[str, ...]:
    return tuple(getattr(person, p) for p in PARTS)


def vcard(workspace, version: str = "3.0") -> str:
    buffer = io.BytesIO()
    get_exporter("vcard").write(workspace, buffer, version=version)
    return buffer.getvalue().decode()


def test_a_linkedin_position_starting_with_a_dash_is_kept_exactly(workspace, owner):
    data = ("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            "Ann,Lee,,ann@example.com,-Studio-,-Founder,07 Dec 2025\r\n"
            "Bo,Kim,,bo@example.com,–,-,07 Dec 2025\r\n").encode()
    import_file(workspace, by=owner, data=data, name="Connections.csv")
    found = people(workspace)
    assert (found["Ann Lee"].title, found["Ann Lee"].organization.name) == (
        "-Founder", "-Studio-")
    assert (found["Bo Kim"].title, found["Bo Kim"].organization) == ("", None)  # placeholders


def test_an_old_google_csv_keeps_the_name_as_google_shows_it(workspace, owner):
    data = ("Name,Given Name,Additional Name,Family Name,Name Prefix,Name Suffix,"
            "Group Membership,E-mail 1 - Type,E-mail 1 - Value\r\n"
            "田中 太郎,太郎,,田中,,,* myContacts,* Work,taro@example.jp\r\n"
            "Dr. Ada Lovelace Jr.,Ada,,Lovelace,Dr.,Jr.,* myContacts,,ada@example.com\r\n"
            ).encode("utf-16")
    result = import_file(workspace, by=owner, data=data, name="google.csv")
    assert result.format == "google"
    found = people(workspace)
    assert set(found) == {"田中 太郎", "Dr. Ada Lovelace Jr."}
    assert parts(found["田中 太郎"]) == ("", "太郎", "", "田中", "")
    assert parts(found["Dr. Ada Lovelace Jr."]) == ("Dr.", "Ada", "", "Lovelace", "Jr.")


def test_googles_current_layout_keeps_prefix_and_suffix(workspace, owner):
    data = ("\ufeffFirst Name,Middle Name,Last Name,Name Prefix,Name Suffix,Labels,"
            "E-mail 1 - Label,E-mail 1 - Value\r\n"
            "Martin,Luther,King,Dr.,Jr.,* myContacts,Work,mlk@example.com\r\n"
            "太郎,,田中,,,* myContacts,Work,taro@example.jp\r\n").encode()
    import_file(workspace, by=owner, data=data, name="contacts.csv")
    found = people(workspace)
    assert set(found) == {"Martin Luther King Jr.", "田中 太郎"}
    assert parts(found["Martin Luther King Jr."]) == ("Dr.", "Martin", "Luther", "King", "Jr.")


def test_a_name_header_merged_over_two_columns_reads_both(workspace, owner):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", None, "E-mail"])
    sheet.merge_cells("A1:B1")
    sheet.append(["Dana", "Reyes", "dana@example.com"])
    sheet.append(["Sam", "Ortiz", "sam@example.com"])
    buffer = io.BytesIO()
    book.save(buffer)
    import_file(workspace, by=owner, data=buffer.getvalue(), name="people.xlsx", format="csv")
    assert set(people(workspace)) == {"Dana Reyes", "Sam Ortiz"}


def test_the_vcard_export_writes_the_parts_a_vcard_gave(workspace, owner):
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Marcus O'Neill\\, APR\r\n"
            "N:O'Neill;Marcus;James;Mr.;APR\r\nEMAIL:marcus@example.com\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:田中 太郎\r\nN:田中;太郎;;;\r\n"
            "EMAIL:taro@example.jp\r\nEND:VCARD\r\n").encode()
    import_file(workspace, by=owner, data=card, name="c.vcf")
    text = vcard(workspace)
    assert "FN:Marcus O'Neill\\, APR\r\nN:O'Neill;Marcus;James;Mr.;APR\r\n" in text
    assert "FN:田中 太郎\r\nN:田中;太郎;;;\r\n" in text
    assert "N:O'Neill;Marcus;James;Mr.;APR" in vcard(workspace, "4.0")


def test_the_vcard_export_never_takes_a_post_nominal_for_the_family_name(workspace, owner):
    person_create(workspace, by=owner, data=PersonFields(name="Marcus O'Neill, APR"))
    assert "\r\nN:O'Neill;Marcus;;;APR\r\n" in vcard(workspace)


def test_editing_the_name_drops_parts_that_described_the_old_one(workspace, owner):
    person = person_create(workspace, by=owner, data=PersonFields(
        name="Ada Lovelace", given_name="Ada", family_name="Lovelace"))
    person_update(workspace, by=owner, person=person, data=PersonFields(
        name="Ada Lovelace", title="Countess"))  # what the edit form sends
    person.refresh_from_db()
    assert parts(person) == ("", "Ada", "", "Lovelace", "")
    person_update(workspace, by=owner, person=person, data=PersonFields(name="Ada King"))
    person.refresh_from_db()
    assert parts(person) == ("", "", "", "", "")
    assert "\r\nN:King;Ada;;;\r\n" in vcard(workspace)


def test_a_person_named_after_their_email_takes_the_real_name_from_a_later_file(
        workspace, owner):
    nameless = "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:dana@acme.example\r\nEND:VCARD\r\n"
    import_file(workspace, by=owner, data=nameless.encode(), name="a.vcf")
    assert set(people(workspace)) == {"dana@acme.example"}
    named = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
             b"Dana,Reyes,,dana@acme.example,Acme,PR lead,07 Dec 2025\r\n")
    result = import_file(workspace, by=owner, data=named, name="Connections.csv",
                         keep_rows=True)
    assert result.count("update", "person") == 1
    dana = Person.objects.get(workspace=workspace)
    assert dana.name == "Dana Reyes" and dana.title == "PR lead"
    assert parts(dana) == ("", "Dana", "", "Reyes", "")
    assert dana.name_key == "dana reyes"
    assert "name" in result.rows[0].change.labels()
    # A real name is never replaced by a later file's different spelling.
    again = named.replace(b"Dana,Reyes", b"Danielle,Reyes")
    import_file(workspace, by=owner, data=again, name="Connections2.csv")
    assert Person.objects.get(workspace=workspace).name == "Dana Reyes"


def test_undoing_the_import_that_named_someone_puts_the_email_name_back(workspace, owner):
    nameless = "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:dana@acme.example\r\nEND:VCARD\r\n"
    import_file(workspace, by=owner, data=nameless.encode(), name="a.vcf")
    named = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Reyes\r\nN:Reyes;Dana;;;\r\n"
             b"EMAIL:dana@acme.example\r\nEND:VCARD\r\n")
    result = import_file(workspace, by=owner, data=named, name="b.vcf")
    assert Person.objects.get(workspace=workspace).name == "Dana Reyes"
    import_undo(workspace, by=owner, batch=result.batch)
    dana = Person.objects.get(workspace=workspace)
    assert dana.name == "dana@acme.example" and dana.name_key == "acme dana example"


def test_a_row_named_after_its_email_takes_the_name_of_a_later_row_in_the_same_file(
        workspace, owner):
    cards = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:dana@acme.example\r\nEND:VCARD\r\n"
             b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Reyes\r\nN:Reyes;Dana;;;\r\n"
             b"EMAIL:dana@acme.example\r\nEND:VCARD\r\n")
    import_file(workspace, by=owner, data=cards, name="c.vcf")
    dana = Person.objects.get(workspace=workspace)
    assert dana.name == "Dana Reyes" and parts(dana) == ("", "Dana", "", "Reyes", "")
