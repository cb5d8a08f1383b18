"""Bounded imports: a zip bomb, a huge cell, too many rows or columns are refused while
the file is read, with a message that names the limit, in bounded memory, writing nothing."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from backstory.transfer.formats import FileError, get_importer
from backstory.transfer.formats.base import Source
from backstory.transfer.services import import_file

from .test_bad_input import nothing_left, uploaded
from .test_fuzz import snapshot

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
TAIL = b"</sheetData></worksheet>"


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.IMPORT_MAX_ROWS = 1000
    settings.IMPORT_MAX_COLUMNS = 50
    settings.IMPORT_MAX_CELL_CHARS = 10_000
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 8


def base_workbook() -> bytes:
    book = Workbook()
    book.active.title = "People"
    book.active.append(["Name", "E-mail"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(parts, *, strings: bytes | None = None) -> bytes:
    """The base workbook with its first sheet's XML streamed from ``parts`` (never held
    whole: the test itself stays small) and, if given, other shared strings."""
    source = zipfile.ZipFile(io.BytesIO(base_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as sheet:
                    for part in parts:
                        sheet.write(part)
            elif member.filename == "[Content_Types].xml" and strings is not None:
                types = source.read(member.filename).replace(b"</Types>", (
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>"))
                target.writestr(member, types)
            else:
                target.writestr(member, source.read(member.filename))
        if strings is not None:
            target.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def rows(count: int, row: bytes):
    yield HEAD
    for index in range(count):
        yield row.replace(b"{n}", str(index + 1).encode())
    yield TAIL


PERSON = b'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Dana Reyes</t></is></c></row>'


def refused(data: bytes, name: str = "attack.xlsx", format: str | None = None) -> tuple:
    """Import the file; the FileError's message and the peak memory it took."""
    tracemalloc.start()
    try:
        with pytest.raises(FileError) as caught:
            source = Source(data, name)
            importer = get_importer(format) if format else get_importer("csv")
            for _ in importer.parse(source, column_map={"mapping": {"0": "name"}}):
                pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return caught.value.message, peak


def test_a_zip_bomb_is_refused_from_the_zip_directory_before_unpacking():
    bomb = with_sheet(rows(200_000, PERSON))  # ~18 MB of XML in well under 1 MB
    assert len(bomb) < MB
    message, peak = refused(bomb)
    assert message == ("This workbook unpacks to more than 8 MB, the most one import reads "
                       "(setting BACKSTORY_IMPORT_MAX_UNCOMPRESSED_MB).")
    assert peak < 2 * MB


def lie_about_size(data: bytes, member: str, size: int) -> bytes:
    """Rewrite the sizes the zip's headers declare for ``member`` (a forged directory)."""
    buffer = bytearray(data)
    name = member.encode()
    at = buffer.find(b"PK\x03\x04")
    while at != -1:
        length = struct.unpack_from("<H", buffer, at + 26)[0]
        if buffer[at + 30:at + 30 + length] == name:
            struct.pack_into("<I", buffer, at + 22, size)
        at = buffer.find(b"PK\x03\x04", at + 4)
    at = buffer.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", buffer, at + 28)[0]
        if buffer[at + 46:at + 46 + length] == name:
            struct.pack_into("<I", buffer, at + 24, size)
        at = buffer.find(b"PK\x01\x02", at + 4)
    return bytes(buffer)


