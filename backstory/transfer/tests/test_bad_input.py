"""Input that used to crash gets a message naming the row or field, and a failed upload
leaves nothing behind: no batch, no stored file, no rows."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from backstory.interactions.models import Interaction
from backstory.people.models import Person
from backstory.transfer.models import ImportBatch, ImportRow
from backstory.transfer.services import import_file

PEOPLE = ["ID", "Name", "E-mails", "Links", "Follow up after (days)",
          "At the latest after (days)"]


def workbook(people: list[list], interactions: list[list] | None = None) -> bytes:
    """A Backstory workbook (People and Interactions sheets) with these rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "People"
    sheet.append(PEOPLE)
    for row in people:
        sheet.append(row)
    other = book.create_sheet("Interactions")
    other.append(["ID", "When", "Kind", "People IDs", "Duration (minutes)"])
    for row in interactions or []:
        other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def damaged_sheet_xml() -> bytes:
    """A workbook whose zip is sound but whose People sheet XML is cut in half."""
    source = zipfile.ZipFile(io.BytesIO(workbook([[1, "Dana Reyes"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(member, data)
    return out.getvalue()


def uploaded(client, name: str, data: bytes):
    """What the user reads after an upload: the page's messages, or — when the file was
    read in the background and could not be — the failed batch's reason on its page."""
    response = client.post(reverse("transfer:upload"),
                           {"file": SimpleUploadedFile(name, data)}, follow=True)
    assert response.status_code == 200
    said = [str(m) for m in response.context["messages"]]
    batch = response.context.get("batch")
    if batch is not None and batch.status == "failed":
        assert batch.message in html.unescape(response.content.decode())
        said.append(f"{name}: {batch.message}")
    return said


def nothing_left(workspace, settings) -> bool:
    """A failed upload leaves no batch waiting for review, no rows and no stored file (a
    file read in the background leaves only its failed batch, with the reason)."""
    batches = ImportBatch.objects.filter(workspace=workspace)
    return (not batches.exclude(status="failed").exists()
            and not batches.exclude(stored_path="").exists()
            and not ImportRow.objects.filter(batch__workspace=workspace).exists()
            and stored_files(settings) == [])


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_damaged_sheet_inside_a_workbook_is_refused_and_leaves_nothing(
        owner_client, workspace, settings):
    messages = uploaded(owner_client, "damaged.xlsx", damaged_sheet_xml())
    assert messages == ["damaged.xlsx: The sheet 'People' is damaged: unclosed token: line 1, "
                        "column 290."] or "The sheet 'People' is damaged" in messages[0]
    assert nothing_left(workspace, settings)


def test_an_empty_file_is_called_empty(owner_client, workspace, settings):
    assert uploaded(owner_client, "contacts.csv", b"") == ["contacts.csv: This file is empty."]
    assert nothing_left(workspace, settings)


def test_no_file_at_all_still_asks_for_one(owner_client):
    response = owner_client.post(reverse("transfer:upload"), {}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Choose a file to import."]


def test_an_unexpected_failure_of_the_preview_removes_the_batch_and_its_file(
        owner_client, workspace, settings, monkeypatch):
    from backstory.transfer.services import plan

    def broken(self, rows):
        raise RuntimeError("a bug")

    monkeypatch.setattr(plan.Planner, "plan_chunk", broken)
    messages = uploaded(owner_client, "v.vcf", b"BEGIN:VCARD\r\nFN:Dana\r\nEND:VCARD\r\n")
    assert messages == ["v.vcf: This file could not be read: something in it is not what we "
                        "expected. Nothing was imported."]
    assert nothing_left(workspace, settings)


@pytest.mark.parametrize("value", ["1e400", -5, 2 ** 70, 1e300, 0, "-1e400", "soon"])
def test_a_follow_up_window_out_of_range_is_left_out_alike_in_the_dry_run_and_the_import(
        workspace, owner, value):
    data = workbook([[1, "Dana Reyes", "dana@example.com", "", value, value]])
    dry = import_file(workspace, by=owner, data=data, name="w.xlsx", dry_run=True,
                      keep_rows=True)
    real = import_file(workspace, by=owner, data=data, name="w.xlsx", keep_rows=True)
    for result in (dry, real):
        person = next(r for r in result.rows if r.record_type == "person")
        assert person.action == "create"
        if value in ("1e400", "-1e400", "soon"):
            assert f"(days) '{value}' is not a number; left out" in person.message
        else:
            assert "is not a number of days from 1 to 3650; left out" in person.message
    dana = Person.objects.get(workspace=workspace)
    assert (dana.cadence_min_days, dana.cadence_max_days) == (None, None)


def test_a_window_that_ends_before_it_starts_is_left_out_and_said(workspace, owner):
    data = workbook([[1, "Dana Reyes", "", "", 30, 10]])
    result = import_file(workspace, by=owner, data=data, name="w.xlsx", dry_run=True,
                         keep_rows=True)
    assert "the follow-up window ends before it starts" in result.rows[0].message


def test_an_infinite_duration_is_left_out(workspace, owner):
    data = workbook([[1, "Dana Reyes"]], [[1, "2024-01-02 10:00", "Coffee", "1", "1e400"]])
    import_file(workspace, by=owner, data=data, name="w.xlsx")
    assert Interaction.objects.get(workspace=workspace).duration_minutes is None


@pytest.mark.parametrize(("name", "data"), [
    ("links.xlsx", workbook([[1, "Dana Reyes", "", "http://[x.example"]])),
    ("links.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Reyes\r\nURL:http://[oops.example/x\r\n"
                  b"END:VCARD\r\n"),
])
def test_a_web_address_with_a_bracket_is_left_out_with_a_warning(owner_client, workspace,
                                                                  name, data):
    uploaded(owner_client, name, data)
    batch = ImportBatch.objects.get(workspace=workspace)
    row = ImportRow.objects.get(batch=batch, record_type="person")
    assert row.action == "create"
    assert "is not a web address" in row.message and "left out" in row.message
    owner_client.post(reverse("transfer:commit", kwargs={"batch_id": batch.pk}))
    dana = Person.objects.get(workspace=workspace)
    assert not dana.contact_points.filter(kind="url").exists()


def test_a_spreadsheet_column_with_a_bracketed_address_does_not_crash_the_preview(
        workspace, owner):
    data = b"Name,Website\nDana Reyes,http://[x.example\n"
    result = import_file(workspace, by=owner, data=data, name="w.csv", dry_run=True,
                         keep_rows=True)
    assert result.count("create") == 1
    assert "is not a web address" in result.rows[0].message


def test_a_nul_in_a_vcard_charset_is_read_as_utf8(workspace, owner):
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ut\x00f-8;ENCODING=QUOTED-PRINTABLE:"
            b"M=C3=BCller;Zo=C3=AB\r\nEND:VCARD\r\n")
    import_file(workspace, by=owner, data=data, name="v.vcf")
    assert Person.objects.get(workspace=workspace).name == "Zoë Müller"
