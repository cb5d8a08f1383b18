"""Outlook CSV (desktop's ~90 columns, Outlook on the web, Google's "Outlook CSV", Windows
Live Mail), with localised headers in English, French and German, read by synonyms.
Dates are US-style (M/D/Y) unless the headers are French or German.
"""

from __future__ import annotations

from collections.abc import Iterator

from .base import FileError, Importer, ParsedRow, Source
from .columns import SYNONYMS, guess_mapping, is_localised, record_from_row
from .csvtable import find_header
from .linkedin import _Head

OUTLOOK_MARKERS = {"e mail address", "e mail 2 address", "job title", "business phone",
                   "mobile phone", "home phone", "e mail adresse", "mobiltelefon",
                   "adresse de messagerie", "tel mobile", "telefon geschaftlich",
                   "e mail display name", "web page", "other phone"}


class OutlookImporter(Importer):
    key = "outlook"
    label = "Outlook contacts"
    description = "CSV from Outlook (desktop or web) or Windows Live Mail, any language."

    def detect(self, source: Source) -> float:
        if source.is_zip:
            return 0.0
        table = find_header(_Head(source), set(SYNONYMS), scan=3, minimum=3)
        if table is None:
            return 0.0
        keys = set(table.keys)
        if "connected on" in keys or any(k.endswith(" value") for k in keys):
            return 0.0  # LinkedIn, Google
        markers = len(keys & OUTLOOK_MARKERS)
        if markers >= 2:
            return 0.9
        return 0.0

    def parse(self, source: Source, *, column_map=None) -> Iterator[ParsedRow]:
        table = find_header(source, set(SYNONYMS), scan=3, minimum=3)
        if table is None:
            raise FileError("This does not look like an Outlook contacts file: the first "
                            "line has none of the usual column names.")
        mapping = guess_mapping(table.headers)
        order = "DMY" if is_localised(table.headers) else "MDY"
        for line, cells, error in table.cells():
            if cells is None:
                yield ParsedRow(line=line, error=error)
                continue
            record = record_from_row(cells, table.headers, mapping, date_order=order)
            if not _has_content(record):
                yield ParsedRow(line=line, error="no name, e-mail or phone in this row")
                continue
            yield ParsedRow(line=line, record=record)


def _has_content(record) -> bool:
    return bool(record.name or record.given or record.family or record.nickname
                or record.emails or record.phones or record.organization)
