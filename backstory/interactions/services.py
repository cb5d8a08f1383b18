"""Every write to interactions and action items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.core.events import publish
from backstory.core.versions import Versioned
from backstory.people.models import Person
from backstory.people.services import tags_resolve
from backstory.workspaces.actors import recorded_actor
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import activity_record

from .models import ActionItem, Interaction, InteractionKind, Participation


@dataclass
class InteractionFields:
    kind: str
    occurred_at: datetime
    people: Sequence[Person]
    place: str = ""
    duration_minutes: int | None = None
    summary: str = ""
    notes: str = ""
    value: str = ""
    tags: list[str] = field(default_factory=list)


def _validate(workspace: Workspace, data: InteractionFields) -> list[Person]:
    errors: dict[str, list[str]] = {}
    if data.kind not in InteractionKind.values:
        errors["kind"] = [f"'{data.kind}' is not a kind of interaction we know."]
    people = list({p.pk: p for p in data.people}.values())
    if not people:
        errors["people"] = ["Add at least one person you met."]
    if any(p.workspace_id != workspace.id for p in people):
        errors["people"] = ["One of these people is not in this workspace."]
    if data.occurred_at is None:
        errors["occurred_at"] = ["When did it happen?"]
    elif timezone.is_naive(data.occurred_at):
        errors["occurred_at"] = ["The time needs a time zone."]
    if data.duration_minutes is not None and not 0 < data.duration_minutes <= 24 * 60:
        errors["duration_minutes"] = ["A duration is between 1 minute and 24 hours."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    return people


def _fill(interaction: Interaction, data: InteractionFields) -> None:
    interaction.kind = data.kind
    interaction.occurred_at = data.occurred_at
    interaction.place = data.place.strip()
    interaction.duration_minutes = data.duration_minutes
    interaction.summary = data.summary.strip()
    interaction.notes = data.notes.strip()
    interaction.value = data.value or ""
    try:
        interaction.full_clean(exclude=["workspace", "participants", "tags", "created_by"])
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None


@transaction.atomic
def interaction_log(workspace: Workspace, *, by, data: InteractionFields) -> Interaction:
    """Record a touch with one or more people; their last touch moves with it."""
    people = _validate(workspace, data)
    interaction = Interaction(workspace=workspace, created_by=by if by and by.is_authenticated
                              else None)
    _fill(interaction, data)
    interaction.save()
    Participation.objects.bulk_create(
        Participation(workspace=workspace, interaction=interaction, person=p,
                      occurred_at=interaction.occurred_at)
        for p in people
    )
    if data.tags:
        interaction.tags.set(tags_resolve(workspace, data.tags))
    derived_refresh(workspace, interactions=[interaction])
    for person in people:
        activity_record(
            workspace, by=by, action="interaction.logged", obj=interaction, person=person,
            data={"kind": interaction.kind, "with": [p.name for p in people]},
        )
    publish(workspace, "interaction.logged", interaction, people=people)
    return interaction


# What the edit forms of an interaction and an action item change (core.versions).
INTERACTION_VERSION = Versioned(
    "kind", "occurred_at", "people", "place", "duration_minutes", "summary", "notes", "value",
    "tags", sources={"people": "participants"}, labels={"people": "who was there"},
    what=lambda i: "this interaction")
ACTION_ITEM_VERSION = Versioned("text", "due_on", "person",
                                what=lambda item: f"the action item “{item.text}”")


@transaction.atomic
def interaction_update(
    workspace: Workspace, *, by, interaction: Interaction, data: InteractionFields,
    expected_version: str | None = None,
) -> Interaction:
    if interaction.workspace_id != workspace.id:
        raise DomainError("That interaction is not in this workspace.")
    INTERACTION_VERSION.lock(interaction, expected_version)
    people = _validate(workspace, data)
    before = set(interaction.participations.values_list("person_id", flat=True))
    was_at = interaction.occurred_at
    _fill(interaction, data)
    interaction.save()
    after = {p.pk for p in people}
    interaction.participations.exclude(person_id__in=after).delete()
    Participation.objects.bulk_create(
        Participation(workspace=workspace, interaction=interaction, person_id=pk,
                      occurred_at=interaction.occurred_at)
        for pk in after - before
    )
    interaction.participations.update(occurred_at=interaction.occurred_at)
    interaction.tags.set(tags_resolve(workspace, data.tags))
    derived_refresh(workspace, people=before, interactions=[interaction], days=[was_at])
    for person in people:
        activity_record(workspace, by=by, action="interaction.updated", obj=interaction,
                        person=person, data={"kind": interaction.kind})
    return interaction


@transaction.atomic
def interaction_delete(workspace: Workspace, *, by, interaction: Interaction) -> None:
    if interaction.workspace_id != workspace.id:
        raise DomainError("That interaction is not in this workspace.")
    people = list(interaction.participants.all())
    for person in people:
        activity_record(
            workspace, by=by, action="interaction.deleted", obj=interaction, person=person,
            data={"kind": interaction.kind, "on": interaction.occurred_at.date().isoformat()},
        )
    was_at = interaction.occurred_at
    interaction.delete()
    derived_refresh(workspace, people=people, days=[was_at])


# Action items -------------------------------------------------------------------------


def _check_action_links(workspace: Workspace, person, interaction) -> None:
    if person is not None and person.workspace_id != workspace.id:
        raise DomainError("That person is not in this workspace.",
                          field_errors={"person": ["Not found in this workspace."]})
    if interaction is not None and interaction.workspace_id != workspace.id:
        raise DomainError("That interaction is not in this workspace.")


@transaction.atomic
def action_item_create(
    workspace: Workspace, *, by, text: str, due_on: date | None = None,
    person: Person | None = None, interaction: Interaction | None = None,
) -> ActionItem:
    derived_refresh(workspace)  # a write: the data version goes up
    text = " ".join((text or "").split())
    if not text:
        raise DomainError("What needs doing?", field_errors={"text": ["Required."]})
    if len(text) > 300:
        raise DomainError("Keep an action item under 300 characters.",
                          field_errors={"text": ["Too long (300 characters at most)."]})
    _check_action_links(workspace, person, interaction)
    item = ActionItem.objects.create(
        workspace=workspace, text=text, due_on=due_on, person=person, interaction=interaction,
        created_by=recorded_actor(by),
    )
    activity_record(workspace, by=by, action="action.created", obj=item, person=person,
                    data={"text": text})
    return item


@transaction.atomic
def action_item_update(
    workspace: Workspace, *, by, item: ActionItem, text: str, due_on: date | None,
    person: Person | None, expected_version: str | None = None,
) -> ActionItem:
    derived_refresh(workspace)  # a write: the data version goes up
    if item.workspace_id != workspace.id:
        raise DomainError("That action item is not in this workspace.")
    ACTION_ITEM_VERSION.lock(item, expected_version)
    text = " ".join((text or "").split())
    if not text:
        raise DomainError("What needs doing?", field_errors={"text": ["Required."]})
    _check_action_links(workspace, person, None)
    item.text, item.due_on, item.person = text[:300], due_on, person
    item.save()
    activity_record(workspace, by=by, action="action.updated", obj=item, person=person,
                    data={"text": item.text})
    return item


@transaction.atomic
def action_item_set_done(workspace: Workspace, *, by, item: ActionItem, done: bool) -> ActionItem:
    derived_refresh(workspace)  # a write: the data version goes up
    if item.workspace_id != workspace.id:
        raise DomainError("That action item is not in this workspace.")
    if done == item.is_done:
        return item
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done_at", "updated_at"])
    activity_record(
        workspace, by=by, action="action.done" if done else "action.reopened", obj=item,
        person=item.person, data={"text": item.text},
    )
    return item


@transaction.atomic
def action_item_delete(workspace: Workspace, *, by, item: ActionItem) -> None:
    derived_refresh(workspace)  # a write: the data version goes up
    if item.workspace_id != workspace.id:
        raise DomainError("That action item is not in this workspace.")
    activity_record(workspace, by=by, action="action.deleted", obj=item, person=item.person,
                    data={"text": item.text})
    item.delete()
