"""Reading a file costs time in proportion to its size: no cell, however long or odd,
makes a regular expression backtrack, and line numbers are counted once.

The bounds are generous on purpose (the machine may be busy): what they catch is
quadratic work, which on these sizes takes minutes, not the difference between two
linear implementations.
"""

from __future__ import annotations

import io
import time

import pytest
from openpyxl import Workbook

from backstory.people.normalize import is_email
from backstory.transfer.formats import get_importer
from backstory.transfer.formats.base import ContactRecord, Source
from backstory.transfer.formats.ics import _event_lines
from backstory.transfer.mapping import candidate_from_record

SIZE = 200_000  # characters in one cell; the quadratic e-mail check took 6.5 s for 64 KB
BOUND = 5.0  # seconds for a whole file of such cells


def seconds(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def pathological(size: int) -> dict[str, str]:
    """Cells that make a careless regular expression backtrack, each ``size`` long."""
    half = size // 2
    return {
        "e-mail": "a@" + ".a" * half + "@",
        "open-parentheses": "(" * size,
        "parentheses-words": "a(" * half,
        "spaces-then-letter": " " * size + "x",
        "dots": "a." * half,
        "at-signs": "@" * size,
        "digits": "1" * size,
        "dashes": "1-" * half,
        "separators": ":::" * (size // 3),
        "escapes": "\\," * half,
        "slashes": "http://" + "/" * size,
        "quotes": '"' * size,
        "labels": "a (b" * (size // 4),
    }


@pytest.fixture(autouse=True)
def _long_cells(settings):
    settings.IMPORT_MAX_CELL_CHARS = 4 * SIZE


def test_the_email_check_is_linear_on_a_megabyte():
    cell = "a@" + ".a" * 500_000 + "@"
    assert seconds(lambda: is_email(cell)) < 1.0
    assert not is_email(cell)


def test_line_numbers_of_200_000_events_are_counted_once():
    text = "BEGIN:VCALENDAR\n" + "BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n" * 200_000
    lines: list[int] = []
    took = seconds(lambda: lines.extend(_event_lines(text)))
    assert lines[:3] == [2, 5, 8] and lines[-1] == 2 + 3 * 199_999
    # About a second; counted from the start of the file for every event (as before),
    # about 25 minutes.
    assert took < 10.0


def parse_all(key: str, data: bytes, column_map=None) -> None:
    for row in get_importer(key).parse(Source(data, "slow"), column_map=column_map):
        if isinstance(row.record, ContactRecord):
            candidate_from_record(row.record)
        for attendee in getattr(row.record, "attendees", []):
            candidate_from_record(attendee)


def csv_file(header: list[str], cell: str) -> bytes:
    quoted = '"' + cell.replace('"', '""') + '"'
    return (",".join(header) + "\n" + ",".join([quoted] * len(header)) + "\n").encode()


def workbook(cell: str) -> bytes:
    from backstory.transfer import sheets

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets.sheets():
        if sheet.key not in ("people", "organisations", "teams", "interactions",
                             "action_items"):
            continue
        worksheet = book.create_sheet(sheet.title)
        worksheet.append(sheet.headers)
        worksheet.append([cell] * len(sheet.headers))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def vcard(cell: str) -> bytes:
    lines = ["BEGIN:VCARD", "VERSION:3.0"] + [f"{name}:{cell}" for name in (
        "FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "ADR", "BDAY", "NOTE",
        "CATEGORIES", "NICKNAME")] + ["END:VCARD", ""]
    return "\r\n".join(lines).encode()


def calendar(cell: str) -> bytes:
    lines = ["BEGIN:VCALENDAR", "BEGIN:VEVENT", f"DTSTART:{cell[:40]}", f"SUMMARY:{cell}",
             f"LOCATION:{cell}", f"DESCRIPTION:{cell}", f'ATTENDEE;CN="{cell[:1000]}":'
             f"mailto:{cell}", f"ORGANIZER:mailto:{cell}", "END:VEVENT", "END:VCALENDAR",
             ""]
    return "\r\n".join(lines).encode()


LINKEDIN = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
            "Connected On"]
GOOGLE = ["Name", "Given Name", "Family Name", "E-mail 1 - Type", "E-mail 1 - Value",
          "Phone 1 - Value", "Organization 1 - Name", "Organization 1 - Title",
          "Website 1 - Value", "Birthday", "Notes", "Group Membership", "Address 1 - Formatted"]
OUTLOOK = ["First Name", "Last Name", "E-mail Address", "Business Phone", "Company",
           "Job Title", "Web Page", "Birthday", "Notes", "Categories", "Business Street"]
GENERIC = ["Name", "Email", "Phone", "Company", "Title", "Website", "Notes", "Birthday",
           "Tags", "Met on"]
GENERIC_MAP = {"mapping": {"0": "name", "1": "email", "2": "phone", "3": "organization",
                           "4": "title", "5": "url", "6": "notes", "7": "birthday",
                           "8": "tags", "9": "met_on"}}


FILES = {
    "linkedin": lambda cell: ("linkedin", csv_file(LINKEDIN, cell), None),
    "google": lambda cell: ("google", csv_file(GOOGLE, cell), None),
    "outlook": lambda cell: ("outlook", csv_file(OUTLOOK, cell), None),
    "csv": lambda cell: ("csv", csv_file(GENERIC, cell), GENERIC_MAP),
    "xlsx": lambda cell: ("csv", workbook(cell), GENERIC_MAP),
    "backstory": lambda cell: ("backstory", workbook(cell), None),
    "vcard": lambda cell: ("vcard", vcard(cell), None),
    "ics": lambda cell: ("ics", calendar(cell), None),
}


@pytest.mark.parametrize("importer", sorted(FILES))
def test_no_cell_makes_an_importer_backtrack(importer):
    for name, cell in pathological(SIZE).items():
        key, data, column_map = FILES[importer](cell)
        took = seconds(lambda key=key, data=data, column_map=column_map:
                       parse_all(key, data, column_map))
        assert took < BOUND, f"{importer}: a {SIZE:,}-character {name} cell took {took:.1f} s"
