"""Draft e-mails for the three moments of a double opt-in introduction. Pure functions.

Each draft is written from both profiles — what each person is looking for and what
they can offer — so that the user edits a good first version instead of a blank page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backstory.people.models import Person


@dataclass
class Draft:
    step: str
    to: list[str]
    subject: str
    body: str

    @property
    def text(self) -> str:
        """The whole draft as one block to copy."""
        return f"To: {', '.join(self.to)}\nSubject: {self.subject}\n\n{self.body}"


def first_name(person: Person) -> str:
    return person.name.split()[0] if person.name.split() else person.name


def _inline(text: str) -> str:
    """Several lines of wants/offers as one clause."""
    parts = [line.strip(" .;-•*") for line in (text or "").splitlines()]
    return "; ".join(p for p in parts if p)


_FIRST_PERSON = re.compile(r"\b(I|I'm|I've|I'd|I'll|me|my|mine|we|we're|our|us)\b", re.I)


def _reads_as_phrase(text: str) -> bool:
    """Whether wants/offers text continues a sentence ("can help with launch playbooks"):
    every line starts in lower case and none speaks in the first person. Otherwise it is
    the person's own sentence ("Happy to give feedback before I send them."), quoted."""
    parts = [p for p in _inline(text).split("; ") if p]
    return bool(parts) and all(
        not p[0].isupper() and not _FIRST_PERSON.search(p) for p in parts)


def _quoted(text: str) -> str:
    """The profile text as typed, one line after another, in quotation marks."""
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    return "“" + " / ".join(line for line in lines if line) + "”"


def _who(person: Person) -> str:
    title = person.title
    org = person.organization.name if person.organization_id and person.organization else ""
    if title and org:
        return f"{person.name}, {title} at {org}"
    if title or org:
        return f"{person.name}, {title or org}"
    return person.name


def _address(person: Person, emails: dict[int, str]) -> str:
    email = emails.get(person.pk)
    return f"{person.name} <{email}>" if email else person.name


def _profile_lines(person: Person) -> list[str]:
    lines = []
    first = first_name(person)
    if _inline(person.offers):
        lines.append(f"{first} can help with {_inline(person.offers)}."
                     if _reads_as_phrase(person.offers)
                     else f"What {first} offers: {_quoted(person.offers)}")
    if _inline(person.wants):
        lines.append(f"{first} is looking for {_inline(person.wants)}."
                     if _reads_as_phrase(person.wants)
                     else f"What {first} is looking for: {_quoted(person.wants)}")
    return lines


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    return reason if reason.endswith((".", "!", "?")) or not reason else reason + "."


def draft_for(step: str, *, a: Person, b: Person, reason: str, sender: str,
              emails: dict[int, str] | None = None) -> Draft:
    """The e-mail for `step`: "ask_a", "ask_b" or "introduce"."""
    emails = emails or {}
    sign = f"\n\nBest,\n{sender}" if sender else "\n\nBest,"
    if step in ("ask_a", "ask_b"):
        asked, other = (a, b) if step == "ask_a" else (b, a)
        lines = [f"Hi {first_name(asked)},", ""]
        lines.append(f"I'd like to introduce you to {_who(other)}.")
        if _reason(reason):
            lines.append(_reason(reason))
        lines += [""] + _profile_lines(other)
        if _inline(asked.wants) and _inline(other.offers):
            wants = (f"you're looking for {_inline(asked.wants)}"
                     if _reads_as_phrase(asked.wants) else "what you're looking for")
            lines.append(f"You mentioned {wants}, so I think you two would have a lot to "
                         "talk about.")
        elif _inline(asked.offers) and _inline(other.wants):
            offers = (f"your experience in {_inline(asked.offers)}"
                      if _reads_as_phrase(asked.offers) else "what you offer")
            lines.append(f"With {offers}, I think you could really help "
                         f"{first_name(other)}.")
        if step == "ask_b":
            lines.append(f"{first_name(other)} would be glad to connect.")
        lines += ["", "Would you be open to an introduction? A quick yes or no is perfect — "
                  "no pressure either way."]
        body = "\n".join(lines).replace("\n\n\n", "\n\n")
        return Draft(step=step, to=[_address(asked, emails)],
                     subject=f"Would an introduction to {first_name(other)} help?",
                     body=body + sign)
    if step != "introduce":
        raise ValueError(f"No draft for step {step!r}")
    lines = [f"Hi {first_name(a)} and {first_name(b)},", "",
             "As promised, I'm introducing you to each other.", ""]
    for person, other in ((a, b), (b, a)):
        paragraph = [f"{first_name(person)}, meet {_who(other)}."] + _profile_lines(other)
        lines += [" ".join(paragraph), ""]
    if _reason(reason):
        lines += [f"Why I thought you should talk: {_reason(reason)}", ""]
    lines.append("I'll let you take it from here.")
    return Draft(step=step, to=[_address(a, emails), _address(b, emails)],
                 subject=f"Introduction: {first_name(a)} ↔ {first_name(b)}",
                 body="\n".join(lines) + sign)
