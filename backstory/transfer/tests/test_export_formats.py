"""Exports: an Excel workbook (a sheet per record type), CSV, vCard 3.0/4.0, iCalendar —
with every text cell that could run as a formula neutralised in one function."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

import icalendar
import pytest
import vobject
from openpyxl import load_workbook

from backstory.transfer import sheets
from backstory.transfer.exporters import get_exporter
from backstory.transfer.exporters.base import neutralise

from .helpers import build_network


def export(workspace, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    get_exporter(kind).write(workspace, buffer, **options)
    return buffer.getvalue()


@pytest.mark.parametrize("text", ["=SUM(A1)", "+44 20", "-5", "@cmd", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Dana", "a=b", "", 42, 3.5, None, date(2024, 1, 1)])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


def test_workbook_has_a_sheet_per_record_type_with_header_filters_and_real_dates(
        workspace, owner):
    build_network(workspace, owner)
    book = load_workbook(io.BytesIO(export(workspace, "xlsx")))
    assert book.sheetnames == ["People", "Organisations", "Teams", "Interactions",
                               "Action items", "Tips", "Pitches", "Opportunities",
                               "Introductions", "About"]
    people = book["People"]
    header = [c.value for c in people[1]]
    assert header == [c.header for c in sheets.PeopleSheet.columns]
    assert people["A1"].font.bold and people.freeze_panes == "A2"
    assert people.auto_filter.ref == f"A1:AH{people.max_row}"
    rows = {r[1]: r for r in people.iter_rows(min_row=2, values_only=True)}
    lois = rows["Lois Lane"]
    assert lois[header.index("Title")] == "=HYPERLINK(\"http://evil.example\")"  # as text
    assert lois[header.index("Birthday")] == "1980-02-29"
    assert lois[header.index("Introduced by")] == "Dana Reyes"
    dana = rows["Dana Reyes"]
    assert dana[header.index("Birthday")] == "--04-15"  # text: Excel would compute --4-15
    assert dana[header.index("Met on")] == datetime(2021, 9, 1)
    assert people.cell(row=2, column=header.index("Met on") + 1).number_format == "yyyy-mm-dd"
    assert dana[header.index("Phones")] == "+44 20 7946 0123 (work)"
    assert dana[header.index("Tags")] == "customer-stories; sales"
    interactions = book["Interactions"]
    coffee = next(r for r in interactions.iter_rows(min_row=2, values_only=True)
                  if r[3] == "Launch chat")
    assert coffee[1] == datetime(2024, 3, 5, 9, 30)  # local time, a real datetime
    assert coffee[4] == "Dana Reyes; Lois Lane"


def test_workbook_text_cells_hold_the_typed_text_as_text_never_a_formula(workspace, owner):
    build_network(workspace, owner)
    book = load_workbook(io.BytesIO(export(workspace, "xlsx")))  # not read-only: styles
    typed = {'=HYPERLINK("http://evil.example")', "+44 20 7946 0123 (work)", "--04-15",
             "+1 call back", "@channel the numbers"}
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith("'"), cell.value
                    if cell.value in typed:
                        found[cell.value] = cell
    assert set(found) == typed
    for cell in found.values():
        assert cell.data_type == "s" and cell.quotePrefix  # stays text when edited in Excel


def test_csv_export_is_one_file_per_record_type_with_the_same_guard(workspace, owner):
    build_network(workspace, owner)
    archive = zipfile.ZipFile(io.BytesIO(export(workspace, "csv")))
    assert sorted(archive.namelist()) == [
        "action-items.csv", "interactions.csv", "introductions.csv", "opportunities.csv",
        "organisations.csv", "people.csv", "pitches.csv", "teams.csv", "tips.csv"]
    text = archive.read("people.csv").decode("utf-8-sig")
    rows = {r["Name"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["Lois Lane"]["Title"] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows["Old Contact"]["Notes"] == "'+1 call back"
    assert rows["Dana Reyes"]["Met on"] == "2021-09-01"
    actions = list(csv.DictReader(io.StringIO(
        archive.read("action-items.csv").decode("utf-8-sig"))))
    assert {a["Action"] for a in actions} == {"Send Lois the customer story",
                                              "'@channel the numbers"}


def test_vcard_30_is_read_back_by_vobject(workspace, owner):
    build_network(workspace, owner)
    text = export(workspace, "vcard").decode()
    cards = {c.fn.value: c for c in vobject.readComponents(text)}
    assert set(cards) == {"Dana Reyes", "Lois Lane"}  # archived people are left out
    dana = cards["Dana Reyes"]
    assert dana.version.value == "3.0"
    assert dana.email.value == "dana@acme.example"
    assert dana.tel.value == "+44 20 7946 0123"
    assert dana.org.value == ["Acme", "Sales"]
    assert dana.note.value == "Knows every customer.\nAsk about Q3."
    assert dana.categories.value == ["customer-stories", "sales"]
    assert "linkedin.com/in/dana-r" in dana.url.value
    assert cards["Lois Lane"].bday.value == "1980-02-29"
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_vcard_40_on_request(workspace, owner):
    build_network(workspace, owner)
    text = export(workspace, "vcard", version="4.0").decode()
    assert text.count("VERSION:4.0") == 2
    assert "TEL;TYPE=work;PREF=1;VALUE=uri:tel:+442079460123" in text
    assert "BDAY:--0415" in text and "BDAY:19800229" in text


def test_icalendar_holds_every_interaction_with_its_people(workspace, owner):
    build_network(workspace, owner)
    calendar = icalendar.Calendar.from_ical(export(workspace, "ics"))
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Launch chat", "Weekly sync"}
    coffee = events["Launch chat"]
    assert coffee.decoded("DTSTART").isoformat() == "2024-03-05T09:30:00+00:00"
    assert (coffee.decoded("DTEND") - coffee.decoded("DTSTART")).seconds == 45 * 60
    attendees = sorted(str(a) for a in coffee.get("ATTENDEE"))
    assert attendees == ["mailto:dana@acme.example", "mailto:lois@planet.example"]
    assert str(coffee["LOCATION"]) == "Café"
