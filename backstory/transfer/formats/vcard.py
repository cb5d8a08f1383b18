"""vCard 2.1, 3.0 and 4.0, read line by line.

A tolerant reader of our own instead of vobject: vobject stops at the first card it
cannot decode (a QP value ending in invalid UTF-8, a bare `PHOTO;BASE64` parameter) and
drops quoted-printable continuation lines, and it parses about 4,000 cards a second where
this reader does several times that. What it handles: folded lines (space or tab),
quoted-printable with CHARSET and soft line breaks (even before an empty line), 2.1 bare
parameters (`TEL;CELL;PREF`), quoted parameter values, grouped Apple properties
(`item1.URL` + `item1.X-ABLabel`), escaped characters (`\\,`, `\\n`, `http\\://`),
year-less birthdays (`--0415`), and binary values (photos, keys) skipped without
decoding. Each card is one row, numbered by the line of its BEGIN.

Lines are unfolded on bytes and each value is decoded on its own (RFC 6350 §3.2 lets a
fold fall inside a multi-byte character): by its CHARSET parameter when it has one, else
as the file's text. A file is UTF-8 unless no value in it is (an old vCard 2.1 file
written by Outlook or a Nokia phone in Windows-1252); a value that is not valid in the
encoding it is read with keeps the replacement character, and the card says which line.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Iterator
from functools import lru_cache

from .base import ContactRecord, Importer, ParsedRow, Source, clean, decode_bytes
from .dates import parse_birthday
from .limits import import_limits

_LINE_BREAK = re.compile(r"\r*\n|\r")
_PROPERTY = re.compile(r"^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9_-]+)(?=[;:])")
_NEW_PROPERTY = re.compile(
    r"^(?:[A-Za-z0-9_-]+\.)?(BEGIN|END|VERSION|N|FN|ORG|TITLE|ROLE|TEL|EMAIL|ADR|LABEL|URL|"
    r"NOTE|BDAY|PHOTO|CATEGORIES|NICKNAME|UID|REV|X-[A-Z0-9-]+)[;:]",
    re.IGNORECASE,
)
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_TYPE_NOISE = {"internet", "pref", "voice", "x400", "x-internet", "other", "msg", "text"}
_APPLE_LABEL = re.compile(r"^_\$!<(.+)>!\$_$")


class VCardImporter(Importer):
    key = "vcard"
    label = "vCard (.vcf)"
    description = "Contacts from a phone, Apple Contacts, Outlook, Thunderbird… (2.1, 3.0, 4.0)."

    def detect(self, source: Source) -> float:
        head = source.head(4096).lstrip("\ufeff \t\r\n").upper()
        return 0.99 if head.startswith("BEGIN:VCARD") else 0.0

    def parse(self, source: Source, *, column_map=None) -> Iterator[ParsedRow]:
        limits = import_limits()
        for count, (start, props, problems) in enumerate(_cards(_file_bytes(source.data)), start=1):
            if count > limits.rows:
                raise limits.too_many_rows()
            for prop in props:
                limits.check_cell(prop.value, f"Line {start}, {prop.name}")
            record = _record(props)
            record.warnings += problems
            if not (record.name or record.given or record.family or record.nickname
                    or record.emails or record.phones or record.organization):
                yield ParsedRow(line=start, error="this card has no name, e-mail, phone or "
                                "organisation")
                continue
            yield ParsedRow(line=start, record=record)


class Prop:
    __slots__ = ("group", "name", "params", "value")

    def __init__(self, group: str, name: str, params: dict[str, list[str]], value: str):
        self.group, self.name, self.params, self.value = group, name, params, value

    @property
    def types(self) -> list[str]:
        return [t.lower() for t in self.params.get("TYPE", [])]


def _split_unquoted(text: str, separator: str) -> list[str]:
    parts, current, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            continue
        if ch == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _parse_params(text: str) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for chunk in _split_unquoted(text, ";"):
        if not chunk:
            continue
        if "=" in chunk:
            key, _, value = chunk.partition("=")
            key = key.strip().upper()
            values = [v.strip() for v in value.split(",")] if key == "TYPE" else [value.strip()]
        else:
            bare = chunk.strip().upper()
            if bare in {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}:
                key, values = "ENCODING", [bare]
            else:
                key, values = "TYPE", [bare]
        params.setdefault(key, []).extend(v for v in values if v)
    return params


def _split_line(line: str) -> tuple[str, str, str, str] | None:
    """(group, NAME, params text, value) of a property line, or None."""
    match = _PROPERTY.match(line)
    if not match:
        return None
    group, name = match.group(1) or "", match.group(2).upper()
    rest = line[match.end():]
    if '"' not in rest:  # the common case: no quoted parameter to skip
        index = rest.find(":")
        if index < 0:
            return None
        return group, name, rest[1:index] if rest.startswith(";") else "", rest[index + 1:]
    quoted = False
    for index, ch in enumerate(rest):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return group, name, rest[1:index] if rest.startswith(";") else "", rest[index + 1:]
    return None


# A valid UTF-8 sequence of two to four bytes: a file holding none while it is not UTF-8
# as a whole was written in a legacy code page.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_FOLD = re.compile(rb"\r*\n[ \t]|\r[ \t]")
_BLANK = " \t\r\n\x0b\x0c"


def _file_bytes(data: bytes) -> bytes:
    """The file as bytes in an ASCII-compatible encoding: UTF-16 files (by their BOM or
    their zero bytes) are re-encoded as UTF-8; a UTF-8 BOM is dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[1:4000:2].count(0) > len(
            data[:4000]) // 5 or data[0:4000:2].count(0) > len(data[:4000]) // 5:
        text, encoding = decode_bytes(data)
        if encoding.startswith("utf-16"):
            return text.encode("utf-8")
    return data


