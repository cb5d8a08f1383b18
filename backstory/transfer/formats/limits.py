"""How big an imported file may be: rows, columns, one cell, and what a workbook unpacks to.

Every importer checks these while it reads, before the data is held, and refuses a file
past a limit with a message that names the limit and the setting that raises it (see the
settings table in the README). The CLI and the web share them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .errors import FileError


@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    cell_chars: int
    uncompressed_bytes: int

    def too_many_rows(self) -> FileError:
        return FileError(f"This file has more than {self.rows:,} rows, the most one import "
                         f"reads (setting BACKSTORY_IMPORT_MAX_ROWS). Split it into smaller "
                         "files.")

    def check_columns(self, count: int, where: str) -> None:
        if count > self.columns:
            raise FileError(f"{where} has {count:,} columns; the most one import reads is "
                            f"{self.columns:,} (setting BACKSTORY_IMPORT_MAX_COLUMNS).")

    def check_cell(self, value: object, where: str) -> None:
        if isinstance(value, str) and len(value) > self.cell_chars:
            raise self.cell_too_long(where)

    def cell_too_long(self, where: str) -> FileError:
        return FileError(f"{where}: a value is longer than {self.cell_chars:,} characters, "
                         "the most one cell may hold (setting "
                         "BACKSTORY_IMPORT_MAX_CELL_CHARS).")

    def too_big_unpacked(self) -> FileError:
        megabytes = self.uncompressed_bytes // (1024 * 1024)
        return FileError(f"This workbook unpacks to more than {megabytes:,} MB, the most one "
                         "import reads (setting BACKSTORY_IMPORT_MAX_UNCOMPRESSED_MB).")


def import_limits() -> Limits:
    return Limits(rows=settings.IMPORT_MAX_ROWS, columns=settings.IMPORT_MAX_COLUMNS,
                  cell_chars=settings.IMPORT_MAX_CELL_CHARS,
                  uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024)
