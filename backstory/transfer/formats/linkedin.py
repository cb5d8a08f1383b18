"""LinkedIn `Connections.csv`: a `Notes:` preamble (newer exports), then the header.

Columns are found by name because older exports have no URL column; `Connected On` is
`07 Dec 2025` (2020s), `1/8/18, 6:14 PM` (2018) or `9-Mar-24` (re-saved in a spreadsheet).
"""

from __future__ import annotations

from collections.abc import Iterator

from .base import ContactRecord, Importer, ParsedRow, Source, clean
from .csvtable import find_header, require_header
from .dates import parse_date

HEADERS = {"first name", "last name", "url", "email address", "company", "position",
           "connected on"}


class LinkedInImporter(Importer):
    key = "linkedin"
    label = "LinkedIn connections"
    description = "Connections.csv from LinkedIn's “Get a copy of your data”."

    def detect(self, source: Source) -> float:
        if source.is_zip:
            return 0.0
        table = find_header(_Head(source), HEADERS, scan=8, minimum=4)
        if table is None:
            return 0.0
        keys = set(table.keys)
        if "connected on" in keys and "first name" in keys:
            return 0.95
        return 0.0

    def parse(self, source: Source, *, column_map=None) -> Iterator[ParsedRow]:
        table = require_header(source, HEADERS, "a LinkedIn connections file",
                               scan=8, minimum=4)
        for line, row, error in table.rows():
            if row is None:
                yield ParsedRow(line=line, error=error)
                continue
            record = ContactRecord(
                given=clean(row.get("first name"), 200),
                family=clean(row.get("last name"), 200),
                organization=_text(row.get("company")),
                title=_text(row.get("position")),
            )
            url = clean(row.get("url"))
            if url:
                record.urls.append((url, "LinkedIn"))
            email = clean(row.get("email address"))
            if email and "@" in email:
                record.emails.append((email, ""))
            elif email:
                record.warnings.append(f"'{email}' is not an e-mail address; left out")
            connected = clean(row.get("connected on"))
            if connected:
                try:
                    record.met_on = parse_date(connected, order="MDY")
                except ValueError as problem:
                    record.warnings.append(f"Connected On: {problem}; left out")
            if not (record.given or record.family or url or record.emails):
                yield ParsedRow(line=line, error="no name, profile or e-mail (a connection "
                                "who left LinkedIn or hid their profile)",
                                label=f"(empty row, connected {connected})" if connected
                                else "(empty row)")
                continue
            yield ParsedRow(line=line, record=record)


def _text(cell: str | None) -> str:
    """A cell as written (`-Founder` stays `-Founder`); LinkedIn's placeholder for an
    empty company or position, a lone dash, is no text at all."""
    text = clean(cell, 200)
    return "" if text.strip("-–— ") == "" else text


class _Head(Source):
    """Detection looks at the first few kilobytes only."""

    def __init__(self, source: Source):
        super().__init__(b"", source.name)
        self._text = source.head(16384)
