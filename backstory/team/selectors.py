"""Reads of the team: who on the team knows a person or someone at an organisation (warm
paths), and where the team's warm relationships are and are not (coverage). All of them
read each member's stored relationship (``followups.Relationship``).

Every read here takes a fixed number of queries, whatever the number of people and of
members. A workspace of one member has no teammates: the warm paths are empty there.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max, Q

from backstory.followups.models import Relationship
from backstory.followups.ties import Tie, member_strengths, people_ties
from backstory.people.models import Organization, OrganizationKind, Person, Team
from backstory.workspaces.clock import workspace_tz
from backstory.workspaces.members import member_name
from backstory.workspaces.models import Role, Workspace
from backstory.workspaces.selectors import members_of

from .ties import Known, tie_words, warm_q

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


CACHE_SECONDS = 24 * 3600


def _cached(workspace: Workspace, what: str, compute):
    """A read of many rows, kept under the workspace's data version: every write bumps
    it in its transaction (``core.derived``), so a cached value is never stale — the key
    names the version the request's workspace was read at."""
    # (The creation time too: a workspace id can be used again after a delete.)
    key = (f"team:{workspace.pk}:{workspace.created_at.timestamp()}:"
           f"{workspace.data_version}:{what}")
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def _known(tie: Tie, member: Member, *, viewer_id: int | None, today: date, tz) -> Known:
    return Known(tie=tie, name=member.name, is_you=tie.user_id == viewer_id,
                 words=tie_words(tie, today=today, tz=tz), can_introduce=member.can_introduce)


def warm_paths_for_people(workspace: Workspace, person_ids: list[int], *, viewer_id: int | None,
                          today: date, members: list[Member] | None = None,
                          ) -> dict[int, list[Known]]:
    """Per person, the members who know them, best first (the viewer too, as "you").

    Five queries (four when ``members`` is given), in a workspace of one too (whose pages
    do not show it), so that the count does not depend on the number of members."""
    members = team_members(workspace) if members is None else members
    if not person_ids:
        return {}
    tz = workspace_tz(workspace)
    by_id = {m.user_id: m for m in members}
    return {person_id: [_known(t, by_id[t.user_id], viewer_id=viewer_id, today=today, tz=tz)
                        for t in ties if t.user_id in by_id]
            for person_id, ties in people_ties(workspace, person_ids, today=today).items()
            if ties}


@dataclass(frozen=True)
class OrganizationPath:
    """A teammate who knows people at an organisation: how many, and the best of them."""

    best: Known
    people: int
    best_person_id: int
    best_person_name: str


def warm_paths_for_organization(workspace: Workspace, organization: Organization, *,
                                viewer_id: int | None, today: date,
                                members: list[Member] | None = None) -> list[OrganizationPath]:
    """The members who know someone at ``organization``, best first: per member the
    number of people they know there and the one they saw last, with how well. Counting
    an organisation of thousands reads many rows, so it is cached under the workspace's
    data version (``_cached``); else five queries, whatever the number of people."""
    members = team_members(workspace) if members is None else members
    return _cached(workspace, f"org:{organization.pk}:{today.isoformat()}:{viewer_id}",
                   lambda: _organization_paths(workspace, organization, viewer_id=viewer_id,
                                               today=today, members=members))


