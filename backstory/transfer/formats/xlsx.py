"""Reading workbooks (openpyxl, read-only and streaming), within the import limits.

A workbook is a zip of XML files, so a few hundred kilobytes can unpack to gigabytes (a
zip bomb) or hold one cell of hundreds of megabytes. Before openpyxl sees a byte, the
zip's directory is checked against the uncompressed limit; while openpyxl reads, every
member goes through a stream that counts what it unpacks (zipfile itself stops a member
at the size its directory entry declares) and scans the XML for a run of text longer
than a cell may be and for a row with more cells than allowed, so that neither is ever
parsed into memory. openpyxl parses with defusedxml when it is installed (it is a
dependency), which refuses entity expansion and external entities.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from .base import FileError, Source
from .limits import Limits, import_limits

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024
MAX_MEMBERS = 10_000
# One character is at most 4 bytes of UTF-8 and an entity (&amp;) up to 10: a run longer
# than this between two tags is surely longer than a cell may be.
BYTES_PER_CHAR = 10
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?row[\s/>]")
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,15}:)?c[\s/>]")
# What a damaged workbook makes openpyxl raise (it has no error type of its own).
DAMAGED = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError,
           TypeError, IndexError, AttributeError, EOFError, ParseError, DefusedXmlException,
           NotImplementedError, RecursionError)


class _GuardedStream(io.RawIOBase):
    """One zip member as openpyxl reads it, refused as soon as it passes a limit."""

    def __init__(self, raw, archive: _GuardedZip, name: str):
        super().__init__()
        self._raw, self._archive, self._name = raw, archive, name
        self._xml = name.lower().endswith((".xml", ".rels"))
        self._worksheet = "worksheets/" in name.lower()
        self._run = 0  # bytes since the last "<"
        self._tail = b""  # the start of a tag cut by the chunk boundary
        self._cells = 0  # cells in the current row

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            parts = []
            while chunk := self.read(CHUNK):
                parts.append(chunk)
            return b"".join(parts)
        data = self._raw.read(min(size, CHUNK) if size else 0)
        self._count(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()

    def _count(self, data: bytes) -> None:
        archive = self._archive
        archive.unpacked += len(data)
        if archive.unpacked > archive.limits.uncompressed_bytes:
            raise archive.limits.too_big_unpacked()
        if not self._xml:
            return
        longest_run = archive.limits.cell_chars * BYTES_PER_CHAR + 4096
        first = data.find(b"<")
        if first == -1:
            self._run += len(data)
        else:
            self._run += first
            if self._run <= longest_run:
                self._run = max(len(part) for part in data[first + 1:].split(b"<"))
                if self._run <= longest_run:
                    self._run = len(data) - data.rfind(b"<") - 1
        if self._run > longest_run:
            raise archive.limits.cell_too_long(f"The workbook part {self._name}")
        if self._worksheet:
            self._count_cells(data)

    def _count_cells(self, data: bytes) -> None:
        data = self._tail + data
        cut = data.rfind(b"<")
        if cut != -1 and len(data) - cut < 24:  # a tag may go on in the next chunk
            data, self._tail = data[:cut], data[cut:]
        else:
            self._tail = b""
        columns = self._archive.limits.columns
        parts = _ROW_TAG.split(data)
        self._cells += len(_CELL_TAG.findall(parts[0]))
        for part in parts[1:]:
            self._cells = len(_CELL_TAG.findall(part))
            if self._cells > columns:
                break
        if self._cells > columns:
            raise FileError(f"A row of {self._name} has more than {columns:,} cells; the most "
                            "one import reads is that many (setting "
                            "BACKSTORY_IMPORT_MAX_COLUMNS).")


class _GuardedZip(zipfile.ZipFile):
    def __init__(self, data: bytes, limits: Limits):
        super().__init__(io.BytesIO(data))
        self.limits = limits
        self.unpacked = 0
        members = self.infolist()
        if len(members) > MAX_MEMBERS:
            raise FileError(f"This workbook holds {len(members):,} files; a workbook has a "
                            "few dozen. It is not a spreadsheet we can read.")
        if sum(m.file_size for m in members) > limits.uncompressed_bytes:
            raise limits.too_big_unpacked()

    def open(self, name, mode="r", pwd=None, **kwargs):
        stream = super().open(name, mode, pwd, **kwargs)
        if mode != "r":
            return stream
        return _GuardedStream(stream, self, getattr(name, "filename", name))


def _dimensions_only(self) -> None:
    """ReadOnlyWorksheet._get_size, reading up to the start of the sheet's data.

    openpyxl looks for the `<dimension>` element, which comes before `<sheetData>`, but
    it waits for the *end* of `<sheetData>`: a sheet without that element (anyone can
    write one) is parsed whole into memory when the workbook is opened, before a single
    row reaches our limits. Same result, without reading the rows.
    """
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.xml.functions import iterparse

    source = self._get_source()
    try:
        for _event, element in iterparse(source, events=("start",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "dimension":
                ref = element.get("ref")
                if ref:
                    with contextlib.suppress(TypeError, ValueError):
                        (self._min_column, self._min_row, self._max_column,
                         self._max_row) = range_boundaries(ref)
                return
            if tag == "sheetData":
                return
    finally:
        source.close()


def _patch_openpyxl() -> None:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    ReadOnlyWorksheet._get_size = _dimensions_only


_patch_openpyxl()


def open_workbook(source: Source):
    from openpyxl.reader.excel import ExcelReader

    limits = import_limits()
    try:
        archive = _GuardedZip(source.data, limits)
        reader = ExcelReader(io.BytesIO(source.data), read_only=True, data_only=True)
        reader.archive.close()
        reader.archive = archive
        reader.read()
        return reader.wb
    except FileError:
        raise
    except DAMAGED as error:
        cause = error.__cause__ or error  # openpyxl wraps the parser's error in its own
        if isinstance(cause, DefusedXmlException):
            raise FileError("This file cannot be opened as an Excel workbook (.xlsx): it "
                            "declares XML entities (a DTD), which are refused for safety."
                            ) from None
        raise FileError("This file cannot be opened as an Excel workbook (.xlsx): "
                        f"{cause or 'it is damaged'}.") from None
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileError(f"This Excel workbook is damaged: {error}.") from None


def restore_text(value: Any) -> Any:
    """Undo the formula guard of Backstory's version-1 workbooks: `'=SUM(A1)` was written
    for the text `=SUM(A1)`. Never applied to other files, where the apostrophe is text."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and \
            value[1:].startswith(DANGEROUS_START):
        return value[1:]
    return value


def sheet_rows(sheet, *, unguard: bool = False) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) of the non-empty rows of a worksheet, within the limits;
    ``unguard`` takes off the apostrophes that an old Backstory export put before
    formula-like text."""
    limits = import_limits()
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > limits.rows + 1:  # the header row is not counted
                raise limits.too_many_rows()
            where = f"{sheet.title}, row {number}"
            limits.check_columns(len(row), where)
            values = []
            for value in row:
                limits.check_cell(value, where)
                values.append(restore_text(value) if unguard else value)
            if any(v not in (None, "") for v in values):
                yield number, values
    except FileError:
        raise
    except DAMAGED as error:
        raise FileError(f"The sheet '{sheet.title}' is damaged: {error}.") from None


_MERGE_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="\$?([A-Za-z]{1,3})\$?'
                         rb'([0-9]{1,7}):\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"')


def merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column) of the sheet's merged cells.

    A read-only worksheet does not load them, so the sheet's XML is scanned for its
    <mergeCell ref="A1:B1"/> elements, in chunks (linear, and nothing is held)."""
    from openpyxl.utils import column_index_from_string

    try:
        handle = sheet._get_source()
    except (KeyError, OSError, AttributeError, zipfile.BadZipFile):
        return []
    found, tail = [], b""
    try:
        with handle:
            while chunk := handle.read(1 << 20):
                data = tail + chunk
                last = 0
                for match in _MERGE_CELL.finditer(data):
                    a, r1, b, r2 = match.groups()
                    found.append((int(r1), column_index_from_string(a.decode().upper()),
                                  int(r2), column_index_from_string(b.decode().upper())))
                    last = match.end()
                tail = data[max(last, len(data) - 200):]
    except (OSError, EOFError, zipfile.BadZipFile, ValueError):
        return found
    return found


def cover_merged(values: list[Any], row: int, ranges) -> list[Any]:
    """A row's values with each merged cell's value in every column it covers."""
    values = list(values)
    for first_row, first_col, last_row, last_col in ranges:
        if not (first_row <= row <= last_row) or last_col <= first_col:
            continue
        if len(values) < last_col:
            values += [None] * (last_col - len(values))
        value = values[first_col - 1]
        for column in range(first_col + 1, last_col + 1):
            if values[column - 1] in (None, ""):
                values[column - 1] = value
    return values
