"""Helpers for tests: personas and small factories that go through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from backstory.interactions.models import ActionItem, Interaction
from backstory.interactions.services import (
    InteractionFields,
    action_item_create,
    interaction_log,
)
from backstory.people.models import Person
from backstory.people.services import ContactInput, PersonFields, person_create
from backstory.workspaces.models import Role, Workspace
from backstory.workspaces.services import membership_add, user_create


@dataclass
class Personas:
    owner: object
    teammate: object
    viewer: object
    outsider: object
    workspace: Workspace
    outsider_workspace: Workspace


def make_personas() -> Personas:
    owner = user_create(username="olivia", password=None)
    teammate = user_create(username="tom", password=None)
    viewer = user_create(username="vera", password=None)
    outsider = user_create(username="oscar", password=None)
    workspace = owner.memberships.get().workspace
    membership_add(workspace, user=teammate, role=Role.EDITOR, by=owner)
    membership_add(workspace, user=viewer, role=Role.VIEWER, by=owner)
    # The teammate and viewer see the shared workspace first.
    for user in (teammate, viewer):
        user.memberships.exclude(workspace=workspace).delete()
    return Personas(
        owner=owner, teammate=teammate, viewer=viewer, outsider=outsider,
        workspace=workspace, outsider_workspace=outsider.memberships.get().workspace,
    )


def make_person(workspace: Workspace, name: str = "Dana Reyes", *, by=None, **fields) -> Person:
    emails = fields.pop("emails", [])
    contacts = [ContactInput("email", e) for e in emails] + fields.pop("contacts", [])
    return person_create(
        workspace, by=by, data=PersonFields(name=name, contacts=contacts, **fields)
    )


def make_interaction(
    workspace: Workspace, people: list[Person], *, by=None, kind: str = "coffee",
    when: datetime | None = None, notes: str = "", **fields,
) -> Interaction:
    return interaction_log(
        workspace, by=by,
        data=InteractionFields(
            kind=kind, occurred_at=when or timezone.now() - timedelta(days=1), people=people,
            notes=notes, **fields,
        ),
    )


def make_action(workspace: Workspace, text: str = "Send the Q3 report", *, by=None,
                **fields) -> ActionItem:
    return action_item_create(workspace, by=by, text=text, **fields)


User = get_user_model()
