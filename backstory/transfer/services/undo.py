"""Undoing a committed import: people it created go, fields it changed come back.

A field is only put back if it still holds what the import wrote — a later edit by the
user wins over the undo. Organisations, teams and tags the import created go too when
nothing uses them any more.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.interactions.models import ActionItem, Interaction, Participation
from backstory.people import normalize
from backstory.people.models import ContactPoint, Organization, Person, Tag, Team
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import activity_record

from ..models import BatchStatus, ImportBatch, ImportObject, ImportRow
from ..sheets import foreign_types, workspace_model
from .plan import FIELD_LABELS

_DATE_FIELDS = {"met_on"}


def _value(name: str, raw):
    if name in _DATE_FIELDS and isinstance(raw, str):
        return date.fromisoformat(raw)
    return raw


@transaction.atomic
def import_undo(workspace: Workspace, *, by: Actor, batch: ImportBatch) -> dict[str, int]:
    if batch.workspace_id != workspace.id:
        raise DomainError("That import is not in this workspace.")
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.COMMITTED:
        raise DomainError("Only an import that was committed can be undone "
                          f"(this one is {batch.get_status_display().lower()}).")
    rows = ImportRow.objects.filter(batch=batch, committed=True)
    # Undo data is checked before any of it is applied: a row can come from a restored
    # backup, which anyone can write, so nothing in it is taken on trust.
    for row in rows.exclude(undo={}):
        problem = undo_problem(workspace, row.undo)
        if problem:
            raise DomainError(f"The record of what {row.where} changed is damaged ({problem}), "
                              "so this import cannot be undone safely. Nothing was undone.")
    created = {r.person_id for r in rows.only("person_id", "undo") if r.undo.get("created")
               and r.person_id}
    objects: dict[str, set[int]] = {}
    for object_type, object_id in ImportObject.objects.filter(batch=batch).values_list(
            "object_type", "object_id"):
        objects.setdefault(object_type, set()).add(object_id)
    counts = {"people removed": 0, "people restored": 0, "interactions removed": 0,
              "action items removed": 0}

    interaction_ids = objects.get("interaction", set())
    touched = set(Participation.objects.filter(
        workspace=workspace, interaction_id__in=interaction_ids).values_list(
        "person_id", flat=True))
    moments = set(Interaction.objects.filter(workspace=workspace, pk__in=interaction_ids)
                  .values_list("occurred_at", flat=True))
    counts["interactions removed"] = Interaction.objects.filter(
        workspace=workspace, pk__in=interaction_ids).delete()[1].get(
        "interactions.Interaction", 0)
    counts["action items removed"] = ActionItem.objects.filter(
        workspace=workspace, pk__in=objects.get("actionitem", set())).delete()[1].get(
        "interactions.ActionItem", 0)

    # Records of the sheets other apps registered (tips, pitches, introductions…).
    for object_type in sorted(t for t in objects if t in foreign_types()):
        model = workspace_model(object_type)
        label = model._meta.verbose_name_plural
        counts[f"{label} removed"] = model._base_manager.filter(
            workspace=workspace, pk__in=objects[object_type]).delete()[1].get(
            model._meta.label, 0)

    restored = set()
    for row in rows.exclude(undo={}).select_related("person"):
        if row.undo.get("created") or row.person is None or "fields" not in row.undo:
            continue
        if _restore_person(workspace, row.person, row.undo):
            counts["people restored"] += 1
            restored.add(row.person.pk)
    for row in rows.exclude(undo={}):
        if "organization" in row.undo and "before" in row.undo:
            org = Organization.objects.filter(workspace=workspace,
                                              name=row.undo["organization"]).first()
            _restore_simple(org, row.undo)
        if "team" in row.undo and "before" in row.undo:
            org_name, team_name = row.undo["team"]
            team = Team.objects.filter(workspace=workspace, organization__name=org_name,
                                       name=team_name).first()
            _restore_simple(team, row.undo, rename={"leader": "leader_id"})

    counts["people removed"] = Person.objects.filter(
        workspace=workspace, pk__in=created).delete()[1].get("people.Person", 0)
    Team.objects.filter(workspace=workspace, pk__in=objects.get("team", set()),
                        members__isnull=True).delete()
    Organization.objects.filter(workspace=workspace, pk__in=objects.get("organization", set()),
                                people__isnull=True, teams__isnull=True, is_own=False).delete()
    Tag.objects.filter(workspace=workspace, pk__in=objects.get("tag", set()),
                       people__isnull=True, interactions__isnull=True).delete()
    derived_refresh(workspace, people=(touched | restored) - created, days=moments)

    batch.status = BatchStatus.UNDONE
    batch.undone_at = timezone.now()
    batch.save(update_fields=["status", "undone_at", "updated_at"])
    activity_record(workspace, by=by, action="import.undone", obj=batch,
                    data={"file": batch.file_name, "counts": counts})
    return counts


# What an undo record may hold, checked by undo_problem --------------------------------------

_PERSON_FIELDS = set(FIELD_LABELS) - {"organization", "team"}
_ORG_FIELDS = {"kind", "website", "notes", "is_own"}
_TEAM_FIELDS = {"leader", "notes"}


def _clean(model, name: str, value) -> None:
    field = model._meta.get_field(name)
    if value is None and field.null:
        return
    if isinstance(value, list | dict):
        raise ValidationError("not a single value")
    if name in _DATE_FIELDS and isinstance(value, str):
        value = date.fromisoformat(value)
    field.clean(value, None)


def undo_problem(workspace: Workspace, undo) -> str:
    """What is wrong with an undo record for this workspace ("" when nothing is)."""
    try:
        _check(workspace, undo)
    except (ValidationError, ValueError, TypeError) as error:
        text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return text or "unreadable"
    return ""


def _check(workspace: Workspace, undo) -> None:
    if not isinstance(undo, dict):
        raise ValueError("not an object")
    for name, pair in (undo.get("fields") or {}).items():
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError(f"the field '{name}' has no old and new value")
        if name in ("organization", "team"):
            if not all(v is None or isinstance(v, str) for v in pair):
                raise ValueError(f"the {name} is not a name")
        elif name == "birthday":
            if not all(isinstance(v, list) and len(v) == 3 and all(
                    p is None or (isinstance(p, int) and not isinstance(p, bool)) for p in v)
                    for v in pair):
                raise ValueError("the birthday is not year, month and day")
        elif name in _PERSON_FIELDS:
            for value in pair:
                _clean(Person, name, value)
        else:
            raise ValueError(f"'{name}' is not a field an import changes")
    for contact in undo.get("contacts") or []:
        if not (isinstance(contact, list) and len(contact) == 2
                and all(isinstance(v, str) for v in contact)):
            raise ValueError("a contact is not a kind and a value")
    if not all(isinstance(t, str) for t in undo.get("tags") or []):
        raise ValueError("a tag is not text")
    if "organization" in undo or "team" in undo:
        allowed, model = (_TEAM_FIELDS, Team) if "team" in undo else (_ORG_FIELDS,
                                                                       Organization)
        for side in ("before", "after"):
            values = undo.get(side)
            if not isinstance(values, dict) or set(values) - allowed:
                raise ValueError(f"'{side}' names fields an import does not change")
            for name, value in values.items():
                if name == "leader":
                    if value is not None and not (
                            isinstance(value, int) and not isinstance(value, bool)
                            and Person.objects.filter(workspace=workspace, pk=value).exists()):
                        raise ValueError("the team leader is not a person of this workspace")
                else:
                    _clean(model, name, value)
        if "team" in undo and not (isinstance(undo["team"], list) and len(undo["team"]) == 2
                                   and all(isinstance(v, str) for v in undo["team"])):
            raise ValueError("the team is not an organisation and a name")
        if "organization" in undo and not isinstance(undo["organization"], str):
            raise ValueError("the organisation is not a name")


def _restore_person(workspace: Workspace, person: Person, undo: dict) -> bool:
    changed = []
    for name, (old, new) in undo.get("fields", {}).items():
        if name == "organization":
            current = person.organization.name if person.organization else ""
            if normalize.normalize_organization(current) == normalize.normalize_organization(
                    new or ""):
                org = Organization.objects.filter(workspace=workspace,
                                                  name__iexact=old).first() if old else None
                person.organization = org
                changed.append("organization")
        elif name == "team":
            current = person.team.name if person.team else ""
            if current.casefold() == (new or "").casefold():
                person.team = None
                changed.append("team")
        elif name == "birthday":
            if [person.birthday_year, person.birthday_month, person.birthday_day] == new:
                person.birthday_year, person.birthday_month, person.birthday_day = old
                changed += ["birthday_year", "birthday_month", "birthday_day"]
        elif getattr(person, name) == _value(name, new):
            setattr(person, name, _value(name, old))
            changed.append(name)
            if name == "name":  # the stored keys that find duplicates follow the name
                person.name_key, person.name_block = normalize.stored_name_keys(person.name)
                changed += ["name_key", "name_block"]
    if changed:
        person.save(update_fields=[*changed, "updated_at"])
    removed = 0
    for kind, normalized in undo.get("contacts", []):
        removed += ContactPoint.objects.filter(workspace=workspace, person=person, kind=kind,
                                               normalized=normalized).delete()[0]
    tags = [t.casefold() for t in undo.get("tags", [])]
    if tags:
        for tag in list(person.tags.all()):
            if tag.name.casefold() in tags:
                person.tags.remove(tag)
                removed += 1
    return bool(changed or removed)


def _restore_simple(obj, undo: dict, rename: dict | None = None) -> None:
    if obj is None:
        return
    rename = rename or {}
    dirty = False
    for name, after in undo["after"].items():
        attr = rename.get(name, name)
        if getattr(obj, attr) == after and after != undo["before"][name]:
            setattr(obj, attr, undo["before"][name])
            dirty = True
    if dirty:
        obj.save()
