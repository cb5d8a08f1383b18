"""A hand-made spreadsheet (CSV or Excel): the user maps columns; the map is remembered."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from backstory.core.errors import DomainError
from backstory.transfer.models import BatchStatus, ColumnMap
from backstory.transfer.services import (
    column_map_save,
    import_file,
    import_preview,
    import_upload,
)

from .conftest import fixture
from .helpers import contacts, people

MAPPING = {0: "name", 1: "organization", 2: "title", 3: "email", 4: "met_on", 6: "notes"}


def test_a_csv_imports_with_the_users_column_map(workspace, owner):
    import_file(workspace, by=owner, path=fixture("networking.csv"),
                column_map={"mapping": MAPPING, "date_order": "DMY"})
    grace = people(workspace)["Grace Hopper"]
    assert grace.organization.name == "Navy" and grace.title == "Rear Admiral"
    assert contacts(grace, "email") == ["grace@example.mil"]
    assert grace.met_on == date(2024, 3, 12)  # day first, as the user said
    assert grace.notes == "Send the COBOL story"


def test_the_same_sheet_read_month_first_gives_other_dates(workspace, owner):
    import_file(workspace, by=owner, path=fixture("networking.csv"),
                column_map={"mapping": MAPPING, "date_order": "MDY"})
    assert people(workspace)["Grace Hopper"].met_on == date(2024, 12, 3)


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Full name", "Company", "E-mail", "Met on", "Tags"])
    sheet.append(["Katherine Johnson", "NASA", "kj@example.gov", datetime(2023, 5, 17), "STEM"])
    sheet.append([None, None, None, None, None])
    sheet.append(["Dorothy Vaughan", "NASA", "not an address", "17/05/2023", "STEM, Leaders"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_excel_sheet_is_read_with_guessed_columns(workspace, owner):
    result = import_file(workspace, by=owner, data=_workbook(), name="people.xlsx",
                         keep_rows=True)
    assert result.format == "csv"
    found = people(workspace)
    kj = found["Katherine Johnson"]
    assert kj.organization.name == "NASA" and kj.met_on == date(2023, 5, 17)
    dv = found["Dorothy Vaughan"]
    assert {t.name for t in dv.tags.all()} == {"STEM", "Leaders"}
    assert contacts(dv, "email") == []
    dorothy = next(p for p in result.rows if p.label == "Dorothy Vaughan")
    assert dorothy.line == 4
    assert "'not an address' is not an e-mail address" in dorothy.message


def test_an_uploaded_sheet_waits_for_its_column_map_which_is_then_remembered(workspace, owner):
    data = fixture("networking.csv").read_bytes()
    batch = import_upload(workspace, by=owner, data=data, name="networking.csv")
    assert batch.status == BatchStatus.MAPPING
    column_map_save(workspace, by=owner, batch=batch, mapping=MAPPING, date_order="DMY")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKING  # the preview job comes next
    import_preview(workspace, by=owner, batch=batch)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.PREVIEW
    assert batch.rows.filter(action="create").count() == 2
    assert ColumnMap.objects.filter(workspace=workspace).count() == 1
    second = import_upload(workspace, by=owner, data=data, name="networking-again.csv")
    assert second.column_map["mapping"] == {str(k): v for k, v in MAPPING.items()}


def test_a_map_without_a_name_or_email_column_is_refused(workspace, owner):
    batch = import_upload(workspace, by=owner, data=fixture("networking.csv").read_bytes(),
                          name="n.csv")
    with pytest.raises(DomainError, match="name or an e-mail"):
        column_map_save(workspace, by=owner, batch=batch, mapping={2: "title"},
                        date_order="DMY")
