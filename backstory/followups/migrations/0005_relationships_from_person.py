"""Team workspaces: each member's own relationships, from the data as it was.

Before this migration a snooze was the workspace's (``Person.snoozed_until``) and every
touch counted for everyone. Afterwards they are each member's (``Relationship``): every
member keeps the snoozes they saw (so no member is reminded earlier than before), and
each touch counts for its author, or — when it has none — for the owners (in a
workspace of one: its member, so it behaves exactly as before). The person's own
window stays on the person as the team's window for them. The derived values are
computed by the same code the write pipeline runs (``followups.relationships``), with
this migration's models. Tested by ``followups/tests/test_relationships_migration.py``.
"""

from django.db import migrations

from backstory.followups.relationships import models_of, relationships_refresh


def forwards(apps, schema_editor):
    M = models_of(apps)
    Workspace = apps.get_model("workspaces", "Workspace")
    for workspace in Workspace.objects.all():
        members = list(M.Membership.objects.filter(workspace_id=workspace.pk)
                       .values_list("user_id", flat=True))
        snoozed = list(M.Person.objects.filter(workspace_id=workspace.pk,
                                               snoozed_until__isnull=False)
                       .values_list("pk", "snoozed_until"))
        M.Relationship.objects.bulk_create(
            [M.Relationship(workspace_id=workspace.pk, user_id=user_id, person_id=pk,
                            snoozed_until=until)
             for pk, until in snoozed for user_id in members], batch_size=1000)
        relationships_refresh(workspace, None, M=M)


class Migration(migrations.Migration):

    dependencies = [
        ("followups", "0004_relationship"),
        ("interactions", "0004_interaction_members"),
        ("workspaces", "0004_data_version"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
