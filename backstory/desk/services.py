"""Saving a quick-log line: one line can write a touch, new people, follow-up items, a
tip (`#tip`) or an introduction (`intro A to B`), so it sits above the apps it writes to and
calls each one's services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from backstory.core.errors import DomainError
from backstory.interactions.models import ActionItem, Interaction
from backstory.interactions.services import InteractionFields, action_item_create, interaction_log
from backstory.intros.services import introduction_start_from_quicklog
from backstory.people.models import Person
from backstory.people.services import PersonFields, person_create
from backstory.stories.services import tip_create_from_quicklog
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Workspace

from .preview import quicklog_preview


@dataclass
class QuicklogResult:
    interaction: Interaction | None
    people: list[Person]
    created: list[Person]
    action_items: list[ActionItem]
    tip: object | None = None  # stories.Tip, for `#tip`
    introduction: object | None = None  # intros.Introduction, for `intro A to B`

    def summary(self) -> str:
        """What was saved, in one sentence per record (the web and the CLI say this)."""
        names = " and ".join(p.name for p in self.people)
        if self.introduction is not None:
            text = f"Introduction started: {names}. Next: ask {self.people[0].name}."
        else:
            kind = self.interaction.get_kind_display().lower()
            text = f"Logged: {kind} with {names}."
        if self.created:
            text += " New: " + ", ".join(p.name for p in self.created) + "."
        if self.action_items:
            text += f" Follow-up on {self.action_items[0].due_on:%-d %b}."
        if self.tip is not None:
            text += f" Tip “{self.tip.title}” is on the Tips board."
        return text


@transaction.atomic
def quicklog_commit(
    workspace: Workspace, *, by: Actor, line: str, now: datetime,
    choices: dict[int, int] | None = None, create: set[int] | None = None,
    allow_repeat: bool = False,
) -> QuicklogResult:
    """Save one quick-log line: the touch, any new people, and the follow-up items.

    Nothing is written unless the whole line is understood and every name is settled, nor
    when it repeats a touch (or tip) already saved — same people, kind, day and text —
    unless ``allow_repeat`` says the user wants it twice.
    """
    preview = quicklog_preview(workspace, line, now=now, choices=choices, create=create,
                               viewer=by)
    parsed = preview.parsed
    if parsed.errors:
        raise DomainError(parsed.message(),
                          field_errors={e.part: [e.message] for e in parsed.errors})
    problems = []
    for match in preview.unresolved:
        if match.status == "ambiguous":
            options = " or ".join(name for _, name in match.choices[:4])
            problems.append(f"'{match.text}' could be {options} — choose one.")
        else:
            problems.append(f"Nobody called '{match.text}' yet — choose to add them as a "
                            "new person, or correct the name.")
    if problems:
        raise DomainError(" ".join(problems), field_errors={"people": problems})
    if preview.repeat is not None and not allow_repeat:
        message = preview.repeat.message()
        raise DomainError(message + " Save it anyway, or don't save it.",
                          field_errors={"repeat": [message]})
    created: list[Person] = []
    people: list[Person] = []
    ids = [m.person_id for m in preview.matches if m.person_id]
    found = {p.pk: p for p in Person.objects.filter(workspace=workspace, pk__in=ids)}
    for index, match in enumerate(preview.matches):
        if match.person_id:
            people.append(found[match.person_id])
        elif index in preview.create:
            person = person_create(workspace, by=by, data=PersonFields(name=match.text))
            created.append(person)
            people.append(person)
    if parsed.intent == "intro":
        unique = list({p.pk: p for p in people}.values())
        if len(unique) != 2:
            raise DomainError("An introduction needs two different people.",
                              field_errors={"people": ["Name two different people."]})
        introduction = introduction_start_from_quicklog(
            workspace, by=by, person_a=unique[0], person_b=unique[1], text=parsed.notes)
        return QuicklogResult(interaction=None, people=unique, created=created,
                              action_items=[], introduction=introduction)
    interaction = interaction_log(workspace, by=by, data=InteractionFields(
        kind=parsed.kind, occurred_at=parsed.occurred_at, people=people, place=parsed.place,
        notes=parsed.notes, tags=parsed.tags,
    ))
    tip = None
    if parsed.is_tip:
        tip = tip_create_from_quicklog(
            workspace, by=by, text=parsed.notes or parsed.line, sources=people,
            interaction=interaction,
        )
    items = []
    if parsed.follow_up is not None:
        for person in {p.pk: p for p in people}.values():
            items.append(action_item_create(
                workspace, by=by, text=f"Follow up with {person.name}",
                due_on=parsed.follow_up.due_on, person=person, interaction=interaction,
            ))
    return QuicklogResult(interaction=interaction, people=people, created=created,
                          action_items=items, tip=tip)
