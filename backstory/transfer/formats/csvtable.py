"""Header-driven CSV tables: find the header (after any preamble) and read rows as dicts."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .base import FileError, Source, csv_records, sniff_delimiter


def header_key(text: str) -> str:
    """`E-mail 2 - Value` → `email 2 value`; `Straße (privat)` → `strasse privat`."""
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").casefold()
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return " ".join(text.split())


@dataclass
class Table:
    headers: list[str]
    keys: list[str]
    header_line: int
    delimiter: str
    text: str

    def cells(self) -> Iterator[tuple[int, list[str] | None, str]]:
        """(line, cells, error) for every non-blank record after the header."""
        start = self.header_line + 1
        parts = self.text.split("\n", self.header_line)
        body = parts[self.header_line] if len(parts) > self.header_line else ""
        width = len(self.keys)
        for line, cells, error in csv_records(body, self.delimiter, start_line=start):
            if cells is None:
                yield line, None, error
                continue
            if not any(c.strip() for c in cells):
                continue  # blank lines are not rows
            if len(cells) > width and not any(c.strip() for c in cells[width:]):
                cells = cells[:width]  # a trailing delimiter (Google's Outlook CSV)
            yield line, cells, ""

    def rows(self) -> Iterator[tuple[int, dict[str, str] | None, str]]:
        """(line, {header key: cell}, error) for every record after the header."""
        for line, cells, error in self.cells():
            if cells is None:
                yield line, None, error
                continue
            values: dict[str, str] = {}
            for key, cell in zip(self.keys, cells, strict=False):
                if key and key not in values:
                    values[key] = cell
            yield line, values, ""


def find_header(source: Source, wanted: Iterable[str], *, scan: int = 12,
                minimum: int = 2) -> Table | None:
    """The first line among the first `scan` that holds at least `minimum` wanted headers."""
    text = source.text()
    if "\n" not in text[:20000] and "\r" in text:
        text = text.replace("\r", "\n")  # classic Mac line endings
    wanted = set(wanted)
    lines = text.split("\n", scan)[:scan]
    for index, raw in enumerate(lines):
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        delimiter = sniff_delimiter(line)
        cells = next((c for _, c, _ in csv_records(line, delimiter) if c), None)
        if not cells:
            continue
        keys = [header_key(c) for c in cells]
        if len(wanted & set(keys)) >= minimum:
            return Table(headers=[c.strip() for c in cells], keys=keys, header_line=index + 1,
                         delimiter=delimiter, text=text)
    return None


def require_header(source: Source, wanted: Iterable[str], what: str, **kwargs) -> Table:
    table = find_header(source, wanted, **kwargs)
    if table is None:
        raise FileError(f"This does not look like {what}: no header row with the "
                        "expected column names was found in the first lines.")
    return table
