"""Any other spreadsheet (CSV or XLSX): the user says which column holds what.

The first non-empty row is the header. The mapping is guessed from the header names
(the same synonyms as Outlook's) and the user corrects it on the mapping page; the
chosen mapping is remembered for files with the same header.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from .base import FileError, Importer, ParsedRow, Source, clean, csv_records, sniff_delimiter
from .columns import TARGET_KEYS, guess_mapping, is_localised, record_from_row
from .xlsx import cover_merged, merged_ranges, open_workbook, sheet_rows


@dataclass
class Layout:
    headers: list[str]
    samples: list[list[str]]
    signature: str


def _signature(headers: list[str]) -> str:
    text = "\x1f".join(h.strip().casefold() for h in headers)
    return hashlib.sha256(text.encode()).hexdigest()


def _csv_rows(source: Source) -> Iterator[tuple[int, list[str] | None, str]]:
    text = source.text()
    first = next((line for line in text.splitlines() if line.strip()), "")
    return csv_records(text, sniff_delimiter(first))


def _xlsx_rows(source: Source) -> Iterator[tuple[int, list[str] | None, str]]:
    workbook = open_workbook(source)
    try:
        worksheet = workbook.worksheets[0] if workbook.worksheets else None
        if worksheet is None:
            return
        header_seen = False
        for number, values in sheet_rows(worksheet):
            if not header_seen:
                # A header merged over several columns ("Name" over first and last
                # names) names each of them, so that no column is silently dropped.
                values = cover_merged(values, number, merged_ranges(worksheet))
                header_seen = True
            yield number, ["" if v is None else _cell(v) for v in values], ""
    finally:
        workbook.close()


def _cell(value) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table_rows(source: Source):
    return _xlsx_rows(source) if source.is_zip else _csv_rows(source)


def read_layout(source: Source, samples: int = 3) -> Layout:
    """The header and a few rows, for the mapping page."""
    rows = table_rows(source)
    header: list[str] | None = None
    sample_rows: list[list[str]] = []
    for _line, cells, _error in rows:
        if not cells or not any(clean(c) for c in cells):
            continue
        if header is None:
            header = [clean(c, 80) for c in cells]
            continue
        sample_rows.append([clean(c, 60) for c in cells])
        if len(sample_rows) >= samples:
            break
    if not header:
        raise FileError("This file is empty: there is no header row.")
    return Layout(headers=header, samples=sample_rows, signature=_signature(header))


class GenericImporter(Importer):
    key = "csv"
    label = "Other spreadsheet (CSV or Excel)"
    description = "Any table of people: you say which column holds what."
    needs_mapping = True

    def detect(self, source: Source) -> float:
        if source.is_zip:
            return 0.4
        head = source.head(4096)
        first = next((line for line in head.splitlines() if line.strip()), "")
        if first and sniff_delimiter(first) in first and "\x00" not in head:
            return 0.3
        return 0.0

    def parse(self, source: Source, *, column_map: dict | None = None) -> Iterator[ParsedRow]:
        header: list[str] | None = None
        mapping: dict[int, str] = {}
        order = "DMY"
        for line, cells, error in table_rows(source):
            if cells is None:
                if header is not None:
                    yield ParsedRow(line=line, error=error)
                continue
            if not any(clean(c) for c in cells):
                continue
            if header is None:
                header = [clean(c, 80) for c in cells]
                mapping = _mapping(column_map, header)
                if not mapping:
                    raise FileError("No column is mapped to a field, so nothing can be "
                                    "imported. Choose at least the name column.")
                order = (column_map or {}).get("date_order") or (
                    "DMY" if is_localised(header) else "DMY")
                continue
            record = record_from_row(cells, header, mapping, date_order=order)
            if not (record.name or record.given or record.family or record.emails
                    or record.phones or record.urls):
                yield ParsedRow(line=line, error="no name, e-mail, phone or link in this row")
                continue
            yield ParsedRow(line=line, record=record)
        if header is None:
            raise FileError("This file is empty: there is no header row.")


def _mapping(column_map: dict | None, header: list[str]) -> dict[int, str]:
    if column_map and column_map.get("mapping") is not None:
        chosen = {}
        for index, target in column_map["mapping"].items():
            try:
                position = int(index)
            except (TypeError, ValueError):
                continue
            if target in TARGET_KEYS and 0 <= position < len(header):
                chosen[position] = target
        return chosen
    return guess_mapping(header)
