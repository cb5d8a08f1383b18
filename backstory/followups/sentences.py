"""The English sentences of follow-ups: why a person is where they are ("last coffee 47
days ago — window 4–6 weeks"), how a quick-log line for a kind starts, the texts a first
meeting suggests. Pure functions of values the selectors read."""

from __future__ import annotations

from datetime import date

from backstory.interactions.kinds import KIND_NOUNS, KIND_PHRASES

from .cadence import State, Window


# How a kind of touch reads inside a sentence ("last coffee 47 days ago").
def kind_noun(kind: str | None) -> str:
    return KIND_NOUNS.get(kind or "", "touch")


def log_phrase(kind: str | None) -> str:
    """How a quick-log line for this kind starts ("lunch"); coffee when there is none."""
    return KIND_PHRASES.get(kind or "", "coffee")


def reason_text(*, state: str, days: int | None, window: Window, last_kind: str | None,
                snoozed_until: date | None = None, today: date | None = None) -> str:
    """Why a person is where they are, in one line: 'last coffee 47 days ago — window
    4–6 weeks'."""
    if state == State.NEVER:
        return "never contacted"
    if state == State.ARCHIVED:
        return "archived"
    noun = kind_noun(last_kind)
    if days is None:
        ago = "never"
    elif days < 0:
        ago = f"{noun} planned in {-days} day{'s' if days != -1 else ''}"
    elif days == 0:
        ago = f"last {noun} today"
    elif days == 1:
        ago = f"last {noun} yesterday"
    else:
        ago = f"last {noun} {days} days ago"
    if state == State.OFF:
        return f"{ago} — no reminders"
    if state == State.SNOOZED and snoozed_until:
        return f"{ago} — snoozed until {snoozed_until:%-d %b}"
    if state == State.FRESH and days is not None:
        wait = window.min_days - days
        return f"{ago} — due again in {wait} day{'s' if wait != 1 else ''}"
    text = f"{ago} — window {window.describe()}"
    if state == State.OVERDUE and days is not None:
        past = days - window.max_days
        text += f", {past} day{'s' if past != 1 else ''} past it"
    return text


def first_meeting_texts(name: str, kind: str) -> list[str]:
    """The two action items a first meeting suggests."""
    return [
        f"Send {name} a thank-you e-mail after the {kind_noun(kind)}",
        f"Connect with {name} on LinkedIn",
    ]