def test_a_zip_bomb_whose_directory_lies_is_stopped_while_unpacking():
    source = zipfile.ZipFile(io.BytesIO(base_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename == SHEET:
                target.writestr(SHEET, b"".join(rows(200_000, PERSON)))
            else:
                target.writestr(member, source.read(member.filename))
    forged = lie_about_size(out.getvalue(), SHEET, 4000)
    message, peak = refused(forged)
    # zipfile stops at the declared size: the XML is cut and its checksum does not match
    assert message == ("This file cannot be opened as an Excel workbook (.xlsx): Bad CRC-32 "
                       "for file 'xl/worksheets/sheet1.xml'.")
    assert peak < 2 * MB


def test_too_many_rows_are_refused_after_the_limit_not_after_the_file(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 100
    many = with_sheet(rows(100_000, PERSON))  # the 2-million-identical-rows attack, smaller
    message, peak = refused(many)
    assert message == ("This file has more than 1,000 rows, the most one import reads "
                       "(setting BACKSTORY_IMPORT_MAX_ROWS). Split it into smaller files.")
    assert peak < 4 * MB


@pytest.mark.parametrize("kind", ["shared", "inline"])
def test_one_huge_cell_is_refused_before_it_is_held(settings, kind):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 100
    cell = b"x" * (40 * MB)
    if kind == "shared":
        strings = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                   b'openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
                   b"<si><t>" + cell + b"</t></si></sst>")
        data = with_sheet(rows(1, b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
                          strings=strings)
    else:
        data = with_sheet([HEAD, b'<row r="1"><c r="A1" t="inlineStr"><is><t>', cell,
                           b"</t></is></c></row>", TAIL])
    assert len(data) < MB
    message, peak = refused(data)
    assert "a value is longer than 10,000 characters, the most one cell may hold (setting " \
           "BACKSTORY_IMPORT_MAX_CELL_CHARS)" in message
    assert peak < 4 * MB  # a tenth of the cell


def test_a_row_with_too_many_cells_is_refused_before_it_is_built(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 100
    wide = b'<row r="1">' + b"<c><v>1</v></c>" * 500_000 + b"</row>"
    message, peak = refused(with_sheet([HEAD, wide, TAIL]))
    assert message == ("A row of xl/worksheets/sheet1.xml has more than 50 cells; the most "
                       "one import reads is that many (setting BACKSTORY_IMPORT_MAX_COLUMNS).")
    assert peak < 4 * MB


def test_a_cell_a_little_over_the_limit_is_refused_with_its_row():
    data = with_sheet([HEAD, PERSON.replace(b"{n}", b"1"),
                       b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"y" * 10_001
                       + b"</t></is></c></row>", TAIL])
    message, _ = refused(data)
    assert message.startswith("People, row 2: a value is longer than 10,000 characters")


def test_xml_entities_in_a_workbook_are_refused_by_the_hardened_parser():
    import openpyxl

    assert openpyxl.DEFUSEDXML  # openpyxl parses with defusedxml
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
              b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
              b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b"<si><t>&lol3;</t></si></sst>")
    data = with_sheet(rows(1, b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
                      strings=laughs)
    message, _ = refused(data)
    assert message == ("This file cannot be opened as an Excel workbook (.xlsx): it declares "
                       "XML entities (a DTD), which are refused for safety.")


def csv_rows(count: int) -> bytes:
    return b"Name,E-mail\n" + b"".join(b"P%d,p%d@example.com\n" % (i, i) for i in range(count))


@pytest.mark.parametrize(("data", "format", "expected"), [
    (csv_rows(5000), "csv", "more than 1,000 rows"),
    (b"Name,Notes\nDana," + b"n" * 2 * MB + b"\n", "csv", "Line 2: a value is longer than "
     "10,000 characters"),
    (b"Name,Notes\nDana,\"" + b"n" * 2 * MB, "csv", "Line 2: a value is longer"),
    (b"Name" + b",x" * 600 + b"\n", "csv", "Line 1 has 601 columns; the most one import reads "
     "is 50 (setting BACKSTORY_IMPORT_MAX_COLUMNS)"),
    (b"BEGIN:VCARD\r\nFN:Dana\r\nEND:VCARD\r\n" * 1001, "vcard", "more than 1,000 rows"),
    (b"BEGIN:VCARD\r\nFN:Dana\r\nNOTE:" + b"n" * MB + b"\r\nEND:VCARD\r\n", "vcard",
     "Line 1, NOTE: a value is longer than 10,000 characters"),
    (b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\nDTSTART:20240101T100000Z\r\nEND:VEVENT\r\n"
     * 1001 + b"END:VCALENDAR\r\n", "ics", "more than 1,000 rows"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20240101T100000Z\r\nSUMMARY:x\r\n"
     b"ATTENDEE:mailto:a@b.example\r\nDESCRIPTION:" + b"d" * MB
     + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "ics", "Line 2: a value is longer"),
], ids=["csv-rows", "csv-cell", "csv-open-quote", "csv-columns", "vcard-cards", "vcard-value",
        "ics-events", "ics-value"])
def test_text_files_past_a_limit_are_refused_and_write_nothing(owner_client, workspace,
                                                               owner, settings, data, format,
                                                               expected):
    message, _ = refused(data, format=format)
    assert expected in message and "(setting BACKSTORY_IMPORT_MAX_" in message
    before = snapshot()
    with pytest.raises(FileError, match="BACKSTORY_IMPORT_MAX_"):
        import_file(workspace, by=owner, data=data, name="f", format=format)
    assert snapshot() == before
    messages = uploaded(owner_client, f"big.{format}", data)
    assert "BACKSTORY_IMPORT_MAX_" in messages[0]
    assert nothing_left(workspace, settings)


def test_a_workbook_past_a_limit_writes_nothing_and_leaves_no_upload(owner_client, workspace,
                                                                    owner, settings):
    bomb = with_sheet(rows(200_000, PERSON))
    before = snapshot()
    with pytest.raises(FileError, match="BACKSTORY_IMPORT_MAX_UNCOMPRESSED_MB"):
        import_file(workspace, by=owner, data=bomb, name="bomb.xlsx")
    assert snapshot() == before
    messages = uploaded(owner_client, "bomb.xlsx", bomb)
    assert messages == ["bomb.xlsx: This workbook unpacks to more than 8 MB, the most one "
                        "import reads (setting BACKSTORY_IMPORT_MAX_UNCOMPRESSED_MB)."]
    assert nothing_left(workspace, settings)


def test_files_within_the_limits_still_import(workspace, owner):
    data = with_sheet(rows(1000, PERSON))
    result = import_file(workspace, by=owner, data=data, name="ok.xlsx", format="csv",
                         column_map={"mapping": {"0": "name"}}, dry_run=True)
    assert result.total == 999  # the first row is the header
