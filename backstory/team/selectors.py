"""Reads of the team: who on the team knows a person or someone at an organisation (warm
paths), and where the team's warm relationships are and are not (coverage).

Every read here takes a fixed number of queries, whatever the number of people and of
members. A workspace of one member has no teammates: the warm paths are empty there.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from backstory.people.models import Organization, OrganizationKind, Person, Team
from backstory.workspaces.clock import workspace_tz
from backstory.workspaces.members import member_name
from backstory.workspaces.models import Role, Workspace
from backstory.workspaces.selectors import members_of

from .ties import Tie, member_ties

ORG_TIES_LIMIT = 500  # the strongest ties read for an organisation's panel
COVERAGE_LIMIT = 25  # rows of each list on the coverage page
UNIVERSE_LIMIT = 300  # the biggest outlets and beats considered for blind spots


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str
    role: str

    @property
    def can_introduce(self) -> bool:
        return self.role in (Role.EDITOR, Role.OWNER)


def team_members(workspace: Workspace) -> list[Member]:
    """The members, by name; one query."""
    members = [Member(m.user_id, member_name(m.user), m.role) for m in members_of(workspace)]
    return sorted(members, key=lambda m: (m.name.lower(), m.user_id))


@dataclass(frozen=True)
class WarmPath:
    """One teammate who knows the person, and how well, in words."""

    member: Member
    is_you: bool
    words: str
    label: str  # strong / warm / cool / cold
    warm: bool
    tie: Tie


def _paths(ties: list[Tie], members: dict[int, Member], *, viewer_id: int | None,
           today: date, tz) -> list[WarmPath]:
    return [WarmPath(member=members[t.member_id], is_you=t.member_id == viewer_id,
                     words=t.words(today=today, tz=tz), label=t.label(),
                     warm=t.is_warm(today=today, tz=tz), tie=t)
            for t in ties if t.member_id in members]


def warm_paths_for_people(workspace: Workspace, person_ids: list[int], *, viewer_id: int | None,
                          today: date, members: list[Member] | None = None,
                          ) -> dict[int, list[WarmPath]]:
    """Per person, the members who know them, best first (the viewer too, as "you").

    Two queries (one when ``members`` is given); nothing in a workspace of one member."""
    members = team_members(workspace) if members is None else members
    if len(members) < 2 or not person_ids:
        return {}
    tz = workspace_tz(workspace)
    by_id = {m.user_id: m for m in members}
    ties = member_ties(workspace, member_ids=by_id, today=today, tz=tz,
                       people=Q(person_id__in=person_ids))
    found: dict[int, list[WarmPath]] = defaultdict(list)
    for path in _paths(ties, by_id, viewer_id=viewer_id, today=today, tz=tz):
        found[path.tie.person_id].append(path)
    return dict(found)


@dataclass(frozen=True)
class OrganizationPath:
    """A teammate who knows people at an organisation: how many, and the best of them."""

    member: Member
    is_you: bool
    people: int
    best: WarmPath
    best_person_id: int
    best_person_name: str


def warm_paths_for_organization(workspace: Workspace, organization: Organization, *,
                                viewer_id: int | None, today: date,
                                members: list[Member] | None = None) -> list[OrganizationPath]:
    """The members who know someone at ``organization``, best first; two queries."""
    members = team_members(workspace) if members is None else members
    if len(members) < 2:
        return []
    tz = workspace_tz(workspace)
    by_id = {m.user_id: m for m in members}
    ties = member_ties(workspace, member_ids=by_id, today=today, tz=tz,
                       people=Q(person__organization=organization), limit=ORG_TIES_LIMIT,
                       facts=("name",))
    counts = Counter(t.member_id for t in ties)
    best: dict[int, WarmPath] = {}
    for path in _paths(ties, by_id, viewer_id=viewer_id, today=today, tz=tz):
        best.setdefault(path.member.user_id, path)  # ties come best first
    return [OrganizationPath(member=p.member, is_you=p.is_you, people=counts[member_id],
                             best=p, best_person_id=p.tie.person_id,
                             best_person_name=p.tie.facts["name"])
            for member_id, p in best.items()]


# Coverage ------------------------------------------------------------------------------


@dataclass
class Area:
    """A team of the own organisation, a media outlet or a beat, and who is warm there."""

    kind: str  # team / outlet / beat
    name: str
    people: int  # people of the workspace in it
    team_id: int | None = None
    warm: dict[int, int] = field(default_factory=dict)  # member id -> warm people there

    @property
    def warm_people(self) -> int:
        return sum(self.warm.values())

    @property
    def is_blind(self) -> bool:
        return not self.warm


@dataclass
class MemberCoverage:
    member: Member
    teams: list[tuple[Area, int]]  # (area, warm people of the member there), most first
    outlets: list[tuple[Area, int]]
    beats: list[tuple[Area, int]]
    warm_people: int

    @property
    def is_empty(self) -> bool:
        return not (self.teams or self.outlets or self.beats)


@dataclass
class Coverage:
    members: list[MemberCoverage]
    teams: list[Area]
    outlets: list[Area]
    beats: list[Area]
    has_own_organization: bool

    def blind(self, kind: str) -> list[Area]:
        return [a for a in getattr(self, kind) if a.is_blind][:COVERAGE_LIMIT]

    def covered(self, kind: str) -> list[Area]:
        return sorted((a for a in getattr(self, kind) if not a.is_blind),
                      key=lambda a: (-a.warm_people, a.name.lower()))[:COVERAGE_LIMIT]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _outlet_of(facts: dict) -> str:
    if facts.get("outlet"):
        return facts["outlet"]
    if facts.get("organization__kind") == OrganizationKind.MEDIA:
        return facts.get("organization__name") or ""
    return ""


def _named_areas(kind: str, rows) -> dict[str, Area]:
    """Areas named by free text, one per spelling-insensitive name (the most common
    spelling shows)."""
    areas: dict[str, Area] = {}
    for name, people in rows:
        key = _key(name)
        if not key:
            continue
        if key in areas:
            areas[key].people += people
        else:
            areas[key] = Area(kind=kind, name=" ".join(name.split()), people=people)
    return areas


def team_coverage(workspace: Workspace, *, today: date) -> Coverage:
    """Per member and for the team: the teams of the own organisation, the media outlets
    and the beats where they have warm relationships, and where nobody has (blind spots).

    Six queries, whatever the number of people and members."""
    members = team_members(workspace)
    by_id = {m.user_id: m for m in members}
    tz = workspace_tz(workspace)
    live = Q(workspace=workspace, archived_at__isnull=True)
    teams = {t.pk: Area(kind="team", name=t.name, people=t.people, team_id=t.pk)
             for t in Team.objects.filter(workspace=workspace, organization__is_own=True)
             .annotate(people=Count("members", filter=Q(members__archived_at__isnull=True)))
             .order_by("name", "id")}
    outlet_rows = list(Person.objects.filter(live).exclude(outlet="").values_list("outlet")
                       .annotate(n=Count("id")).order_by("-n", "outlet")[:UNIVERSE_LIMIT])
    outlet_rows += list(Person.objects.filter(live, outlet="",
                                              organization__kind=OrganizationKind.MEDIA)
                        .values_list("organization__name").annotate(n=Count("id"))
                        .order_by("-n", "organization__name")[:UNIVERSE_LIMIT])
    outlets = _named_areas("outlet", outlet_rows)
    beats = _named_areas("beat", Person.objects.filter(live).exclude(beat="")
                         .values_list("beat").annotate(n=Count("id"))
                         .order_by("-n", "beat")[:UNIVERSE_LIMIT])
    ties = member_ties(workspace, member_ids=by_id, today=today, tz=tz, warm_only=True,
                       people=Q(person__archived_at__isnull=True),
                       facts=("team_id", "outlet", "beat", "organization__kind",
                              "organization__name"))
    per_member: dict[int, Counter] = defaultdict(Counter)
    for tie in ties:
        per_member[tie.member_id]["people"] += 1
        found = [teams.get(tie.facts["team_id"]),
                 outlets.get(_key(_outlet_of(tie.facts))),
                 beats.get(_key(tie.facts["beat"] or ""))]
        for area in found:
            if area is not None:
                area.warm[tie.member_id] = area.warm.get(tie.member_id, 0) + 1

    def mine(areas, member_id):
        return sorted(((a, a.warm[member_id]) for a in areas if member_id in a.warm),
                      key=lambda pair: (-pair[1], pair[0].name.lower()))[:COVERAGE_LIMIT]

    by_size = lambda areas: sorted(areas, key=lambda a: (-a.people, a.name.lower()))  # noqa: E731
    team_list, outlet_list, beat_list = (by_size(teams.values()), by_size(outlets.values()),
                                         by_size(beats.values()))
    return Coverage(
        members=[MemberCoverage(member=m, teams=mine(team_list, m.user_id),
                                outlets=mine(outlet_list, m.user_id),
                                beats=mine(beat_list, m.user_id),
                                warm_people=per_member[m.user_id]["people"])
                 for m in members],
        teams=team_list, outlets=outlet_list, beats=beat_list,
        has_own_organization=Organization.objects.filter(workspace=workspace,
                                                         is_own=True).exists(),
    )
