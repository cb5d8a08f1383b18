"""Backstory's own workbook (what the XLSX export writes) read back: people, organisations,
teams, interactions and action items, linked by the IDs in the file; sheets that other
apps registered come through as ForeignRecords for their own import hook.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from backstory.transfer import sheets as registry

from .base import (
    ActionRecord,
    ContactRecord,
    FileError,
    ForeignRecord,
    Importer,
    InteractionRecord,
    OrganizationRecord,
    ParsedRow,
    Source,
    TeamRecord,
    clean,
)
from .csvtable import header_key
from .dates import parse_birthday, parse_datetime
from .xlsx import open_workbook, sheet_rows

ABOUT_TITLE = "About"
MARKER = "Backstory export"
_LABELLED = re.compile(r"^(.*?)\s*\(([^()]*)\)$")


def _reverse(labels: dict[str, str]) -> dict[str, str]:
    out = {header_key(label): value for value, label in labels.items()}
    out.update({header_key(value): value for value in labels if value})
    return out


CIRCLES = _reverse(registry.CIRCLES)
DIRECTIONS = _reverse(registry.DIRECTIONS)
CHANNELS = _reverse(registry.CHANNELS)
FORMATS = _reverse(registry.FORMATS)
KINDS = _reverse(registry.KINDS)
VALUES = _reverse({k: v for k, v in registry.VALUES.items() if k})
ORG_KINDS = _reverse(registry.ORG_KINDS)


class BackstoryImporter(Importer):
    key = "backstory"
    label = "Backstory spreadsheet"
    description = "The workbook Backstory exports: people, interactions, action items…"

    def detect(self, source: Source) -> float:
        if not source.is_zip:
            return 0.0
        try:
            workbook = open_workbook(source)
        except FileError:
            return 0.0
        try:
            names = {n.casefold() for n in workbook.sheetnames}
            if "people" not in names:
                return 0.0
            if ABOUT_TITLE.casefold() in names:
                about = workbook[next(n for n in workbook.sheetnames
                                      if n.casefold() == ABOUT_TITLE.casefold())]
                for _, values in sheet_rows(about):
                    if any(isinstance(v, str) and MARKER in v for v in values):
                        return 0.98
            return 0.7 if "interactions" in names else 0.0
        finally:
            workbook.close()

    def parse(self, source: Source, *, column_map=None) -> Iterator[ParsedRow]:
        workbook = open_workbook(source)
        try:
            titles = {n.casefold(): n for n in workbook.sheetnames}
            if "people" not in titles:
                raise FileError("This workbook has no 'People' sheet, so it is not a "
                                "Backstory export. Import it as a generic spreadsheet.")
            if ABOUT_TITLE.casefold() in titles:
                source.origin = _origin(workbook[titles[ABOUT_TITLE.casefold()]])
            for sheet in registry.sheets():
                title = titles.get(sheet.title.casefold())
                if title is None:
                    continue
                yield from self._sheet(sheet, workbook[title])
        finally:
            workbook.close()

    def _sheet(self, sheet, worksheet) -> Iterator[ParsedRow]:
        # Version 1 exports put an apostrophe before formula-like text; later ones write
        # text as text, so an apostrophe there is the user's own.
        rows = sheet_rows(worksheet, unguard=_export_version(worksheet.parent) == 1)
        header = next(rows, None)
        if header is None:
            return
        keys = [header_key(str(v)) if v is not None else "" for v in header[1]]
        reader = {
            "people": _person, "organisations": _organisation, "teams": _team,
            "interactions": _interaction, "action_items": _action,
        }.get(sheet.key)
        for number, values in rows:
            row = {k: v for k, v in zip(keys, values, strict=False) if k}
            try:
                if reader is None:
                    record = ForeignRecord(sheet_key=sheet.key, values=row)
                else:
                    record = reader(row)
            except ValueError as problem:
                yield ParsedRow(line=number, sheet=sheet.title, error=str(problem))
                continue
            if record is None:
                yield ParsedRow(line=number, sheet=sheet.title, error="this row is empty")
                continue
            yield ParsedRow(line=number, sheet=sheet.title, record=record)


def _origin(about) -> str:
    """The workspace key the About sheet names ("" when it names none)."""
    for _, values in sheet_rows(about):
        if len(values) > 1 and values[0] == registry.WORKBOOK_KEY and isinstance(values[1], str):
            key = values[1].strip()
            return key if re.fullmatch(r"[0-9a-f]{16,64}", key) else ""
    return ""


def _export_version(workbook) -> int | None:
    """The format version the About sheet states (`Backstory export | format 2`)."""
    title = next((n for n in workbook.sheetnames if n.casefold() == ABOUT_TITLE.casefold()),
                 None)
    if title is None:
        return None
    for _, values in sheet_rows(workbook[title]):
        if values and values[0] == MARKER and len(values) > 1:
            match = re.fullmatch(r"format (\d{1,4})", str(values[1] or "").strip())
            return int(match.group(1)) if match else None
    return None


def _text(row: dict, key: str, limit: int = 0) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value, limit)


def _long_text(row: dict, key: str) -> str:
    value = row.get(key)
    return str(value).strip() if value is not None else ""


def _ref(row: dict, key: str) -> str:
    value = _text(row, key)
    return value.removesuffix(".0")


def _choice(row: dict, key: str, choices: dict[str, str], warnings: list[str],
            what: str) -> str:
    value = _text(row, key)
    if not value:
        return ""
    found = choices.get(header_key(value))
    if found is None:
        warnings.append(f"{what} '{value}' is not one we know; left out")
        return ""
    return found


def _date(value: Any, what: str, warnings: list[str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        parsed = parse_datetime(str(value), order="DMY")
    except ValueError as problem:
        warnings.append(f"{what}: {problem}; left out")
        return None
    return parsed[0] if parsed else None


def _datetime(value: Any, what: str, warnings: list[str]) -> datetime | date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    try:
        parsed = parse_datetime(str(value), order="DMY")
    except ValueError as problem:
        warnings.append(f"{what}: {problem}; left out")
        return None
    if parsed is None:
        return None
    day, clock = parsed
    return datetime.combine(day, clock) if clock else day


def _int(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if math.isfinite(number) else None  # "1e400" is infinite


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().casefold() in {"yes", "true", "1", "x", "ja", "oui"}


def _labelled(text: str) -> list[tuple[str, str]]:
    out = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        match = _LABELLED.match(part)
        out.append((match.group(1), match.group(2)) if match else (part, ""))
    return out


def _person(row: dict) -> ContactRecord | None:
    record = ContactRecord(display_first=True, labels_as_given=True)
    warn = record.warnings
    record.ref = _ref(row, "id")
    record.name = _text(row, "name", 200)
    record.title = _text(row, "title", 200)
    record.organization = _text(row, "organisation", 200)
    record.department = _text(row, "team", 120)
    record.emails = _labelled(_text(row, "e mails"))
    record.phones = _labelled(_text(row, "phones"))
    record.urls = _labelled(_text(row, "linkedin")) + _labelled(_text(row, "links"))
    record.addresses = _labelled(_text(row, "addresses"))
    record.tags = [t.strip() for t in _text(row, "tags").split(";") if t.strip()]
    record.notes = _long_text(row, "notes")
    record.met_on = _date(row.get("met on"), "Met on", warn)
    birthday = _text(row, "birthday")
    if birthday:
        try:
            record.birthday = parse_birthday(birthday, order="DMY")
        except ValueError as problem:
            warn.append(f"Birthday: {problem}; left out")
    extra = record.extra
    for key, choices, what, field in (
        ("circle", CIRCLES, "Circle", "circle"),
        ("direction", DIRECTIONS, "Direction", "direction"),
        ("prefers to hear by", CHANNELS, "Channel", "preferred_channel"),
        ("likes information as", FORMATS, "Format", "preferred_format"),
    ):
        value = _choice(row, key, choices, warn, what)
        if value:
            extra[field] = value
    for key, field, limit in (("best time", "best_time", 120), ("beat", "beat", 200),
                              ("outlet", "outlet", 200)):
        if _text(row, key):
            extra[field] = _text(row, key, limit)
    for key, field in (("looking for", "wants"), ("can offer", "offers"),
                       ("how we met", "how_we_met")):
        if _long_text(row, key):
            extra[field] = _long_text(row, key)
    # The range is checked where every importer's values are (transfer.mapping).
    for key, field, what in (("follow up after days", "cadence_min_days", "Follow up after"),
                             ("at the latest after days", "cadence_max_days",
                              "At the latest after")):
        days = _int(row.get(key))
        if days is not None:
            extra[field] = days
        elif _text(row, key):
            warn.append(f"{what} (days) '{_text(row, key, 40)}' is not a number; left out")
    if _bool(row.get("no follow up")):
        extra["cadence_off"] = True
    record.introduced_by_ref = _ref(row, "introduced by id")
    archived = _datetime(row.get("archived on"), "Archived on", warn)
    if isinstance(archived, datetime):
        record.archived_at = archived
    added = _datetime(row.get("added on"), "Added on", warn)
    if isinstance(added, datetime):
        record.created_at = added
    if not (record.name or record.emails or record.phones or record.urls):
        return None
    return record


def _organisation(row: dict) -> OrganizationRecord | None:
    record = OrganizationRecord(name=_text(row, "name", 200))
    if not record.name:
        return None
    record.kind = _choice(row, "kind", ORG_KINDS, record.warnings, "Kind")
    record.is_own = _bool(row.get("your organisation"))
    record.website = _text(row, "website", 500)
    record.notes = _long_text(row, "notes")
    return record


def _team(row: dict) -> TeamRecord | None:
    record = TeamRecord(organization=_text(row, "organisation", 200),
                        name=_text(row, "team", 120), leader_ref=_ref(row, "leader id"),
                        notes=_long_text(row, "notes"))
    if not (record.organization and record.name):
        return None
    return record


def _interaction(row: dict) -> InteractionRecord | None:
    record = InteractionRecord(ref=_ref(row, "id"))
    warn = record.warnings
    record.occurred_at = _datetime(row.get("when"), "When", warn)
    if record.occurred_at is None:
        if not any(v not in (None, "") for v in row.values()):
            return None
        raise ValueError("this interaction has no date ('When')")
    kind = _choice(row, "kind", KINDS, warn, "Kind")
    record.kind = kind or "other"
    record.summary = _text(row, "summary", 200)
    record.place = _text(row, "place", 200)
    duration = _int(row.get("duration minutes"))
    record.duration_minutes = duration if duration and 0 < duration <= 1440 else None
    record.value = _choice(row, "value", VALUES, warn, "Value")
    record.tags = [t.strip() for t in _text(row, "tags").split(";") if t.strip()]
    record.notes = _long_text(row, "notes")
    record.people_refs = [r.strip().removesuffix(".0")
                          for r in _text(row, "people ids").split(";") if r.strip()]
    if not record.people_refs:
        record.attendees = [ContactRecord(name=n.strip()) for n in _text(row, "people")
                            .split(";") if n.strip()]
    return record


def _action(row: dict) -> ActionRecord | None:
    record = ActionRecord(text=_text(row, "action", 300))
    if not record.text:
        return None
    record.due_on = _date(row.get("due"), "Due", record.warnings)
    done = _datetime(row.get("done on"), "Done on", record.warnings)
    if isinstance(done, date) and not isinstance(done, datetime):
        done = datetime.combine(done, datetime.min.time())
    record.done_at = done
    record.person_ref = _ref(row, "person id")
    record.person_name = _text(row, "person", 200)
    record.interaction_ref = _ref(row, "interaction id")
    record.ref = _ref(row, "id")
    added = _datetime(row.get("added on"), "Added on", record.warnings)
    if isinstance(added, datetime):
        record.created_at = added
    return record
