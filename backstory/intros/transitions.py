"""The double opt-in flow of an introduction — the one place that says which step is allowed.

ask A → A says yes → ask B → B says yes and you introduce them → record the outcome.
Either person may say no, which closes the introduction. If A asked you for the
introduction, "A said yes" may be recorded without asking first.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import IntroStatus

S = IntroStatus


@dataclass(frozen=True)
class Step:
    code: str
    source: tuple[str, ...]
    target: str
    label: str  # "{a}" / "{b}" are replaced with the first names
    primary: bool = True


STEPS: dict[str, Step] = {
    step.code: step
    for step in (
        Step("ask_a", (S.PROPOSED,), S.ASKED_A, "I asked {a}"),
        Step("a_agreed", (S.PROPOSED, S.ASKED_A), S.A_AGREED, "{a} said yes"),
        Step("a_declined", (S.ASKED_A,), S.DECLINED, "{a} said no", primary=False),
        Step("ask_b", (S.A_AGREED,), S.ASKED_B, "I asked {b}"),
        Step("introduce", (S.ASKED_B,), S.INTRODUCED, "{b} said yes — I introduced them"),
        Step("b_declined", (S.ASKED_B,), S.DECLINED, "{b} said no", primary=False),
    )
}

# Which draft e-mail the detail page shows in each state.
DRAFT_FOR_STATUS: dict[str, str] = {
    S.PROPOSED: "ask_a", S.ASKED_A: "ask_a", S.A_AGREED: "ask_b", S.ASKED_B: "introduce",
    S.INTRODUCED: "introduce",
}


def step_refusal(status: str, step: str, *, a: str = "the first person",
                 b: str = "the second person", declined_by: str = "") -> str | None:
    """Why `step` cannot be taken from `status`, or None when it can."""
    found = STEPS.get(step)
    if found is None:
        return f"“{step}” is not a step of an introduction."
    if status in found.source:
        return None
    if status == S.DECLINED:
        who = a if declined_by == "a" else b if declined_by == "b" else "One of them"
        return f"{who} said no, so this introduction is closed."
    if status == S.INTRODUCED:
        return f"{a} and {b} are introduced already: record how it went instead."
    if step == "ask_a":
        return f"You asked {a} already."
    if step in ("a_agreed", "a_declined"):
        if status in (S.A_AGREED, S.ASKED_B):
            return f"{a} said yes already."
        return f"Ask {a} first."
    if step == "ask_b":
        return f"Double opt-in: ask {b} only after {a} has said yes."
    if step == "introduce":
        if status == S.A_AGREED:
            return f"{b} has not been asked yet: ask {b} first, then introduce them."
        return f"Both must say yes before you introduce them: {a} has not said yes yet."
    if step == "b_declined":
        return f"{b} has not been asked yet."
    return f"That step is not possible while the introduction is “{S(status).label.lower()}”."


def steps_offered(status: str) -> list[Step]:
    return [step for step in STEPS.values() if status in step.source]


def outcome_refusal(status: str) -> str | None:
    if status == S.INTRODUCED:
        return None
    return ("Record how it went once they are introduced — this introduction is "
            f"“{S(status).label.lower()}”.")