def _file_encoding(data: bytes) -> str:
    """What a value without a CHARSET parameter is read as (see the module's docstring)."""
    unfolded = _FOLD.sub(b"", data)
    try:
        unfolded.decode("utf-8")
    except UnicodeDecodeError:
        return "utf-8" if _UTF8_MULTIBYTE.search(unfolded) else "windows-1252"
    return "utf-8"


@lru_cache(maxsize=64)
def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return False
    return True


class _Decoder:
    """Decodes raw values and notes, per card, the lines that could not be read exactly."""

    def __init__(self, default: str):
        self.default = default

    def decode(self, raw: bytes, charset: str, line: int, problems: list[str]) -> str:
        if raw.isascii():
            return raw.decode("ascii")
        encoding = charset.strip().strip('"') or self.default
        if not _known_codec(encoding):
            problems.append(f"line {line} names a character set we do not know "
                            f"({encoding[:40]!r}); read as {self.default.upper()}")
            encoding = self.default
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            problems.append(f"line {line} is not valid {encoding.upper()}: characters that "
                            "could not be read show as \ufffd")
            return raw.decode(encoding, errors="replace")
        if not charset and encoding != "utf-8":
            problems.append(f"line {line} does not say its character set and is not UTF-8; "
                            f"read as {encoding.title()}: check its accents")
        return text


def _cards(data: bytes) -> Iterator[tuple[int, list[Prop], list[str]]]:
    """(line of BEGIN, properties, problems) for each card in the file's bytes."""
    decoder = _Decoder(_file_encoding(data))
    # Each byte is one character in Latin-1, so the structure (names, parameters, folds,
    # quoted-printable) is read on text while values keep their exact bytes.
    text = data.decode("latin-1")
    # Old Mac files end lines with a bare CR; elsewhere a bare CR is part of a value.
    lines = _LINE_BREAK.split(text) if "\n" not in text else re.split(r"\r*\n", text)
    total = len(lines)
    index = 0
    card: list[Prop] | None = None
    start = 0
    depth = 0
    problems: list[str] = []
    while index < total:
        number = index + 1
        line = lines[index]
        index += 1
        if not line.strip(_BLANK):
            continue
        if line[0] in " \t":
            continue  # a continuation whose property we skipped (binary data)
        # Gather the folded continuation lines.
        while index < total and lines[index][:1] in (" ", "\t") and lines[index].strip(
                _BLANK):
            if line.endswith("=") and "QUOTED-PRINTABLE" in line.upper():
                line = line[:-1] + lines[index]  # a QP soft break: the space is content
            else:
                line += lines[index][1:]
            index += 1
        parts = _split_line(line)
        if parts is None:
            if card is not None and not _looks_binary(line):
                problems.append(f"line {number} could not be read and was left out")
            continue
        group, name, params_text, value = parts
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None:
                depth += 1  # an embedded card (AGENT): its lines belong to the outer one
                continue
            card, start, problems, depth = [], number, [], 0
            continue
        if name == "END" and value.strip().upper() == "VCARD":
            if depth:
                depth -= 1
                continue
            if card is not None:
                yield start, card, problems
            card = None
            continue
        if card is None or depth:
            continue
        params = _parse_params(_params_text(params_text)) if params_text else {}
        encoding = (params.get("ENCODING") or [""])[0].upper()
        charset = (params.get("CHARSET") or [""])[0]
        if encoding == "QUOTED-PRINTABLE":
            # Soft line breaks: a value ending in "=" goes on with the next line.
            while value.endswith("=") and index < total and not _NEW_PROPERTY.match(
                    lines[index]):
                value = value[:-1] + lines[index]
                index += 1
                if not lines[index - 1]:
                    break
            raw = quopri.decodestring(value.encode("latin-1"))
        elif encoding in {"BASE64", "B"} or name in _BINARY:
            continue  # photos and keys: never decoded, never stored
        else:
            raw = value.encode("latin-1")
        value = decoder.decode(raw, charset, number, problems)
        card.append(Prop(group, name, params, value))
    if card is not None:
        problems.append("the file ends inside this card (no END:VCARD)")
        yield start, card, problems


