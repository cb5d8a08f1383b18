"""Reading workbooks (openpyxl, read-only and streaming)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from .base import FileError, Source

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def open_workbook(source: Source):
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(source.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError,
            AttributeError) as error:
        raise FileError("This file cannot be opened as an Excel workbook (.xlsx): "
                        f"{error or 'it is damaged'}.") from None
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
    """(row number, values) of the non-empty rows of a worksheet; ``unguard`` takes off
    the apostrophes that an old Backstory export put before formula-like text."""
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            values = [restore_text(v) for v in row] if unguard else list(row)
            if any(v not in (None, "") for v in values):
                yield number, values
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError,
            AttributeError, EOFError) as error:
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
