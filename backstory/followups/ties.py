"""Reads of each member's relationships (``followups.Relationship``): a member's strength
with people, and who on the team knows a person — for Today, the person page and the
warm paths ("who on my team knows her?").

Strength is not stored (it decays every day): it is ``strength.strength`` over the
touches the member took part in (``relationships.took_part``), two queries for any
number of people and members.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Value

from backstory.interactions.models import Interaction, Participation
from backstory.workspaces.clock import workspace_tz
from backstory.workspaces.members import member_name
from backstory.workspaces.models import Membership, Role, Workspace

from . import strength as strength_mod
from .models import Relationship
from .relationships import took_part


def member_strengths(workspace: Workspace, person_ids: Iterable[int], *, today: date,
                     user_id: int | None = None) -> dict[tuple[int, int], float]:
    """(user id, person id) -> the member's strength with the person (only ``user_id``'s
    when given), over the touches of the look-back window: two queries."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    tz = workspace_tz(workspace)
    rows = list(Participation.objects.filter(workspace=workspace, person_id__in=ids)
                .filter(strength_mod.lookback_q(today, tz))
                .values_list("person_id", "interaction_id", "occurred_at", "interaction__kind",
                             "interaction__created_by_id"))
    # The teammates recorded on these touches and the workspace's owners (for touches
    # nobody is recorded in), in one query: owners come with interaction id 0.
    teammates: dict[int, list[int]] = {}
    owners: set[int] = set()
    for interaction_id, member_id in Interaction.members.through.objects.filter(
            interaction_id__in=sorted({r[1] for r in rows})).values_list(
            "interaction_id", "user_id").union(Membership.objects.filter(
                workspace=workspace, role=Role.OWNER).annotate(none=Value(0)).values_list(
                "none", "user_id"), all=True):
        if interaction_id == 0:
            owners.add(member_id)
        else:
            teammates.setdefault(interaction_id, []).append(member_id)
    touches: dict[tuple[int, int], list[tuple[str, date]]] = {}
    for person_id, interaction_id, at, kind, author_id in rows:
        for member in took_part(author_id, teammates.get(interaction_id, ()), owners):
            if user_id is None or member == user_id:
                touches.setdefault((member, person_id), []).append(
                    (kind, at.astimezone(tz).date()))
    return {key: strength_mod.strength(found, today=today) for key, found in touches.items()}


@dataclass
class Tie:
    """One member's relationship with one person, in words."""

    user_id: int
    name: str  # the member's name as the team knows it
    person_id: int
    last_touch_at: datetime | None
    touch_count: int
    strength: float

    @property
    def strength_label(self) -> str:
        return strength_mod.strength_label(self.strength)


def people_ties(workspace: Workspace, person_ids: Iterable[int], *, today: date,
                ) -> dict[int, list[Tie]]:
    """Who on the team knows each of these people: person id -> the members who took part
    in a touch with them, best first (strength, then the latest touch). Three queries
    whatever the number of people and members."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = list(Relationship.objects.filter(workspace=workspace, person_id__in=ids,
                                            touch_count__gt=0)
                .select_related("user").only("user_id", "person_id", "last_touch_at",
                                             "touch_count", "user__username",
                                             "user__first_name", "user__last_name"))
    scores = member_strengths(workspace, ids, today=today) if rows else {}
    result: dict[int, list[Tie]] = {pk: [] for pk in ids}
    for r in rows:
        result[r.person_id].append(Tie(
            user_id=r.user_id, name=member_name(r.user), person_id=r.person_id,
            last_touch_at=r.last_touch_at, touch_count=r.touch_count,
            strength=scores.get((r.user_id, r.person_id), 0.0)))
    for ties in result.values():
        ties.sort(key=lambda t: (-t.strength, -(t.last_touch_at.timestamp()
                                                if t.last_touch_at else 0), t.name))
    return result


def person_ties(workspace: Workspace, person_id: int, *, today: date) -> list[Tie]:
    return people_ties(workspace, [person_id], today=today)[person_id]


def my_relationship(workspace: Workspace, user, person_id: int) -> Relationship | None:
    """The member's relationship with one person (None: not in their network yet)."""
    if user is None or not user.is_authenticated:
        return None
    return Relationship.objects.filter(workspace=workspace, user=user,
                                       person_id=person_id).first()
