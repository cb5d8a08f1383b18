"""The formula guard's apostrophe is taken off only where Backstory put it (version-1
workbooks); anywhere else a leading apostrophe is the user's own text and stays."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from backstory.people.models import Person
from backstory.people.services import PersonFields, person_create
from backstory.transfer.exporters import get_exporter
from backstory.transfer.services import import_file


def _export(workspace) -> bytes:
    buffer = io.BytesIO()
    get_exporter("xlsx").write(workspace, buffer)
    return buffer.getvalue()


def _edit(data: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _title_cell(book, name: str):
    sheet = book["People"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Name")].value == name)
    return row[header.index("Title")]


def test_an_apostrophe_the_user_typed_survives_a_workbook_round_trip(personas):
    person_create(personas.workspace, by=personas.owner,
                  data=PersonFields(name="Ann Quote", title="'-Founder"))
    import_file(personas.outsider_workspace, by=personas.outsider,
                data=_export(personas.workspace), name="backstory.xlsx")
    assert Person.objects.get(workspace=personas.outsider_workspace).title == "'-Founder"


def test_the_apostrophe_of_an_old_version_1_export_is_taken_off(personas):
    person_create(personas.workspace, by=personas.owner,
                  data=PersonFields(name="Ann Quote", title="-Founder"))

    def as_version_1(book):
        book["About"]["B1"] = "format 1"
        _title_cell(book, "Ann Quote").value = "'-Founder"  # what version 1 wrote

    data = _edit(_export(personas.workspace), as_version_1)
    import_file(personas.outsider_workspace, by=personas.outsider, data=data,
                name="backstory.xlsx")
    assert Person.objects.get(workspace=personas.outsider_workspace).title == "-Founder"


def test_an_apostrophe_in_another_apps_workbook_is_kept(workspace, owner):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Job title"])
    sheet.append(["Ann Quote", "'=not ours"])
    out = io.BytesIO()
    book.save(out)
    import_file(workspace, by=owner, data=out.getvalue(), name="people.xlsx", format="csv",
                column_map={"mapping": {"0": "name", "1": "title"}})
    assert Person.objects.get(workspace=workspace).title == "'=not ours"