def _organization_paths(workspace: Workspace, organization: Organization, *,
                        viewer_id: int | None, today: date,
                        members: list[Member]) -> list[OrganizationPath]:
    tz = workspace_tz(workspace)
    by_id = {m.user_id: m for m in members}
    known = Relationship.objects.filter(workspace=workspace, person__organization=organization,
                                        touch_count__gt=0, user_id__in=list(by_id))
    latest = {row["user_id"]: row for row in known.values("user_id").annotate(
        people=Count("id"), last=Max("last_touch_at")).order_by()}
    wanted = Q(pk__in=[])
    for user_id, row in latest.items():
        wanted |= Q(user_id=user_id, last_touch_at=row["last"])
    rows = list(known.filter(wanted).order_by("user_id", "person_id").values(
        "user_id", "person_id", "person__name", "last_touch_at", "touch_count")) if latest else []
    scores = member_strengths(workspace, {r["person_id"] for r in rows}, today=today)
    best: dict[int, dict] = {}
    for row in rows:
        best.setdefault(row["user_id"], row)  # two people seen at the same moment: one
    paths = []
    for user_id, row in best.items():
        tie = Tie(user_id=user_id, name=by_id[user_id].name, person_id=row["person_id"],
                  last_touch_at=row["last_touch_at"], touch_count=row["touch_count"],
                  strength=scores.get((user_id, row["person_id"]), 0.0))
        paths.append(OrganizationPath(
            best=_known(tie, by_id[user_id], viewer_id=viewer_id, today=today, tz=tz),
            people=latest[user_id]["people"], best_person_id=row["person_id"],
            best_person_name=row["person__name"]))
    paths.sort(key=lambda p: (-p.best.tie.strength, -p.people, p.best.name.lower()))
    return paths


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
        """The biggest areas (by people) where nobody on the team is warm."""
        return [a for a in getattr(self, kind) if a.is_blind][:COVERAGE_LIMIT]

    def covered(self, kind: str) -> list[Area]:
        return sorted((a for a in getattr(self, kind) if not a.is_blind),
                      key=lambda a: (-a.warm_people, a.name.lower()))[:COVERAGE_LIMIT]


def _key(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _outlet(outlet: str, org_kind: str | None, org_name: str | None) -> str:
    """A person's media outlet: what they wrote down, else their organisation if it is one."""
    if outlet:
        return outlet
    return (org_name or "") if org_kind == OrganizationKind.MEDIA else ""


def _named_areas(kind: str, rows) -> dict[str, Area]:
    """Areas named by free text, one per name whatever its case and spaces."""
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


def _by_size(areas) -> list[Area]:
    return sorted(areas, key=lambda a: (-a.people, a.name.lower()))


def team_coverage(workspace: Workspace, *, today: date) -> Coverage:
    """Per member and for the team: the teams of the own organisation, the media outlets
    and the beats where they have warm relationships (``ties.warm_q``), and where nobody
    has (blind spots).

    It counts every warm relationship of the workspace, so it is kept in the cache under
    the workspace's data version (``Workspace.data_version``, bumped by every write,
    members' too) and the day: no query when nothing changed, else seven, whatever the
    number of people and members."""
    return _cached(workspace, f"coverage:{today.isoformat()}",
                   lambda: _coverage(workspace, today=today))


def _coverage(workspace: Workspace, *, today: date) -> Coverage:
    members = team_members(workspace)
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
    # Warm relationships, grouped by member and by what the coverage counts.
    counted = (Q(person__team__isnull=False) | ~Q(person__outlet="") | ~Q(person__beat="")
               | Q(person__organization__kind=OrganizationKind.MEDIA))
    warm = (Relationship.objects.filter(warm_q(today, tz), counted, workspace=workspace,
                                        person__archived_at__isnull=True)
            .values_list("user_id", "person__team_id", "person__outlet", "person__beat",
                         "person__organization__kind", "person__organization__name")
            .annotate(n=Count("id")).order_by())
    warm_people: Counter = Counter()
    for user_id, team_id, outlet, beat, org_kind, org_name, n in warm:
        warm_people[user_id] += n
        for area in (teams.get(team_id), outlets.get(_key(_outlet(outlet, org_kind, org_name))),
                     beats.get(_key(beat))):
            if area is not None:
                area.warm[user_id] = area.warm.get(user_id, 0) + n
    team_list, outlet_list, beat_list = (_by_size(teams.values()), _by_size(outlets.values()),
                                         _by_size(beats.values()))

    def mine(areas: list[Area], user_id: int) -> list[tuple[Area, int]]:
        return sorted(((a, a.warm[user_id]) for a in areas if user_id in a.warm),
                      key=lambda pair: (-pair[1], pair[0].name.lower()))[:COVERAGE_LIMIT]

    return Coverage(
        members=[MemberCoverage(member=m, teams=mine(team_list, m.user_id),
                                outlets=mine(outlet_list, m.user_id),
                                beats=mine(beat_list, m.user_id),
                                warm_people=warm_people[m.user_id]) for m in members],
        teams=team_list, outlets=outlet_list, beats=beat_list,
        has_own_organization=Organization.objects.filter(workspace=workspace,
                                                         is_own=True).exists(),
    )
