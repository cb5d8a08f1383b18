"""Google Contacts CSV, both generations.

Legacy ("Google CSV"): `Name, Given Name, Additional Name, Family Name, …, Group
Membership, E-mail 1 - Type, E-mail 1 - Value, …` — often UTF-16. Current: `First Name,
Middle Name, Last Name, …, Labels, E-mail 1 - Label, E-mail 1 - Value, …` — UTF-8 with a
BOM. Numbered groups (`Phone 3 - Value`) are read for whatever numbers the header has;
several values in one cell are joined with ` ::: `; a `* ` before a type marks the
primary value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import ContactRecord, Importer, ParsedRow, Source, clean, split_multi
from .csvtable import find_header, require_header
from .dates import parse_birthday
from .linkedin import _Head

HEADERS = {"name", "given name", "family name", "first name", "last name", "group membership",
           "labels", "e mail 1 value", "phone 1 value", "e mail 1 type", "e mail 1 label"}
_GROUP = re.compile(r"^(e mail|phone|website|organization|address|relation|event|im|"
                    r"custom field) (\d+) (.+)$")
_SYSTEM_LABELS = ("mycontacts", "my contacts", "starred", "imported on", "importiert am",
                  "importe le", "importé le", "other contacts")


class GoogleImporter(Importer):
    key = "google"
    label = "Google Contacts"
    description = "CSV from contacts.google.com (Google CSV, old or new layout)."

    def detect(self, source: Source) -> float:
        if source.is_zip:
            return 0.0
        table = find_header(_Head(source), HEADERS, scan=3, minimum=2)
        if table is None:
            return 0.0
        keys = set(table.keys)
        google_groups = any(_GROUP.match(k) and k.endswith(" value") for k in keys)
        if google_groups and keys & {"group membership", "labels", "given name",
                                     "first name", "name"}:
            return 0.92
        return 0.0

    def parse(self, source: Source, *, column_map=None) -> Iterator[ParsedRow]:
        table = require_header(source, HEADERS, "a Google Contacts file", scan=3, minimum=2)
        groups: dict[tuple[str, int], dict[str, int]] = {}
        for index, key in enumerate(table.keys):
            match = _GROUP.match(key)
            if match:
                kind, number, part = match.group(1), int(match.group(2)), match.group(3)
                groups.setdefault((kind, number), {})[part] = index
        for line, cells, error in table.cells():
            if cells is None:
                yield ParsedRow(line=line, error=error)
                continue
            row = {k: cells[i] for i, k in enumerate(table.keys) if i < len(cells) and k}
            record = _record(row, cells, groups)
            if not (record.name or record.given or record.family or record.emails
                    or record.phones or record.organization):
                yield ParsedRow(line=line, error="no name, e-mail, phone or organisation")
                continue
            yield ParsedRow(line=line, record=record)


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index] or ""


def _record(row: dict[str, str], cells: list[str], groups) -> ContactRecord:
    get = lambda *keys: next((clean(row[k]) for k in keys if clean(row.get(k))), "")  # noqa: E731
    record = ContactRecord(
        name=get("name", "file as")[:200],
        given=get("given name", "first name")[:200],
        middle=get("additional name", "middle name")[:200],
        family=get("family name", "last name")[:200],
        prefix=get("name prefix")[:100],
        suffix=get("name suffix")[:100],
        nickname=get("nickname")[:100],
        organization=get("organization name")[:200],
        title=get("organization title")[:200],
        department=get("organization department")[:200],
        # The legacy layout's Name is the name as Google shows it (田中 太郎, with a
        # prefix and suffix): kept as it is; the current layout has only the parts.
        display_first=bool(clean(row.get("name"))),
    )
    notes = (row.get("notes") or "").strip()
    if notes:
        record.notes = notes
    birthday = get("birthday")
    if birthday:
        try:
            record.birthday = parse_birthday(birthday, order="DMY")
        except ValueError as problem:
            record.warnings.append(f"Birthday: {problem}; left out")
    for label in split_multi(get("group membership", "labels")):
        name = label.lstrip("* ").strip()
        if name and not name.casefold().startswith(_SYSTEM_LABELS):
            record.tags.append(name)
    for (kind, _number), parts in sorted(groups.items()):
        label = clean(_cell(cells, parts.get("type", parts.get("label")))).lstrip("* ")
        values = split_multi(_cell(cells, parts.get("value")))
        if kind == "e mail":
            for value in values:
                if "@" in value:
                    record.emails.append((value, label))
                else:
                    record.warnings.append(f"'{value}' is not an e-mail address; left out")
        elif kind == "phone":
            for value in values:
                if any(ch.isdigit() for ch in value):
                    record.phones.append((clean(value), label))
                else:
                    record.warnings.append(f"phone '{value}' has no digits; left out")
        elif kind == "website":
            record.urls += [(clean(v), label) for v in values]
        elif kind == "address":
            formatted = " ".join(_cell(cells, parts.get("formatted")).split())
            if formatted:
                record.addresses.append((formatted, label))
        elif kind == "organization":
            name = clean(_cell(cells, parts.get("name")))
            if name and not record.organization:
                record.organization = name[:200]
                record.title = record.title or clean(_cell(cells, parts.get("title")))[:200]
                record.department = record.department or clean(
                    _cell(cells, parts.get("department")))[:200]
    return record
