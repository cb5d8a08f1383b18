"""Reading workbooks (openpyxl, read-only and streaming)."""

from __future__ import annotations

import io
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
