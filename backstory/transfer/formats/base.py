"""What every importer shares: the records it yields, file reading, and the base class.

An importer looks at the content (``detect`` → a confidence between 0 and 1) and turns a
file into ``ParsedRow``s, each with its line number and either a record or the reason the
row cannot be used. Importers never touch the database: matching and writing are the
pipeline's job (``backstory.transfer.services``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from backstory.interactions.fields import InteractionFields

from .errors import FileError  # noqa: F401 - readers and callers import it from here
from .limits import import_limits


@dataclass
class ContactRecord:
    """A person as a file describes them, before matching; every field is optional."""

    name: str = ""
    given: str = ""
    middle: str = ""
    family: str = ""
    prefix: str = ""
    suffix: str = ""
    nickname: str = ""
    title: str = ""
    organization: str = ""
    department: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)  # (value, label)
    phones: list[tuple[str, str]] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)
    addresses: list[tuple[str, str]] = field(default_factory=list)
    birthday: tuple[int | None, int, int] | None = None  # (year or None, month, day)
    met_on: date | None = None
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    # Other Person fields (circle, direction, wants…) from Backstory's own spreadsheet.
    extra: dict = field(default_factory=dict)
    ref: str = ""  # the row's id inside the file, for links from other sheets
    introduced_by_ref: str = ""
    archived_at: datetime | None = None
    created_at: datetime | None = None  # Backstory's "Added on"; naive, the workspace's zone
    # vCard's FN and Backstory's own Name column are display names to keep as they are;
    # elsewhere the name is built from its parts.
    display_first: bool = False
    # Labels of contact points are the user's own (Backstory's workbook): kept as written.
    labels_as_given: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class InteractionRecord(InteractionFields):
    """An interaction as a file describes it: the service's own fields
    (interactions.fields.InteractionFields — a new field there is read here without a
    change) plus how the file names its people. Until the planner places it,
    ``occurred_at`` is as the file says it: naive (the workspace's time zone) or a date;
    ``people`` is filled by the planner (the ids of the people found)."""

    kind: str = "other"
    occurred_at: datetime | date | None = None
    people: list = field(default_factory=list)
    people_refs: list[str] = field(default_factory=list)  # refs of the file's people
    attendees: list[ContactRecord] = field(default_factory=list)  # people named inline
    ref: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class ActionRecord:
    text: str = ""
    due_on: date | None = None
    done_at: datetime | None = None
    person_ref: str = ""
    person_name: str = ""
    interaction_ref: str = ""
    ref: str = ""
    created_at: datetime | None = None  # naive: the workspace's time zone
    warnings: list[str] = field(default_factory=list)


@dataclass
class OrganizationRecord:
    name: str = ""
    kind: str = ""
    is_own: bool = False
    website: str = ""
    notes: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class TeamRecord:
    organization: str = ""
    name: str = ""
    leader_ref: str = ""
    notes: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class ForeignRecord:
    """A row of a sheet another app registered; that sheet's import_rows reads it."""

    sheet_key: str = ""
    values: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


Record = (ContactRecord | InteractionRecord | ActionRecord | OrganizationRecord | TeamRecord
          | ForeignRecord)


@dataclass
class ParsedRow:
    line: int
    record: Record | None = None
    error: str = ""  # why the row cannot be used (then record is None)
    sheet: str = ""
    label: str = ""  # what the row is about, for messages about a row without a record

    @property
    def where(self) -> str:
        return f"{self.sheet}, row {self.line}" if self.sheet else f"Line {self.line}"


# Reading files ---------------------------------------------------------------------------


class Source:
    """The uploaded or given file: bytes once, decoded text on demand."""

    def __init__(self, data: bytes, name: str = ""):
        self.data = data
        self.name = name
        self._text: str | None = None
        self.encoding = ""
        # The workspace key a Backstory workbook names, set while it is parsed (the
        # planner matches the file's IDs against what earlier imports of it created).
        self.origin = ""

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        path = Path(path)
        try:
            return cls(path.read_bytes(), path.name)
        except OSError as error:
            raise FileError(f"Cannot read {path.name}: {error.strerror or error}.") from None

    @property
    def is_zip(self) -> bool:
        return self.data[:4] == b"PK\x03\x04"

    def text(self) -> str:
        if self._text is None:
            self._text, self.encoding = decode_bytes(self.data)
        return self._text

    def head(self, size: int = 8192) -> str:
        """The start of the text, for detection (decoded on its own, cheaply)."""
        if self.is_zip:
            return ""
        return decode_bytes(self.data[:size], partial=True)[0]


def _looks_utf16(data: bytes) -> str:
    sample = data[:4000]
    if len(sample) < 4:
        return ""
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > half * 0.4 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.4 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return ""


def decode_bytes(data: bytes, *, partial: bool = False) -> tuple[str, str]:
    """Decode a text file: a BOM decides; then UTF-16 by its zero bytes, UTF-8, Windows-1252.

    Returns (text, encoding name). ``partial`` tolerates a character cut at the end.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", data[3:]
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        encoding = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        body = data[2:]
    else:
        encoding, body = _looks_utf16(data), data
    if encoding.startswith("utf-16"):
        if len(body) % 2:
            body = body[:-1]
        return body.decode(encoding, errors="replace"), encoding
    if encoding == "utf-8":
        return body.decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        # A cut multi-byte character at the very end of a sample is still UTF-8.
        if partial and error.start >= len(body) - 3:
            return body[: error.start].decode("utf-8", errors="replace"), "utf-8"
    # Windows-1252 covers Latin-1's printable range and the “smart” punctuation that
    # old Outlook and Excel exports write; bytes it leaves undefined fall back to Latin-1.
    try:
        return body.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return body.decode("latin-1"), "latin-1"


def sniff_delimiter(line: str) -> str:
    """The delimiter of a CSV header line: the most frequent of , ; and tab outside quotes."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_records(text: str, delimiter: str = ",", *, start_line: int = 1
                ) -> Iterator[tuple[int, list[str] | None, str]]:
    """(line number, cells, error) for each CSV record; multi-line cells keep their first line.

    A record the csv module cannot read yields (line, None, reason) and reading goes on
    with the next line, so that one broken line does not lose the rest of the file.
    Records are read one at a time within the import limits: the csv module refuses a
    cell past the size limit while reading it.
    """
    limits = import_limits()
    csv.field_size_limit(limits.cell_chars)
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    line = start_line
    failures = 0
    records = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field limit" in str(error):
                raise limits.cell_too_long(f"Line {line}") from None
            failures += 1
            yield line, None, f"this line cannot be read as CSV ({error})"
            if failures > 1000:
                return
            line = start_line + reader.line_num
            continue
        records += 1
        if records > limits.rows + 1:  # the header row is not counted
            raise limits.too_many_rows()
        limits.check_columns(len(cells), f"Line {line}")
        yield line, cells, ""
        line = start_line + reader.line_num


def clean(value: object, limit: int = 0) -> str:
    """A cell as tidy text: whitespace (tabs, newlines, doubled spaces) collapsed."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text[:limit] if limit else text


def split_multi(value: str) -> list[str]:
    """Google puts several values in one cell joined by ' ::: '."""
    return [part.strip() for part in (value or "").split(":::") if part.strip()]


class Importer:
    """A pluggable file format: ``detect`` says how sure it is; ``parse`` yields rows."""

    key: str = ""
    label: str = ""
    description: str = ""
    # Generic spreadsheets need the user to say which column holds what.
    needs_mapping: bool = False

    def detect(self, source: Source) -> float:
        raise NotImplementedError

    def parse(self, source: Source, *, column_map: dict | None = None) -> Iterator[ParsedRow]:
        raise NotImplementedError
