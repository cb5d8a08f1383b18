"""A team workspace for the benchmark and the query-count guards: ``members`` members in
all (the owner and teammates), the touches spread across them — each touch authored by
one member in turn, every fourth with the next member there too — in three statements
whatever the size, then every derived value is rebuilt once by the caller."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection

from backstory.interactions.models import Interaction
from backstory.workspaces.models import Membership, Role


def add_team(workspace, members: int, *, owner) -> list:
    """Add ``members - 1`` editors to the workspace and spread its touches across all
    ``members`` (owner first). Returns the members, owner first."""
    User = get_user_model()
    prefix = f"{owner.get_username()}-mate"
    mates = User.objects.bulk_create([User(username=f"{prefix}{k:02d}", first_name=f"Mate {k}")
                                      for k in range(1, members)])
    mates = list(User.objects.filter(username__startswith=prefix).order_by("username"))
    Membership.objects.bulk_create([Membership(workspace=workspace, user=u, role=Role.EDITOR)
                                    for u in mates])
    team = [owner, *mates]
    if len(team) < 2:
        return team
    qn = connection.ops.quote_name
    table = qn(Interaction._meta.db_table)
    whens = " ".join(f"WHEN {k} THEN {u.pk}" for k, u in enumerate(team))
    through = Interaction.members.through
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET created_by_id = CASE (id %% {len(team)}) {whens} "
                       "END WHERE workspace_id = %s", [workspace.pk])
        nxt = " ".join(f"WHEN {k} THEN {team[(k + 1) % len(team)].pk}"
                       for k in range(len(team)))
        cursor.execute(
            f"INSERT INTO {qn(through._meta.db_table)} (interaction_id, user_id) "
            f"SELECT id, CASE (id %% {len(team)}) {nxt} END FROM {table} "
            "WHERE workspace_id = %s AND id %% 4 = 0", [workspace.pk])
    return team