def _params_text(text: str) -> str:
    """Parameters as text: they are ASCII but for the odd UTF-8 label (`TYPE=Büro`)."""
    if text.isascii():
        return text
    return text.encode("latin-1").decode("utf-8", errors="replace")


def _looks_binary(line: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9+/=\s]+", line)) and len(line) > 20


def unescape(value: str) -> str:
    if "\\" not in value:
        return value
    out, i, n = [], 0, len(value)
    while i < n:
        ch = value[i]
        if ch == "\\" and i + 1 < n:
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def split_structured(value: str, separator: str = ";") -> list[str]:
    """Split on separators that are not escaped, then unescape each component."""
    if "\\" not in value:
        return value.split(separator)
    parts, current, i, n = [], [], 0, len(value)
    while i < n:
        ch = value[i]
        if ch == "\\" and i + 1 < n:
            current.append(value[i:i + 2])
            i += 2
            continue
        if ch == separator:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append(unescape("".join(current)))
    return parts


def _label(prop: Prop, labels: dict[str, str]) -> str:
    if prop.group and prop.group.lower() in labels:
        return labels[prop.group.lower()]
    for kind in prop.types:
        kind = kind.removeprefix("x-")
        if kind and kind not in _TYPE_NOISE:
            return {"cell": "mobile"}.get(kind, kind)
    return ""


def _record(props: list[Prop]) -> ContactRecord:
    record = ContactRecord(display_first=True)
    labels: dict[str, str] = {}
    for prop in props:
        if prop.name == "X-ABLABEL" and prop.group:
            text = unescape(prop.value).strip()
            match = _APPLE_LABEL.match(text)
            labels[prop.group.lower()] = (match.group(1) if match else text)[:60]
    notes: list[str] = []
    fax_skipped = False
    for prop in props:
        name, value = prop.name, prop.value
        if name == "FN" and not record.name:
            record.name = clean(unescape(value), 200)
        elif name == "N" and not (record.family or record.given):
            parts = split_structured(value) + [""] * 5
            record.family, record.given, record.middle = (clean(p, 200) for p in parts[:3])
            record.prefix, record.suffix = clean(parts[3], 100), clean(parts[4], 100)
        elif name == "NICKNAME" and not record.nickname:
            record.nickname = clean(split_structured(value, ",")[0], 100)
        elif name == "ORG" and not record.organization:
            parts = [clean(p, 200) for p in split_structured(value)]
            record.organization = parts[0] if parts else ""
            record.department = next((p for p in parts[1:] if p), "")
        elif name == "TITLE" and not record.title or name == "ROLE" and not record.title:
            record.title = clean(unescape(value), 200)
        elif name == "EMAIL":
            email = clean(unescape(value)).removeprefix("mailto:")
            if email:
                record.emails.append((email, _label(prop, labels)))
        elif name == "TEL":
            phone = clean(unescape(value)).removeprefix("tel:")
            if "fax" in prop.types:
                fax_skipped = True
                continue
            if phone and any(ch.isdigit() for ch in phone):
                record.phones.append((phone, _label(prop, labels)))
            elif phone:
                record.warnings.append(f"phone '{phone}' has no digits; left out")
        elif name in {"URL", "X-SOCIALPROFILE"}:
            url = clean(unescape(value))
            if url:
                record.urls.append((url, _label(prop, labels)))
        elif name == "ADR":
            parts = [clean(p) for p in split_structured(value)]
            text = ", ".join(p for p in parts if p)
            if text:
                record.addresses.append((text, _label(prop, labels)))
        elif name == "BDAY" and record.birthday is None:
            raw = clean(unescape(value))
            try:
                record.birthday = parse_birthday(raw[:10] if "T" in raw[8:11] else raw,
                                                 order="MDY")
            except ValueError as problem:
                record.warnings.append(f"birthday: {problem}; left out")
        elif name == "NOTE":
            note = unescape(value).strip()
            if note:
                notes.append(note)
        elif name == "CATEGORIES":
            record.tags += [clean(t, 60) for t in split_structured(value, ",") if clean(t)]
    if notes:
        record.notes = "\n\n".join(notes)
    if fax_skipped:
        record.warnings.append("fax numbers left out")
    record.tags = [t for t in record.tags if t.casefold() not in {"my contacts", "mycontacts",
                                                                  "starred"}]
    return record
