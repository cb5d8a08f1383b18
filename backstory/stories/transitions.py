"""Which moves a tip and a pitch may make — the one place that says so.

Services ask ``tip_move_refusal`` / ``pitch_move_refusal`` before changing a status and
turn a non-empty answer into a DomainError; templates use the same tables to decide
which buttons to show. Two moves depend on data as well as on the status (Pitched needs
a sent pitch, Covered needs recorded coverage); the services check those.
"""

from __future__ import annotations

from .models import PitchStatus, TipStatus

T = TipStatus
P = PitchStatus

# Covered is reached only by recording coverage on a pitch, and left only by removing it.
TIP_MOVES: dict[str, tuple[str, ...]] = {
    T.NEW: (T.RESEARCHING, T.PITCHED, T.PARKED, T.DECLINED),
    T.RESEARCHING: (T.NEW, T.PITCHED, T.PARKED, T.DECLINED),
    T.PITCHED: (T.RESEARCHING, T.PARKED, T.DECLINED),
    T.COVERED: (),
    T.PARKED: (T.NEW, T.RESEARCHING, T.PITCHED, T.DECLINED),
    T.DECLINED: (T.NEW, T.RESEARCHING, T.PITCHED, T.PARKED),
}

# The columns of the board, in order; the last three are where tips come to rest.
BOARD_COLUMNS: tuple[str, ...] = (T.NEW, T.RESEARCHING, T.PITCHED, T.COVERED, T.PARKED,
                                  T.DECLINED)
ACTIVE: frozenset[str] = frozenset({T.NEW, T.RESEARCHING, T.PITCHED})

# Verbs for the move buttons, so that a card reads "Start research", not "researching".
TIP_MOVE_LABELS: dict[str, str] = {
    T.NEW: "Back to new",
    T.RESEARCHING: "Research",
    T.PITCHED: "Pitched",
    T.PARKED: "Park",
    T.DECLINED: "Decline",
}


def _label(status: str) -> str:
    return TipStatus(status).label


def tip_move_refusal(current: str, target: str) -> str | None:
    """Why a tip cannot go from `current` to `target`, or None when the move is allowed."""
    if target not in TipStatus.values:
        return f"“{target}” is not a column of the tips board."
    if current == target:
        return f"The tip is already in {_label(target)}."
    if target == T.COVERED:
        return ("A tip becomes Covered when you record the coverage on the pitch that "
                "landed it (link, outlet and date).")
    if current == T.COVERED:
        return ("This tip is covered: its story ran. If the story was pulled, remove the "
                "coverage from its pitch and the tip goes back to Pitched.")
    if current == T.PITCHED and target == T.NEW:
        return ("A pitched tip has already gone out to a journalist, so it cannot be new "
                "again. Move it back to Researching instead.")
    if target not in TIP_MOVES[current]:
        allowed = ", ".join(_label(s) for s in TIP_MOVES[current]) or "nowhere"
        return f"From {_label(current)} a tip can move to {allowed}, not to {_label(target)}."
    return None


def tip_moves_offered(current: str) -> list[str]:
    """The moves a board card offers as buttons (Pitched is offered as “Pitch it” instead)."""
    return [s for s in TIP_MOVES[current] if s != T.PITCHED]


PITCH_MOVES: dict[str, tuple[str, ...]] = {
    P.DRAFT: (P.SENT,),
    P.SENT: (P.REPLIED, P.ACCEPTED, P.DECLINED),
    P.REPLIED: (P.ACCEPTED, P.DECLINED),
    P.ACCEPTED: (P.DECLINED,),
    P.DECLINED: (),
}

PITCH_MOVE_LABELS: dict[str, str] = {
    P.SENT: "Mark sent",
    P.REPLIED: "They replied",
    P.ACCEPTED: "They're in",
    P.DECLINED: "They passed",
}


def pitch_move_refusal(current: str, target: str, *, journalist: str = "The journalist"
                       ) -> str | None:
    """Why a pitch cannot go from `current` to `target`, or None when the move is allowed."""
    if target not in PitchStatus.values:
        return f"“{target}” is not a state a pitch can be in."
    if target in PITCH_MOVES[current]:
        return None
    if current == target:
        return f"The pitch is already marked {PitchStatus(target).label.lower()}."
    if current == P.DECLINED:
        return (f"{journalist} passed on this pitch. Pitch the tip to someone else "
                "instead — one journalist at a time.")
    if current == P.DRAFT:
        return "This pitch is still a draft: mark it sent first."
    if target == P.SENT:
        return "This pitch was sent already."
    if target == P.DRAFT:
        return "A pitch that was sent cannot become a draft again."
    return (f"A pitch that is {PitchStatus(current).label.lower()} cannot become "
            f"{PitchStatus(target).label.lower()}.")
