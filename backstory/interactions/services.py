"""Every write to interactions and action items."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField
from django.utils import timezone

from backstory.core import bulk
from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.core.events import publish
from backstory.core.versions import Versioned, version_check, version_of
from backstory.people.models import Person
from backstory.people.services import tag_name, tags_resolve
from backstory.workspaces.actors import Actor, recorded_actor
from backstory.workspaces.models import Activity, Membership, Workspace
from backstory.workspaces.services import activity_record, activity_record_many

from .fields import InteractionFields, stored_values
from .models import ActionItem, Interaction, InteractionKind, Participation, Value
from .visibility import notes_visible


def _members(workspace: Workspace, interaction: Interaction, data: InteractionFields) -> None:
    """Record the teammates who took part (the author is one anyway)."""
    if data.members is None:
        return
    wanted = {getattr(u, "pk", u) for u in data.members} - {interaction.created_by_id}
    known = set(Membership.objects.filter(workspace=workspace, user_id__in=wanted)
                .values_list("user_id", flat=True))
    if wanted - known:
        raise DomainError("Only members of this workspace can be recorded as there.",
                          field_errors={"members": ["Choose members of this workspace."]})
    interaction.members.set(sorted(wanted))


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
    for name, value in stored_values(data).items():
        setattr(interaction, name, value)
    try:
        interaction.full_clean(exclude=["workspace", "participants", "tags", "created_by"])
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None


@transaction.atomic
def interaction_log(workspace: Workspace, *, by: Actor, data: InteractionFields) -> Interaction:
    """Record a touch with one or more people; their last touch moves with it."""
    people = _validate(workspace, data)
    interaction = Interaction(workspace=workspace, created_by=recorded_actor(by))
    _fill(interaction, data)
    if data.notes_private and interaction.created_by_id is None:
        raise DomainError("Private notes need an author: sign in to keep notes to yourself.",
                          field_errors={"notes_private": ["Only a signed-in author can."]})
    interaction.notes_private = data.notes_private
    interaction.save()
    Participation.objects.bulk_create(
        Participation(workspace=workspace, interaction=interaction, person=p,
                      occurred_at=interaction.occurred_at)
        for p in people
    )
    if data.tags:
        interaction.tags.set(tags_resolve(workspace, data.tags))
    _members(workspace, interaction, data)
    derived_refresh(workspace, interactions=[interaction])
    for person in people:
        activity_record(
            workspace, by=by, action="interaction.logged", obj=interaction, person=person,
            data={"kind": interaction.kind, "with": [p.name for p in people]},
        )
    publish(workspace, "interaction.logged", interaction, people=people)
    return interaction


def interactions_log_bulk(workspace: Workspace, *, by: Actor,
                          items: Sequence[InteractionFields],
                          activity_data: Mapping[str, Any] | None = None,
                          refresh: bool = True) -> list[int]:
    """The bulk form of ``interaction_log``, for writers of many touches at once (an
    import): the same rows and audit entries, written with a handful of statements.
    Returns the new interactions' ids, in the order of ``items``.

    Values from files are fitted, not refused: an unknown kind is "other", an unknown
    value none, text cut to its column (the importer warns about what it changes).
    ``people`` may be ids; they must be people of this workspace. ``activity_data`` is
    added to every audit entry (e.g. the import batch). With ``refresh=False`` the
    caller owes one ``derived_refresh(workspace, interactions=ids)`` before its
    transaction ends (an import does it once, after its last chunk)."""
    items = list(items)
    if not items:
        return []
    with transaction.atomic():
        ids_of = [list(dict.fromkeys(getattr(p, "pk", p) for p in item.people))
                  for item in items]
        names = _names_of(workspace, {pk for ids in ids_of for pk in ids})
        if any(not ids for ids in ids_of):
            raise DomainError("Add at least one person to every interaction.")
        tags = {tag.name.lower(): tag.pk for tag in tags_resolve(
            workspace, [name for item in items for name in item.tags])}
        actor = recorded_actor(by)
        rows = []
        for item in items:
            if item.occurred_at is None or timezone.is_naive(item.occurred_at):
                raise DomainError("Every interaction needs a time with its time zone.")
            rows.append({**_fitted(stored_values(item)), "workspace_id": workspace.pk,
                         "created_by_id": actor.pk if actor else None})
        ids = bulk.insert(Interaction, rows, returning=True)
        participations, links, activities = [], [], []
        extra = dict(activity_data or {})
        for interaction_id, row, people, item in zip(ids, rows, ids_of, items, strict=True):
            participations += [{"workspace_id": workspace.pk, "interaction_id": interaction_id,
                                "person_id": pk, "occurred_at": row["occurred_at"]}
                               for pk in people]
            links += [{"interaction_id": interaction_id, "tag_id": pk} for pk in dict.fromkeys(
                tags[key] for key in (tag_name(t).lower() for t in item.tags) if key)]
            data = {"kind": row["kind"], "with": [names[pk] for pk in people], **extra}
            activities += [Activity(actor=actor, action="interaction.logged", person_id=pk,
                                    object_type="interaction", object_id=interaction_id,
                                    data=data) for pk in people]
        bulk.insert(Participation, participations)
        bulk.insert(Interaction.tags.through, links)
        activity_record_many(workspace, activities)
        if refresh:
            derived_refresh(workspace, interactions=ids)
        else:
            derived_refresh(workspace)  # a write: the data version goes up
    return ids


def _names_of(workspace: Workspace, person_ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    ids = sorted(person_ids)
    for start in range(0, len(ids), 2000):
        names.update(Person.objects.filter(workspace=workspace, pk__in=ids[start:start + 2000])
                     .values_list("id", "name"))
    if len(names) != len(ids):
        raise DomainError("One of these people is not in this workspace.")
    return names


_TEXT_LIMITS = {f.name: f.max_length for f in Interaction._meta.concrete_fields
                if isinstance(f, CharField) and f.max_length and not f.choices}


def _fitted(values: dict[str, Any]) -> dict[str, Any]:
    """A file's values as Interaction stores them (see interactions_log_bulk)."""
    if values.get("kind") not in InteractionKind.values:
        values["kind"] = "other"
    if values.get("value") not in Value.values:
        values["value"] = ""
    minutes = values.get("duration_minutes")
    if minutes is not None and not 0 < minutes <= 24 * 60:
        values["duration_minutes"] = None
    for name, limit in _TEXT_LIMITS.items():
        if isinstance(values.get(name), str):
            values[name] = values[name][:limit]
    return values


