"""Every fact about a kind of touch, in one table.

Each kind has its stored value, the label the forms show, the noun a sentence uses ("last
coffee 47 days ago"), the weight it adds to a relationship's strength, whether it counts as
a meeting (a first meeting on Today), the phrase a quick-log line for it starts with (Today's
"Log" button writes it) and the words a quick-log line may use for it. ``InteractionKind``
(the model's choices), the nouns, weights, meeting kinds and quick-log words are derived
from ``KINDS``: adding a kind, or changing one, is one row here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Kind:
    value: str
    label: str
    noun: str
    weight: float
    meeting: bool
    phrase: str  # how a quick-log line for this kind starts; it reads back as this kind
    words: tuple[str, ...]  # what a quick-log line may say for it (the phrase among them)


KINDS: tuple[Kind, ...] = (
    Kind("coffee", "Coffee", "coffee", 3.0, True, "coffee",
         ("coffee", "coffee chat", "tea", "cuppa")),
    Kind("one_on_one", "One-on-one", "one-on-one", 3.0, True, "1:1",
         ("1:1", "1-1", "1on1", "one-on-one", "one on one", "catch-up", "catch up", "catchup",
          "met", "meeting", "informational interview", "interview")),
    Kind("team_meeting", "Sat in on a team meeting", "team meeting", 1.5, True, "team meeting",
         ("team meeting", "sat in on", "sat in", "standup", "stand-up")),
    Kind("cafeteria", "Cafeteria / break-room chat", "break-room chat", 1.5, True,
         "hallway chat",
         ("cafeteria", "break room", "break-room", "hallway chat", "hallway", "ran into",
          "bumped into", "chat", "chatted")),
    Kind("meal", "Lunch or dinner", "lunch", 3.0, True, "lunch",
         ("lunch", "dinner", "breakfast", "brunch", "drinks", "meal")),
    Kind("event", "Event", "event", 2.0, True, "event",
         ("event", "conference", "meetup", "panel", "webinar", "workshop")),
    Kind("video", "Video call", "video call", 2.0, True, "video call",
         ("video call", "video", "zoom", "teams call", "google meet", "facetime")),
    Kind("phone", "Phone call", "call", 2.0, True, "call",
         ("phone call", "call", "phone", "called", "rang")),
    Kind("email", "E-mail", "e-mail", 1.0, False, "email",
         ("email", "e-mail", "emailed", "e-mailed", "mail", "mailed")),
    Kind("message", "Message", "message", 0.75, False, "message",
         ("message", "messaged", "text", "texted", "slack", "slacked", "dm", "dmed",
          "whatsapp", "sms")),
    Kind("social", "Social media", "social touch", 0.5, False, "linkedin",
         ("linkedin", "twitter", "social", "commented on", "commented")),
    Kind("other", "Other", "touch", 1.0, False, "touch", ("touch", "other")),
)

BY_VALUE: dict[str, Kind] = {kind.value: kind for kind in KINDS}

# The model's choices (the values and labels are in the migrations; a test compares them).
InteractionKind = models.TextChoices(
    "InteractionKind", [(kind.value.upper(), (kind.value, kind.label)) for kind in KINDS],
    module=__name__,
)

KIND_NOUNS: dict[str, str] = {kind.value: kind.noun for kind in KINDS}
KIND_WEIGHTS: dict[str, float] = {kind.value: kind.weight for kind in KINDS}
MEETING_KINDS: list[str] = [kind.value for kind in KINDS if kind.meeting]
KIND_PHRASES: dict[str, str] = {kind.value: kind.phrase for kind in KINDS}
KIND_WORDS: dict[str, list[str]] = {kind.value: list(kind.words) for kind in KINDS}
