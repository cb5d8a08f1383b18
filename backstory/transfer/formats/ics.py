"""iCalendar (.ics): each event with people becomes an interaction.

A calendar is a record of meetings; the touches worth keeping are the ones with other
people. Attendees and the organiser (by e-mail and display name) become the
participants — people not in Backstory yet are added. Events without anyone else
(reminders, focus time) are read, then skipped by the import with the reason; birthday
reminders ("Contacts' birthdays") are not meetings and are skipped as such.
Recurring events count once, at their first date. Dates without a time are taken at
noon; Windows time-zone names, vendor-prefixed TZIDs and local VTIMEZONEs are resolved
by the icalendar library.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from .base import ContactRecord, FileError, Importer, InteractionRecord, ParsedRow, Source, clean
from .limits import import_limits

_KINDS = [
    (re.compile(r"\b(coffee|café|kaffee)\b", re.I), "coffee"),
    (re.compile(r"\b(lunch|dinner|breakfast|brunch|drinks|déjeuner|mittagessen)\b", re.I),
     "meal"),
    (re.compile(r"\b(zoom|teams|meet|webex|video)\b", re.I), "video"),
    (re.compile(r"\b(call|phone|anruf)\b", re.I), "phone"),
    (re.compile(r"\b(1:1|1-1|one[- ]on[- ]one|catch[- ]up)\b", re.I), "one_on_one"),
    (re.compile(r"\b(meeting|sync|stand-?up|review|workshop|besprechung|réunion)\b", re.I),
     "team_meeting"),
    (re.compile(r"\b(conference|summit|meetup|webinar|event|launch|party)\b", re.I), "event"),
]
_BIRTHDAY = re.compile(r"birthday|geburtstag|anniversaire", re.I)
_EVENT_LINE = re.compile(r"^BEGIN:VEVENT\s*$", re.I | re.M)


def guess_kind(summary: str, people: int) -> str:
    for pattern, kind in _KINDS:
        if pattern.search(summary or ""):
            return kind
    return "one_on_one" if people == 1 else "team_meeting"


class ICalendarImporter(Importer):
    key = "ics"
    label = "Calendar (.ics)"
    description = "Meetings from a calendar export: each event with people becomes a touch."

    def detect(self, source: Source) -> float:
        head = source.head(4096).lstrip("\ufeff \t\r\n").upper()
        return 0.99 if head.startswith("BEGIN:VCALENDAR") else 0.0

    def parse(self, source: Source, *, column_map=None) -> Iterator[ParsedRow]:
        import icalendar

        limits = import_limits()
        text = source.text()
        lines = _event_lines(text)
        if len(lines) > limits.rows:
            raise limits.too_many_rows()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                calendar = icalendar.Calendar.from_ical(text)
        except Exception as error:  # the library raises many kinds on a broken file
            raise FileError(f"This calendar file cannot be read: {error}") from None
        masters: set[str] = set()
        for index, event in enumerate(calendar.walk("VEVENT")):
            line = lines[index] if index < len(lines) else (lines[-1] if lines else 1)
            try:
                row = _event_row(event, line, masters)
            except Exception as error:  # one broken event must not stop the others
                yield ParsedRow(line=line, error=f"this event cannot be read ({error})")
                continue
            if row.record is not None:
                for value in (row.record.notes, row.record.place, row.record.summary):
                    limits.check_cell(value, f"Line {line}")
            yield row


def _event_lines(text: str) -> list[int]:
    """The line number of each BEGIN:VEVENT, counting newlines once (linear in the file)."""
    lines, line, position = [], 1, 0
    for match in _EVENT_LINE.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines.append(line)
    return lines


def _text(event, name: str) -> str:
    value = event.get(name)
    return str(value).strip() if value is not None else ""


def _person(address, role: str) -> ContactRecord | None:
    email = str(address).strip()
    if email.lower().startswith("mailto:"):
        email = email[7:]
    params = getattr(address, "params", {}) or {}
    name = clean(params.get("CN", "")).strip('"')
    if email.endswith("@virtual") or (params.get("CUTYPE", "").upper() in {"ROOM", "RESOURCE"}):
        return None
    if "," in name and name.count(",") == 1:
        family, given = (p.strip() for p in name.split(","))
        name = f"{given} {family}"
    record = ContactRecord(name=name[:200])
    if "@" in email:
        record.emails.append((email, ""))
    if not (record.name or record.emails):
        return None
    return record


def _event_row(event, line: int, masters: set[str]) -> ParsedRow:
    summary = clean(_text(event, "SUMMARY"), 200)
    uid = _text(event, "UID")
    start = event.decoded("DTSTART") if event.get("DTSTART") is not None else None
    label = summary or "(no title)"
    if start is None:
        return ParsedRow(line=line, error="this event has no start date", label=label)
    if not isinstance(start, date):
        return ParsedRow(line=line, error=f"the start date '{start}' cannot be read",
                         label=label)
    if event.get("RECURRENCE-ID") is not None and uid in masters:
        return ParsedRow(line=line, error="a change to one date of a repeating event that "
                         "is imported once", label=label)
    if uid:
        masters.add(uid)
    attendees = []
    for address in _as_list(event.get("ORGANIZER")) + _as_list(event.get("ATTENDEE")):
        person = _person(address, "attendee")
        if person is not None and not any(
                person.emails and person.emails == other.emails for other in attendees):
            attendees.append(person)
    when = start if isinstance(start, datetime) else None
    record = InteractionRecord(
        occurred_at=when or start,
        summary=summary,
        place=_place(_text(event, "LOCATION")),
        notes=_text(event, "DESCRIPTION"),
        attendees=attendees,
    )
    end = event.get("DTEND")
    if end is not None and isinstance(start, datetime):
        try:
            finish = event.decoded("DTEND")
            minutes = int((finish - start) / timedelta(minutes=1))
            if 0 < minutes <= 24 * 60:
                record.duration_minutes = minutes
        except (TypeError, ValueError):
            pass
    elif event.get("DURATION") is not None:
        try:
            minutes = int(event.decoded("DURATION") / timedelta(minutes=1))
            if 0 < minutes <= 24 * 60:
                record.duration_minutes = minutes
        except (TypeError, ValueError):
            pass
    if event.get("RRULE") is not None:
        record.warnings.append("a repeating event: imported once, at its first date")
    if _BIRTHDAY.search(summary) and isinstance(start, date) and not isinstance(start,
                                                                               datetime):
        return ParsedRow(line=line, error="a birthday reminder, not a meeting", label=label)
    record.kind = guess_kind(summary, len(attendees))
    return ParsedRow(line=line, record=record)


def _place(location: str) -> str:
    """A multi-line location (street, town, country) on one line."""
    lines = location.replace("\\n", "\n").splitlines()
    return clean(", ".join(line.strip() for line in lines if line.strip()), 200)


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]
