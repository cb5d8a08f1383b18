"""The quick-log grammar: one line of text → a structured touch. Pure: no database.

    <kind> [with] <people> [<when>] [at <place>] [: <notes>]

anywhere in the line: ``#tags`` and ``follow up in 5 weeks`` (or ``tomorrow``,
``next week``, ``on 3 Dec``). docs/QUICKLOG.md is the user's reference; the table-driven
tests in ``tests/test_quicklog_grammar.py`` are the contract.

``parse_line`` returns a ``ParsedLine`` whose ``errors`` name the part that was not
understood (kind, people, date, follow_up, line), so that every door can say "the date
'31 Feb' does not exist". ``match_names`` matches the names against the workspace's
people (fuzzy, with rapidfuzz) and says which are ambiguous or unknown.

Intents: a line is a touch to log (``intent == "log"``), and ``#tip`` in it also makes
the touch a story lead from those people (``is_tip``); or it is an introduction to
start, ``intro Dana to Sam: she is hiring a designer`` (``intent == "intro"``, the two
names in ``names`` and the reason in ``notes``).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

import dateparser
from dateutil.relativedelta import relativedelta
from rapidfuzz import fuzz, process, utils

from backstory.interactions.kinds import KIND_WORDS

# Keywords by kind of touch (interactions.kinds); multi-word ones are tried first.
_KIND_LOOKUP = sorted(
    ((word, kind) for kind, words in KIND_WORDS.items() for word in words),
    key=lambda pair: -len(pair[0]),
)
FILLERS = {"had", "grabbed", "did", "a", "an", "quick", "long", "short"}

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_ABBR = {d[:3]: i for i, d in enumerate(WEEKDAYS)} | {"tues": 1, "thur": 3,
                                                              "thurs": 3}
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {"sept": 9}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12, "a couple of": 2, "a few": 3}
DATE_WORDS = {"today", "yesterday", "tonight", "tomorrow", "now", "this", "last", "on",
              "noon", "earlier", "ago"}
TIME_RE = re.compile(r"^(\d{1,2}(:\d{2})?\s*(am|pm)|\d{1,2}:\d{2}|noon|midnight)$", re.I)
HAS_TIME_RE = re.compile(
    r"\d{1,2}:\d{2}|\d\s*(am|pm)\b|\bnoon\b|\bmidnight\b|\bmorning\b|\bafternoon\b|"
    r"\bevening\b|\btonight\b|\bnow\b|\bago\b", re.I)
TAG_RE = re.compile(r"(?<![\w&#])#([^\W_][\w-]*)", re.UNICODE)
# A colon that is not between two digits (1:1 and 14:00 are not the notes separator).
NOTES_RE = re.compile(r"(?<!\d):|:(?!\d)")
FOLLOW_RE = re.compile(r"\bfollow[\s-]?up\b", re.I)
_NUM = r"(\d+|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
FOLLOW_FORMS = [
    (re.compile(rf"^\s*(?:in\s+)?{_NUM}\s+(day|week|month)s?(?:\s+from\s+now)?", re.I), "n"),
    (re.compile(r"^\s*tomorrow", re.I), "tomorrow"),
    (re.compile(r"^\s*next\s+(week|month)", re.I), "next"),
    (re.compile(r"^\s*(?:on|by)\s+([^#.,;]+?)\s*(?=$|[#.,;])", re.I), "on"),
]
INTRO_RE = re.compile(
    r"^(?:intro|introduce|introduced|introducing)\s+(?P<a>.+?)\s+(?:to|and|with|<>|↔)\s+"
    r"(?P<b>[^:]+?)\s*(?::\s*(?P<why>.*))?$",
    re.I,
)
NAME_SPLIT_RE = re.compile(r"\s*(?:,|\band\b|&|\+)\s*", re.I)

DATE_HELP = "try 'yesterday', 'last Tuesday', '3 Nov' or '2026-11-03 14:00'"

# Units of a relative date ("3 days ago", "in 2 weeks"), by the word as typed.
UNITS = {"minute": "minutes", "min": "minutes", "hour": "hours", "hr": "hours",
         "day": "days", "week": "weeks", "fortnight": "fortnights", "month": "months",
         "year": "years"}
_UNIT = r"(?P<unit>minute|min|hour|hr|day|week|fortnight|month|year)s?"
# "3 days ago", "in 3 days", "3 days from now", "a week later": the direction is in the words.
RELATIVE_RE = re.compile(
    rf"^(?P<in>in\s+)?(?P<n>{_NUM})\s+{_UNIT}(?:\s+(?P<dir>ago|before|earlier|from now|later|"
    r"from today|time))?$", re.I)
_UNIT_AHEAD_RE = re.compile(rf"^{_NUM}\s+{_UNIT}\b", re.I)
# A time of day inside a date: "2pm", "2:30 pm", "14:00", "noon", with an optional "at".
CLOCK_RE = re.compile(
    r"(?:(?<=\s)|^)(?:at\s+)?(?P<clock>(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s*(?P<ap>am|pm)\b"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})(?![\d:])|noon\b|midnight\b)", re.I)


@dataclass
class PartError:
    part: str  # kind | people | date | follow_up | line
    text: str
    message: str


@dataclass
class FollowUp:
    text: str
    due_on: date


@dataclass
class ParsedLine:
    line: str
    intent: str = "log"
    kind: str | None = None
    kind_text: str = ""
    names: list[str] = field(default_factory=list)
    occurred_at: datetime | None = None
    date_text: str = ""
    place: str = ""
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    follow_up: FollowUp | None = None
    errors: list[PartError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def is_tip(self) -> bool:
        """`#tip` marks a touch that also brought a story lead."""
        return self.intent == "log" and "tip" in {t.lower() for t in self.tags}

    def error_for(self, part: str) -> PartError | None:
        return next((e for e in self.errors if e.part == part), None)

    def message(self) -> str:
        """All errors in one sentence each, for the terminal."""
        return " ".join(e.message for e in self.errors)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def parse_follow_up(text: str, *, today: date, now: datetime, tz: tzinfo) -> date | None:
    """The due date of 'in 5 weeks' / 'tomorrow' / 'next week' / 'on 3 Dec' (after
    'follow up'); None when not understood."""
    for pattern, form in FOLLOW_FORMS:
        m = pattern.match(text)
        if not m:
            continue
        if form == "n":
            n, unit = _count(m.group(1)), m.group(2).lower()
            if unit == "day":
                return today + timedelta(days=n)
            if unit == "week":
                return today + timedelta(weeks=n)
            return today + relativedelta(months=n)
        if form == "tomorrow":
            return today + timedelta(days=1)
        if form == "next":
            if m.group(1).lower() == "week":
                return today + timedelta(weeks=1)
            return today + relativedelta(months=1)
        when = _parse_date_text(m.group(1), now=now, tz=tz, prefer="future")
        return when.date() if isinstance(when, datetime) else None
    return None


def _follow_up_span(text: str) -> tuple[int, int, str] | None:
    """Where the follow-up clause is: (start, end, the words after 'follow up')."""
    m = FOLLOW_RE.search(text)
    if not m:
        return None
    rest = text[m.end():]
    for pattern, _ in FOLLOW_FORMS:
        found = pattern.match(rest)
        if found:
            return m.start(), m.end() + found.end(), rest[: found.end()].strip()
    stop = re.search(r"[#.,;:]|$", rest)
    return m.start(), m.end() + stop.start(), rest[: stop.start()].strip()


def _is_time(token: str) -> bool:
    return bool(TIME_RE.match(token))


def _starts_date(tokens: list[str], i: int) -> bool:
    """Does a date expression start at tokens[i]?"""
    tok = tokens[i].lower().strip(",")
    nxt = tokens[i + 1].lower().strip(",") if i + 1 < len(tokens) else ""
    prev = tokens[i - 1].lower() if i > 0 else ""
    if tok in {"today", "yesterday", "tonight", "tomorrow", "now", "earlier"}:
        return True
    if tok in {"last", "this", "next"}:
        return bool(nxt)
    if tok == "on":
        return bool(nxt) and (nxt in WEEKDAYS or nxt[:3] in _WEEKDAY_ABBR or nxt in MONTHS
                              or nxt[:1].isdigit() or nxt in {"week", "month", "morning",
                                                                "afternoon", "evening",
                                                                "night", "year"})
    if tok == "at":
        return bool(nxt) and _is_time(nxt + (" " + tokens[i + 2] if i + 2 < len(tokens)
                                               and tokens[i + 2].lower() in {"am", "pm"}
                                               else ""))
    if tok[:1].isdigit():
        return True
    if tok in WEEKDAYS or tok in {w + "s" for w in WEEKDAYS}:
        return True
    if tok in MONTHS:
        return nxt[:1].isdigit() or prev[:1].isdigit()
    if tok == "in":
        # "in 3 days", "in a week" (not "in the kitchen").
        return bool(_UNIT_AHEAD_RE.match(" ".join(tokens[i + 1:i + 5])))
    if tok in NUMBER_WORDS:  # "three days ago", "a week ago", "a few days ago"
        return bool(_UNIT_AHEAD_RE.match(" ".join(tokens[i:i + 4])))
    return False


def _weekday_date(text: str, today: date, prefer: str = "past") -> tuple[date, str] | None:
    """'last Tuesday' is the most recent Tuesday before today and 'next Tuesday' the first
    one after it; 'Tuesday' or 'on Tuesday' is today when today is a Tuesday, else the
    most recent one (the next one for a follow-up). Returns the day and the rest of the
    text."""
    m = re.match(r"^(last|this|on|next)?\s*([a-z]+?)(?:day)?s?\b\s*(.*)$", text)
    if not m:
        return None
    word = m.group(2)
    index = _WEEKDAY_ABBR.get(word[:3]) if (word + "day") in WEEKDAYS or word in WEEKDAYS \
        or word in _WEEKDAY_ABBR else None
    if index is None:
        return None
    if m.group(1) == "next" or (prefer == "future" and m.group(1) != "last"):
        ahead = (index - today.weekday()) % 7
        if m.group(1) == "next" and ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead), m.group(3).strip()
    back = (today.weekday() - index) % 7
    if m.group(1) == "last" and back == 0:
        back = 7
    return today - timedelta(days=back), m.group(3).strip()


def _impossible_day(text: str) -> str | None:
    """'31 Feb' → a message saying that the day does not exist."""
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\b|\b([a-z]+)\s+(\d{1,2})\b", text)
    if not m:
        return None
    day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    month_no = MONTHS.get(month.lower())
    if not month_no:
        return None
    if int(day) > calendar.monthrange(2024, month_no)[1] or int(day) == 0:
        return f"{int(day)} {calendar.month_name[month_no]} does not exist"
    return None


def _clock(text: str) -> tuple[str, time | None, str | None, str]:
    """Take the time of day out of a date: (the rest, the time, why the time is impossible,
    the time as typed). '25pm' and '8:75' are refused, never dropped."""
    m = CLOCK_RE.search(text)
    if not m:
        return text, None, None, ""
    typed = m.group("clock")
    rest = _squash(text[: m.start()] + " " + text[m.end():])
    word = typed.lower()
    if word == "noon":
        return rest, time(12, 0), None, typed
    if word == "midnight":
        return rest, time(0, 0), None, typed
    if m.group("ap"):
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        if not 1 <= hour <= 12:
            return rest, None, f"with am or pm the hour is 1 to 12, not {hour}", typed
        if minute > 59:
            return rest, None, f"an hour has 60 minutes, not {minute}", typed
        hour = hour % 12 + (12 if m.group("ap").lower() == "pm" else 0)
        return rest, time(hour, minute), None, typed
    hour, minute = int(m.group("h24")), int(m.group("m24"))
    if hour > 23:
        return rest, None, f"a day has hours 0 to 23, not {hour}", typed
    if minute > 59:
        return rest, None, f"an hour has 60 minutes, not {minute}", typed
    return rest, time(hour, minute), None, typed


def _relative(text: str, local_now: datetime) -> datetime | str | None:
    """'3 days ago', 'in 3 days', '2 weeks from now': the moment, or why it is unclear
    (no direction), or None when the text is not a relative date."""
    m = RELATIVE_RE.match(text)
    if not m:
        return None
    ahead = bool(m.group("in")) or (m.group("dir") or "") in {"from now", "later",
                                                                "from today", "time"}
    back = (m.group("dir") or "") in {"ago", "before", "earlier"}
    if ahead == back:
        return (f"say '{text} ago' or 'in {text}'" if not ahead else
                "it says both 'in' and 'ago'")
    unit = UNITS[m.group("unit").lower()]
    n = _count(m.group("n"))
    if unit == "fortnights":
        unit, n = "weeks", 2 * n
    step = relativedelta(**{unit: n})
    return local_now + step if ahead else local_now - step


def _parse_date_text(text: str, *, now: datetime, tz: tzinfo,
                     prefer: str = "past") -> datetime | PartError:
    local_now = now.astimezone(tz).replace(second=0, microsecond=0)
    today = local_now.date()
    raw = re.sub(r"^on\s+", "", _squash(text), flags=re.I)
    lowered = raw.lower()
    if lowered in {"now", "just now", "today"}:
        return local_now
    rest, clock, bad_clock, typed_clock = _clock(lowered)
    if bad_clock:
        return PartError("date", typed_clock,
                         f"The time '{typed_clock}' was not understood: {bad_clock}.")
    rest = re.sub(r"^on\s+|\s+at$", "", rest).strip()

    def at(day: date, default: time = time(12, 0)) -> datetime:
        return datetime.combine(day, clock or default, tzinfo=tz)

    if not rest or rest == "today":  # "at 8:15", "today 3pm"
        return at(today)
    if rest in {"yesterday", "tomorrow"}:
        return at(today + timedelta(days=1 if rest == "tomorrow" else -1))
    relative = _relative(rest, local_now)
    if isinstance(relative, str):
        return PartError("date", raw, f"The date '{raw}' was not understood: {relative}.")
    if relative is not None:
        return relative.replace(hour=clock.hour, minute=clock.minute) if clock else relative
    weekday = _weekday_date(rest, today, prefer)
    if weekday is not None:
        day, after = weekday
        if not after:
            return at(day)
        return PartError("date", raw, f"The time '{after}' was not understood — {DATE_HELP}.")
    impossible = _impossible_day(rest)
    if impossible:
        return PartError("date", raw, f"The date '{raw}' was not understood: {impossible}.")
    settings = {
        "PREFER_DATES_FROM": prefer, "RELATIVE_BASE": local_now.replace(tzinfo=None),
        "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(rest, languages=["en"], settings=settings)
    if parsed is None:
        return PartError("date", raw, f"The date '{raw}' was not understood — {DATE_HELP}.")
    if clock is None and HAS_TIME_RE.search(rest):  # "this morning", "tonight"
        return parsed.replace(second=0, microsecond=0, tzinfo=tz)
    return at(parsed.date())


def _match_kind(head: str) -> tuple[str | None, str, str]:
    """(kind, the keyword as typed, the rest of the head)."""
    words = head.split()
    while words and words[0].lower() in FILLERS:
        words = words[1:]
    text = " ".join(words)
    lowered = text.lower()
    for word, kind in _KIND_LOOKUP:
        if lowered == word or lowered.startswith(word + " "):
            return kind, text[: len(word)], text[len(word):].strip()
    return None, "", text


def parse_line(line: str, *, now: datetime, tz: tzinfo) -> ParsedLine:
    """Parse one quick-log line. ``now`` is aware; dates are read in ``tz``."""
    text = _squash(line or "")
    result = ParsedLine(line=text)
    if not text:
        result.errors.append(PartError("line", "", "Type what happened, e.g. "
                                       "'coffee with Dana yesterday'."))
        return result
    today = now.astimezone(tz).date()

    span = _follow_up_span(text)
    if span is not None:
        start, end, words = span
        due = parse_follow_up(words, today=today, now=now, tz=tz) if words else None
        if due is None:
            shown = f"follow up {words}".strip()
            result.errors.append(PartError(
                "follow_up", shown,
                f"The follow-up '{shown}' was not understood — try 'follow up in 5 weeks', "
                "'follow up tomorrow' or 'follow up on 3 Dec'."))
        elif due < today:
            result.errors.append(PartError("follow_up", words,
                                           f"The follow-up date {due:%-d %b %Y} is in the past."))
        else:
            result.follow_up = FollowUp(text=f"follow up {words}", due_on=due)
        text = _squash(text[:start] + " " + text[end:])

    tags: list[str] = []
    for tag in TAG_RE.findall(text):
        if tag.lower() not in {t.lower() for t in tags}:
            tags.append(tag)
    result.tags = tags
    text = _squash(TAG_RE.sub(" ", text))

    intro = INTRO_RE.match(text.strip(" .;,"))
    if intro or re.match(r"^(?:intro|introduce|introduced|introducing)\b", text, re.I):
        return _parse_intro(result, intro, text)

    m = NOTES_RE.search(text)
    head, notes = (text[: m.start()], text[m.end():]) if m else (text, "")
    result.notes = _squash(notes).strip(" .;,") if notes else ""
    head = head.strip(" .;,")

    kind, kind_text, rest = _match_kind(head)
    if kind is None:
        first = head.split()[0] if head.split() else head
        rest = re.split(r"\bwith\b", head, maxsplit=1, flags=re.I)[-1].strip()
        result.errors.append(PartError(
            "kind", first,
            f"Start with the kind of touch — '{first}' is not one we know "
            "(coffee, lunch, call, video, e-mail, message, 1:1, event…)."))
    result.kind, result.kind_text = kind, kind_text
    rest = re.sub(r"^(?:with|w/|to)\s+", "", rest, flags=re.I)

    tokens = rest.split()
    cut = next((i for i in range(len(tokens)) if _starts_date(tokens, i)
                or (tokens[i].lower() in {"at", "@"} and i > 0)), len(tokens))
    name_part, tail = " ".join(tokens[:cut]), tokens[cut:]
    date_tokens: list[str] = []
    place_tokens: list[str] = []
    in_place = False
    i = 0
    while i < len(tail):
        tok = tail[i]
        if tok.lower() in {"at", "@"} and not _starts_date(tail, i):
            in_place = True
        elif in_place and _starts_date(tail, i):
            in_place = False
            date_tokens.append(tok)
        elif in_place:
            place_tokens.append(tok)
        else:
            date_tokens.append(tok)
        i += 1
    result.place = " ".join(place_tokens).strip(" ,")

    names = [_squash(n).strip(" .") for n in NAME_SPLIT_RE.split(name_part)]
    result.names = [n for n in names if n]
    if not result.names and kind is not None:
        result.errors.append(PartError("people", "", "Who was it with? Add a name after "
                                       f"'{kind_text}', e.g. '{kind_text} with Dana'."))

    result.date_text = " ".join(date_tokens).strip(" ,")
    if result.date_text:
        when = _parse_date_text(result.date_text, now=now, tz=tz)
        if isinstance(when, PartError):
            result.errors.append(when)
        elif when > now + timedelta(days=366):
            result.errors.append(PartError("date", result.date_text,
                                           f"'{result.date_text}' is more than a year ahead — "
                                           "check the date."))
        else:
            result.occurred_at = when
            if when > now:
                result.warnings.append("This is in the future: it counts as a planned touch.")
    else:
        result.occurred_at = now.astimezone(tz).replace(second=0, microsecond=0)
    return result


def _parse_intro(result: ParsedLine, match: re.Match | None, text: str) -> ParsedLine:
    """`intro A to B[: why]` — an introduction to start, not a touch."""
    result.intent = "intro"
    if match is None:
        result.errors.append(PartError(
            "people", text, "Write an introduction as 'intro Dana to Sam: why they should "
            "meet'."))
        return result
    names = [_squash(match.group(n)).strip(" .,") for n in ("a", "b")]
    result.names = [n for n in names if n]
    result.notes = _squash(match.group("why") or "").strip(" .;,")
    if result.follow_up is not None:
        result.warnings.append("An introduction has its own reminder; the follow-up is "
                               "ignored.")
        result.follow_up = None
    return result


# Matching names against people --------------------------------------------------------


@dataclass
class NameMatch:
    text: str
    status: str  # matched | ambiguous | unknown
    person_id: int | None = None
    person_name: str = ""
    choices: list[tuple[int, str]] = field(default_factory=list)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()


MATCH_SURE = 90
MATCH_MAYBE = 80


def match_names(names: list[str], people: list[tuple[int, str]]) -> list[NameMatch]:
    """Match each name to one person, to several (ambiguous) or to nobody (unknown).

    Exact full names win; a single word matches a first or last name exactly; otherwise
    rapidfuzz's WRatio ≥ 90 with a clear lead matches, ≥ 80 makes a choice.
    """
    folded = [(pk, name, _fold(name)) for pk, name in people]
    results = []
    for text in names:
        key = _fold(text)
        exact = [(pk, name) for pk, name, f in folded if f == key]
        if len(exact) == 1:
            results.append(NameMatch(text, "matched", exact[0][0], exact[0][1]))
            continue
        if len(exact) > 1:
            results.append(NameMatch(text, "ambiguous", choices=exact))
            continue
        if " " not in key:
            by_word = [(pk, name) for pk, name, f in folded if key in f.split()]
            if len(by_word) == 1:
                results.append(NameMatch(text, "matched", by_word[0][0], by_word[0][1]))
                continue
            if len(by_word) > 1:
                results.append(NameMatch(text, "ambiguous", choices=by_word[:8]))
                continue
        scored = process.extract(key, {pk: f for pk, _, f in folded}, scorer=fuzz.WRatio,
                                 processor=utils.default_process, limit=6,
                                 score_cutoff=MATCH_MAYBE)
        names_by_pk = {pk: name for pk, name, _ in folded}
        if scored:
            top = scored[0]
            second = scored[1][1] if len(scored) > 1 else 0
            if top[1] >= MATCH_SURE and top[1] - second >= 5:
                results.append(NameMatch(text, "matched", top[2], names_by_pk[top[2]]))
                continue
            results.append(NameMatch(text, "ambiguous",
                                     choices=[(pk, names_by_pk[pk]) for _, _, pk in scored]))
            continue
        results.append(NameMatch(text, "unknown"))
    return results
