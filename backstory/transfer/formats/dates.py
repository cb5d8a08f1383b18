"""Dates as contact files write them: `07 Dec 2025`, `1/8/18, 6:14 PM`, `9-Mar-24`,
`31.1.1972`, `1972-01-31`, `19800322`, `--0415`.

Every function raises ValueError with a sentence for the user when a value is not a
date (`'31/02/2024' is not a date`), so the row can say what was wrong.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
MONTHS.update({"sept": 9, "mär": 3, "mrz": 3, "mai": 5, "okt": 10, "dez": 12, "janv": 1,
               "févr": 2, "fevr": 2, "avr": 4, "juil": 7, "déc": 12, "dec.": 12})

_EMPTY = {"", "0/0/00", "0/0/0000", "00/00/0000", "0000-00-00", "1/1/1601", "1/1/4501"}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?)?Z?$")
_NOYEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_NUMERIC = re.compile(
    r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})"
    r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_DAY_MON_YEAR = re.compile(r"^(\d{1,2})[\s-]+([A-Za-zéäû.]+)[\s-]+(\d{2}|\d{4})$")
_MON_DAY_YEAR = re.compile(r"^([A-Za-zéäû.]+)\s+(\d{1,2}),?\s+(\d{4})$")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000
        if year > date.today().year + 1:
            year -= 100
    return year


def _make(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{raw}' is not a date that exists") from None


def _month(name: str, raw: str) -> int:
    month = MONTHS.get(name.lower().rstrip("."))
    if month is None:
        raise ValueError(f"'{raw}' has a month we do not know")
    return month


def parse_datetime(value: str, *, order: str = "MDY") -> tuple[date, time | None] | None:
    """(date, time or None) for a date written in any common way; None when empty.

    ``order`` settles numeric dates with slashes: "MDY" (US: LinkedIn 2018, Outlook) or
    "DMY". Dotted dates (31.1.1972) are always day first.
    """
    raw = (value or "").strip()
    if raw in _EMPTY:
        return None
    match = _ISO.match(raw)
    if match:
        y, m, d, hh, mm, ss = match.groups()
        clock = time(int(hh), int(mm), int(ss or 0)) if hh and int(hh) < 24 else None
        return _make(int(y), int(m), int(d), raw), clock
    match = _BASIC.match(raw)
    if match:
        y, m, d, hh, mm, ss = match.groups()
        clock = time(int(hh), int(mm), int(ss or 0)) if hh and int(hh) < 24 else None
        return _make(int(y), int(m), int(d), raw), clock
    match = _NUMERIC.match(raw)
    if match:
        a, sep, b, y, hh, mm, ss, ampm = match.groups()
        first, second = int(a), int(b)
        if sep == "." or (order == "DMY" and sep != "-") or sep == "-" and order != "MDY":
            day, month = first, second
        else:
            month, day = first, second
        clock = None
        if hh is not None:
            hour = int(hh) % 12 + (12 if ampm and ampm.lower() == "pm" else 0) if ampm else int(hh)
            if hour < 24 and int(mm) < 60:
                clock = time(hour, int(mm), int(ss or 0))
        return _make(_year(y), month, day, raw), clock
    match = _DAY_MON_YEAR.match(raw)
    if match:
        d, mon, y = match.groups()
        return _make(_year(y), _month(mon, raw), int(d), raw), None
    match = _MON_DAY_YEAR.match(raw)
    if match:
        mon, d, y = match.groups()
        return _make(int(y), _month(mon, raw), int(d), raw), None
    raise ValueError(f"'{raw}' is not a date we can read")


def parse_date(value: str, *, order: str = "MDY") -> date | None:
    parsed = parse_datetime(value, order=order)
    return parsed[0] if parsed else None


def parse_birthday(value: str, *, order: str = "MDY") -> tuple[int | None, int, int] | None:
    """(year or None, month, day); year-less birthdays (`--0415`, `--04-15`) keep no year."""
    raw = (value or "").strip()
    match = _NOYEAR.match(raw)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        _make(2000, month, day, raw)  # 2000 is a leap year: 29 February is fine
        return None, month, day
    parsed = parse_date(raw, order=order)
    if parsed is None:
        return None
    year = parsed.year if parsed.year not in (1604, 1900) else None  # "no year" markers
    return year, parsed.month, parsed.day


def to_aware(day: date, clock: time | None, zone) -> datetime:
    """A time zone-aware datetime; a date without time becomes noon, so it stays that day."""
    naive = datetime.combine(day, clock or time(12, 0))
    return naive.replace(tzinfo=zone)
