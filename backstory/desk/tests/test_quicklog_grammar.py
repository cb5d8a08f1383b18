"""The quick-log grammar, table-driven: each line, what it must become, or which part of it
was not understood."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime

import pytest

from backstory.desk.quicklog import match_names, parse_line
from backstory.interactions.kinds import KIND_PHRASES
from backstory.interactions.models import InteractionKind

TZ = zoneinfo.ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 12, 9, 30, tzinfo=TZ)  # a Thursday


def at(day: int, hour: int = 12, minute: int = 0, month: int = 11, year: int = 2026):
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


# line, expected fields (only those named are checked)
GOOD = [
    ("coffee with Dana Reyes and Sam Ortiz yesterday: customer win at Acme #tip "
     "follow up in 5 weeks",
     {"kind": "coffee", "names": ["Dana Reyes", "Sam Ortiz"], "occurred_at": at(11),
      "notes": "customer win at Acme", "tags": ["tip"], "follow_up": date(2026, 12, 17)}),
    ("coffee with Dana", {"kind": "coffee", "names": ["Dana"], "occurred_at": at(12, 9, 30)}),
    ("Coffee with dana reyes today", {"kind": "coffee", "names": ["dana reyes"],
                                      "occurred_at": at(12, 9, 30)}),
    ("had coffee with Dana yesterday", {"kind": "coffee", "occurred_at": at(11)}),
    ("lunch with Priya last Tuesday", {"kind": "meal", "names": ["Priya"],
                                       "occurred_at": at(10)}),
    ("lunch with Priya last Thursday", {"occurred_at": at(5)}),
    ("lunch with Priya on Thursday", {"occurred_at": at(12)}),
    ("lunch with Priya Monday", {"occurred_at": at(9)}),
    ("lunch with Priya on Friday", {"occurred_at": at(6)}),
    ("dinner with Priya tuesday 7pm", {"kind": "meal", "occurred_at": at(10, 19)}),
    ("call Sam 3 Nov", {"kind": "phone", "names": ["Sam"], "occurred_at": at(3)}),
    ("called Sam on 3 Nov", {"kind": "phone", "occurred_at": at(3)}),
    ("call with Sam Nov 3", {"occurred_at": at(3)}),
    ("call with Sam 3 November 2025", {"occurred_at": at(3, year=2025)}),
    ("1:1 with Dana 2026-11-03 14:00: roadmap",
     {"kind": "one_on_one", "names": ["Dana"], "occurred_at": at(3, 14), "notes": "roadmap"}),
    ("1-1 with Dana 2026-11-03", {"kind": "one_on_one", "occurred_at": at(3)}),
    ("one-on-one with Dana yesterday at 2pm", {"kind": "one_on_one",
                                               "occurred_at": at(11, 14)}),
    ("coffee with Dana yesterday 14:00", {"occurred_at": at(11, 14)}),
    ("coffee with Dana at 8:15", {"occurred_at": at(12, 8, 15)}),
    ("coffee with Dana 3 days ago", {"occurred_at": at(9, 9, 30)}),
    ("coffee with Dana a week ago", {"occurred_at": at(5, 9, 30)}),
    ("coffee with Dana 3 Nov", {"occurred_at": at(3)}),
    # "3 Dec" with no year is the last 3 Dec, not a month ahead.
    ("coffee with Dana 3 Dec", {"occurred_at": at(3, month=12, year=2025)}),
    ("emailed Dana, Sam & Lee yesterday",
     {"kind": "email", "names": ["Dana", "Sam", "Lee"]}),
    ("e-mail to Dana", {"kind": "email", "names": ["Dana"]}),
    ("slack Dana: sent the deck", {"kind": "message", "notes": "sent the deck"}),
    ("texted Dana + Sam", {"kind": "message", "names": ["Dana", "Sam"]}),
    ("video call with Dana", {"kind": "video"}),
    ("zoom with Dana", {"kind": "video"}),
    ("sat in on Dana's team meeting", {"kind": "team_meeting", "names": ["Dana's team meeting"]}),
    ("ran into Dana in the kitchen", {"kind": "cafeteria"}),
    ("conference with Dana and Sam", {"kind": "event", "names": ["Dana", "Sam"]}),
    ("informational interview with Alex Kim", {"kind": "one_on_one", "names": ["Alex Kim"]}),
    ("lunch with Dana at Blue Bottle yesterday",
     {"kind": "meal", "names": ["Dana"], "place": "Blue Bottle", "occurred_at": at(11)}),
    ("lunch with Dana yesterday at Blue Bottle: great chat",
     {"place": "Blue Bottle", "occurred_at": at(11), "notes": "great chat"}),
    ("coffee with May Chen tuesday", {"names": ["May Chen"], "occurred_at": at(10)}),
    ("coffee with June Lee", {"names": ["June Lee"], "occurred_at": at(12, 9, 30)}),
    ("coffee with Dana #acme #Tip #acme", {"tags": ["acme", "Tip"]}),
    ("coffee with Dana: pitch idea #media-day", {"notes": "pitch idea", "tags": ["media-day"]}),
    ("coffee with Dana: notes with a time 10:30 inside",
     {"notes": "notes with a time 10:30 inside"}),
    ("coffee with Dana follow up tomorrow", {"follow_up": date(2026, 11, 13)}),
    ("coffee with Dana follow-up in 2 days", {"follow_up": date(2026, 11, 14)}),
    ("coffee with Dana followup in a month", {"follow_up": date(2026, 12, 12)}),
    ("coffee with Dana follow up next week", {"follow_up": date(2026, 11, 19)}),
    ("coffee with Dana follow up in three weeks", {"follow_up": date(2026, 12, 3)}),
    ("coffee with Dana: send deck. follow up on 3 Dec",
     {"follow_up": date(2026, 12, 3), "notes": "send deck"}),
    ("coffee with Dana tomorrow", {"occurred_at": at(13),
                                   "warnings": ["This is in the future: it counts as a "
                                                "planned touch."]}),
    ("coffee with Dana yesterday #tip", {"tags": ["tip"], "intent": "log"}),
    # Relative dates read both ways; the name stops where the date starts.
    ("coffee with Dana in 3 days", {"names": ["Dana"], "occurred_at": at(15, 9, 30),
                                    "warnings": ["This is in the future: it counts as a "
                                                 "planned touch."]}),
    ("coffee with Dana Reyes in a week", {"names": ["Dana Reyes"],
                                          "occurred_at": at(19, 9, 30)}),
    ("coffee with Dana 2 weeks from now", {"names": ["Dana"], "occurred_at": at(26, 9, 30)}),
    ("lunch with Priya in 2 months", {"occurred_at": at(12, 9, 30, month=1, year=2027)}),
    ("coffee with Dana in a fortnight", {"occurred_at": at(26, 9, 30)}),
    ("coffee with Dana three days ago", {"names": ["Dana"], "occurred_at": at(9, 9, 30)}),
    ("coffee with Dana a year ago", {"occurred_at": at(12, 9, 30, year=2025)}),
    ("call Sam 2 hours ago", {"names": ["Sam"], "occurred_at": at(12, 7, 30)}),
    ("call Sam in 30 minutes", {"occurred_at": at(12, 10, 0)}),
    ("coffee with Dana in 3 days at 2pm", {"names": ["Dana"], "occurred_at": at(15, 14)}),
    ("coffee with Dana 3 days ago at 4:30 pm", {"occurred_at": at(9, 16, 30)}),
    ("coffee with Dana next Tuesday", {"names": ["Dana"], "occurred_at": at(17)}),
    ("coffee with Dana next Thursday", {"occurred_at": at(19)}),
    ("coffee with Dana tomorrow at 10am", {"occurred_at": at(13, 10)}),
    ("coffee with Dana on Friday 10am", {"occurred_at": at(6, 10)}),
    ("coffee with Dana at 2pm yesterday", {"occurred_at": at(11, 14)}),
    ("coffee with Dana at noon", {"occurred_at": at(12, 12)}),
    ("coffee with Dana at 12am", {"occurred_at": at(12, 0)}),
    ("coffee with Dana at 12pm", {"occurred_at": at(12, 12)}),
    ("ran into Dana in the kitchen", {"names": ["Dana in the kitchen"]}),
    ("coffee with Dana follow up on Friday", {"follow_up": date(2026, 11, 13)}),
    ("intro Dana to Sam: she is hiring a designer",
     {"intent": "intro", "names": ["Dana", "Sam"], "notes": "she is hiring a designer",
      "kind": None}),
    ("introduce Dana Reyes and Sam Ortiz", {"intent": "intro",
                                            "names": ["Dana Reyes", "Sam Ortiz"]}),
    ("Intro Priya <> Lee #hiring: job posting at Acme",
     {"intent": "intro", "names": ["Priya", "Lee"], "tags": ["hiring"],
      "notes": "job posting at Acme"}),
]

BAD = [
    ("", "line", "Type what happened"),
    ("intro Dana", "people", "Write an introduction as 'intro Dana to Sam"),
    ("   ", "line", "Type what happened"),
    ("blah with Dana", "kind", "'blah' is not one we know"),
    ("Dana yesterday", "kind", "'Dana' is not one we know"),
    ("coffee yesterday", "people", "Who was it with?"),
    ("coffee", "people", "Who was it with?"),
    ("coffee with Dana on 31 Feb", "date", "31 February does not exist"),
    ("coffee with Dana 30 February", "date", "30 February does not exist"),
    ("coffee with Dana 2026-13-45", "date", "'2026-13-45' was not understood"),
    ("coffee with Dana last Blursday", "date", "'last Blursday' was not understood"),
    ("coffee with Dana on Nov 3 at 25:00", "date", "was not understood"),
    ("coffee with Dana 3 Nov 2031", "date", "more than a year ahead"),
    ("coffee with Dana in 2 years", "date", "'in 2 years' is more than a year ahead"),
    # An impossible time is refused, naming it, never dropped.
    ("coffee with Dana at 25pm", "date",
     "The time '25pm' was not understood: with am or pm the hour is 1 to 12, not 25"),
    ("coffee with Dana tomorrow at 13 pm", "date", "The time '13 pm' was not understood"),
    ("coffee with Dana yesterday at 8:75", "date",
     "The time '8:75' was not understood: an hour has 60 minutes, not 75"),
    ("coffee with Dana 3 Nov 25:00", "date",
     "The time '25:00' was not understood: a day has hours 0 to 23, not 25"),
    ("coffee with Dana 3 days", "date", "say '3 days ago' or 'in 3 days'"),
    ("coffee with Dana in 3 days ago", "date", "both 'in' and 'ago'"),
    ("coffee with Dana follow up sometime", "follow_up", "'follow up sometime' was not"),
    ("coffee with Dana follow up", "follow_up", "'follow up' was not understood"),
    ("coffee with Dana follow up on 31 Feb", "follow_up", "was not understood"),
]


@pytest.mark.parametrize("line,expected", GOOD, ids=[g[0][:60] for g in GOOD])
def test_a_good_line_becomes_a_touch(line, expected):
    parsed = parse_line(line, now=NOW, tz=TZ)
    assert parsed.errors == [], parsed.message()
    for name, value in expected.items():
        got = parsed.follow_up.due_on if name == "follow_up" and parsed.follow_up else \
            getattr(parsed, name)
        assert got == value, f"{name}: {got!r} != {value!r}"


@pytest.mark.parametrize("line,part,message", BAD, ids=[b[0][:60] or "empty" for b in BAD])
def test_a_bad_line_names_the_part_not_understood(line, part, message):
    parsed = parse_line(line, now=NOW, tz=TZ)
    assert not parsed.ok
    error = parsed.error_for(part)
    assert error is not None, f"expected a {part} error, got {parsed.errors}"
    assert message in error.message


PEOPLE = [(1, "Dana Reyes"), (2, "Sam Ortiz"), (3, "Samantha Lee"), (4, "Dana Scully"),
          (5, "José Núñez"), (6, "Priya Raman"), (7, "Lee Park"), (8, "Lee Park")]

# name, status, person id (matched) or the ids offered (ambiguous)
MATCHES = [
    ("Dana Reyes", "matched", 1),
    ("dana reyes", "matched", 1),
    ("Dana  Reyes", "matched", 1),
    ("Dna Reyes", "matched", 1),
    ("Dana Reyse", "matched", 1),
    ("Sam", "matched", 2),
    ("Samantha", "matched", 3),
    ("Priya", "matched", 6),
    ("Raman", "matched", 6),
    ("Jose Nunez", "matched", 5),
    ("jose", "matched", 5),
    ("Dana", "ambiguous", {1, 4}),
    ("Lee Park", "ambiguous", {7, 8}),
    ("Lee", "ambiguous", {3, 7, 8}),
    ("Alex Kim", "unknown", None),
    ("Zed", "unknown", None),
]


@pytest.mark.parametrize("name,status,target", MATCHES, ids=[m[0] for m in MATCHES])
def test_names_match_people_or_ask(name, status, target):
    match = match_names([name], PEOPLE)[0]
    assert match.status == status, match
    if status == "matched":
        assert match.person_id == target
    elif status == "ambiguous":
        assert {pk for pk, _ in match.choices} >= target


def test_the_time_zone_of_the_workspace_reads_the_date():
    tokyo = zoneinfo.ZoneInfo("Asia/Tokyo")
    # 09:30 in London is 18:30 in Tokyo, the same day; 'yesterday' is 11 Nov there too,
    # but 23:30 London on the 12th is already the 13th in Tokyo.
    late = datetime(2026, 11, 12, 23, 30, tzinfo=TZ)
    parsed = parse_line("coffee with Dana yesterday", now=late, tz=tokyo)
    assert parsed.occurred_at == datetime(2026, 11, 12, 12, 0, tzinfo=tokyo)


@pytest.mark.parametrize("kind", InteractionKind.values)
def test_the_phrase_written_for_each_kind_reads_back_as_that_kind(kind):
    parsed = parse_line(f"{KIND_PHRASES[kind]} with Dana Reyes today", now=NOW, tz=TZ)
    assert parsed.ok and parsed.kind == kind and parsed.names == ["Dana Reyes"]