class InteractionVersioned(Versioned):
    """The version of an interaction as one viewer sees it: someone else's private notes
    count as empty, so that neither the version nor a refusal tells anything of them."""

    def seen(self, record, viewer) -> dict[str, object]:
        values = self.values(record)
        if not notes_visible(record, viewer):
            values["notes"], values["notes_private"] = "", True
        return values

    def of(self, record, viewer=None) -> str:
        return version_of(self.seen(record, viewer))

    def lock(self, record, expected: str | None, viewer=None) -> None:
        record.refresh_from_db(from_queryset=type(record)._base_manager.select_for_update())
        version_check(self.seen(record, viewer), expected=expected, what=self.what(record),
                      labels=self.labels)


# What the edit forms of an interaction and an action item change (core.versions).
INTERACTION_VERSION = InteractionVersioned(
    *(f.name for f in fields(InteractionFields)), sources={"people": "participants"},
    labels={"people": "who was there", "notes_private": "private notes"},
    what=lambda i: "this interaction")
ACTION_ITEM_VERSION = Versioned("text", "due_on", "person",
                                what=lambda item: f"the action item “{item.text}”")


@transaction.atomic
def interaction_update(
    workspace: Workspace, *, by: Actor, interaction: Interaction, data: InteractionFields,
    expected_version: str | None = None,
) -> Interaction:
    if interaction.workspace_id != workspace.id:
        raise DomainError("That interaction is not in this workspace.")
    INTERACTION_VERSION.lock(interaction, expected_version, viewer=by)
    people = _validate(workspace, data)
    before = set(interaction.participations.values_list("person_id", flat=True))
    was_at = interaction.occurred_at
    stored_notes, stored_private = interaction.notes, interaction.notes_private
    may_read = notes_visible(interaction, by)
    _fill(interaction, data)
    if not may_read:
        # Someone else's private notes: an edit of the touch never sees nor changes them.
        interaction.notes = stored_notes
    by_author = recorded_actor(by) is not None and interaction.created_by_id == by.pk
    interaction.notes_private = data.notes_private if by_author else stored_private
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
    _members(workspace, interaction, data)
    derived_refresh(workspace, people=before, interactions=[interaction], days=[was_at])
    for person in people:
        activity_record(workspace, by=by, action="interaction.updated", obj=interaction,
                        person=person, data={"kind": interaction.kind})
    return interaction


@transaction.atomic
def interaction_delete(workspace: Workspace, *, by: Actor, interaction: Interaction) -> None:
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
    workspace: Workspace, *, by: Actor, text: str, due_on: date | None = None,
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
    workspace: Workspace, *, by: Actor, item: ActionItem, text: str, due_on: date | None,
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
def action_item_set_done(workspace: Workspace, *, by: Actor, item: ActionItem,
                         done: bool) -> ActionItem:
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
def action_item_delete(workspace: Workspace, *, by: Actor, item: ActionItem) -> None:
    derived_refresh(workspace)  # a write: the data version goes up
    if item.workspace_id != workspace.id:
        raise DomainError("That action item is not in this workspace.")
    activity_record(workspace, by=by, action="action.deleted", obj=item, person=item.person,
                    data={"text": item.text})
    item.delete()
