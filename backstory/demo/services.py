"""Writes the demo needs besides seeding: clearing a workspace's network for `--replace`."""

from __future__ import annotations

from django.db import transaction

from backstory.core.derived import derived_rebuild
from backstory.interactions.models import ActionItem, Interaction
from backstory.people.models import Organization, Person, Tag, Team
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import activity_record


@transaction.atomic
def workspace_network_delete(workspace: Workspace, *, by: Actor) -> dict[str, int]:
    """Delete every person, organisation, team, interaction, action item and tag of
    `workspace`; members, settings and the audit trail stay. Returns what was deleted."""
    counts = {
        "action_items": ActionItem.objects.filter(workspace=workspace).count(),
        "interactions": Interaction.objects.filter(workspace=workspace).count(),
        "people": Person.objects.filter(workspace=workspace).count(),
        "teams": Team.objects.filter(workspace=workspace).count(),
        "organizations": Organization.objects.filter(workspace=workspace).count(),
        "tags": Tag.objects.filter(workspace=workspace).count(),
    }
    # Children first, so that the deletes do not have to collect them one by one.
    ActionItem.objects.filter(workspace=workspace).delete()
    Interaction.objects.filter(workspace=workspace).delete()
    Team.objects.filter(workspace=workspace).delete()
    Person.objects.filter(workspace=workspace).update(introduced_by=None)
    Person.objects.filter(workspace=workspace).delete()
    Organization.objects.filter(workspace=workspace).delete()
    Tag.objects.filter(workspace=workspace).delete()
    derived_rebuild(workspace)  # the touches per day go with the interactions
    activity_record(workspace, by=by, action="workspace.network_deleted", obj=workspace,
                    data=counts)
    return counts
