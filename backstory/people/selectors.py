"""Every read of people, organisations and teams, always scoped to one workspace."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from backstory.core.errors import NotFound
from backstory.workspaces.models import Workspace

from .models import Organization, Person, Tag, Team


@dataclass
class PeopleFilter:
    q: str = ""
    circle: str = ""
    organization_id: int | None = None
    team_id: int | None = None
    tag: str = ""
    direction: str = ""
    archived: bool = False
    sort: str = "name"  # name | -last_touch | last_touch | -created
    state: str = ""  # a follow-up state (backstory.followups.cadence.State)
    owner_id: int | None = None  # the relationship owner (a user id)
    no_owner: bool = False  # only people whose relationship nobody leads


SORTS = {
    "name": ("name", "id"),
    "last_touch": (F("last_touch_at").asc(nulls_first=True), "id"),
    "-last_touch": (F("last_touch_at").desc(nulls_last=True), "id"),
    "-created": ("-created_at", "-id"),
}


def do_not_contact_marks(workspace: Workspace, ids) -> dict[int, tuple]:
    """(when, reason) of those of these people who are marked do not contact, by id (one
    query; none for no ids)."""
    ids = set(ids)
    if not ids:
        return {}
    return {pk: (at, reason) for pk, at, reason in Person.objects.filter(
        workspace=workspace, pk__in=ids, do_not_contact_at__isnull=False)
        .values_list("pk", "do_not_contact_at", "do_not_contact_reason")}


def person_get(workspace: Workspace, person_id: int) -> Person:
    """One person of this workspace, or 404 — never a person of another workspace."""
    person = (
        Person.objects.filter(workspace=workspace, pk=person_id)
        .select_related("organization", "team", "team__leader", "introduced_by", "owner",
                        "do_not_contact_by")
        .prefetch_related("tags", "contact_points")
        .first()
    )
    if person is None:
        raise NotFound("No such person in this workspace.")
    return person


# From this many matches on, a page of people filtered by follow-up state is read by
# walking the list's order (name, last touch…) and testing each row, not by collecting
# every match from the state index and sorting it.
WALK_FROM = 1500


def people_list(workspace: Workspace, filters: PeopleFilter) -> QuerySet[Person]:
    return people_list_plans(workspace, filters)[0]


def people_list_plans(
    workspace: Workspace, filters: PeopleFilter,
) -> tuple[QuerySet[Person], QuerySet[Person]]:
    """The people list twice: served by the follow-up state indexes (for counting, and
    for pages when few people match), and read in the list's order testing each row
    (for pages when ``WALK_FROM`` or more match). Same rows, same order."""
    from backstory.followups.cadence import Unindexed

    if filters.tag:
        # A tag's people are read from the tag's rows (the tag's index), then looked up
        # one by one; SQLite must not scan the whole workspace testing each person
        # against them, so the workspace and archive conditions are not searched by.
        tag_ids = list(Tag.objects.filter(workspace=workspace, name__iexact=filters.tag)
                       .values_list("id", flat=True))
        qs = Person.objects.alias(row_workspace=Unindexed("workspace_id"),
                                  row_archived=Unindexed("archived_at")).filter(
            row_workspace=workspace.pk, row_archived__isnull=not filters.archived,
            pk__in=Person.tags.through.objects.filter(tag_id__in=tag_ids).values("person_id"))
    else:
        qs = Person.objects.filter(workspace=workspace,
                                   archived_at__isnull=not filters.archived)
    if filters.circle:
        qs = qs.filter(circle=filters.circle)
    if filters.direction:
        qs = qs.filter(direction=filters.direction)
    if filters.organization_id:
        qs = qs.filter(organization_id=filters.organization_id)
    if filters.team_id:
        qs = qs.filter(team_id=filters.team_id)
    if filters.no_owner:
        qs = qs.filter(owner__isnull=True)
    elif filters.owner_id:
        qs = qs.filter(owner_id=filters.owner_id)
    if filters.q:
        qs = qs.filter(_search_q(workspace, filters.q))
    # The follow-up state of every row comes from the same one annotation as Today.
    from backstory.followups.cadence import DATED_STATES, Unindexed, state_q
    from backstory.followups.selectors import (
        cadence_defaults,
        local_today,
        people_with_followup,
    )

    today, defaults = local_today(workspace), cadence_defaults(workspace)
    qs = people_with_followup(workspace, today=today, qs=qs, defaults=defaults)
    walk = qs
    if filters.state:
        # Conditions on the stored window dates (indexed), equal to ``fu_state == state``.
        qs = qs.filter(state_q(filters.state, today=today, defaults=defaults))
        if filters.state not in DATED_STATES:
            walk = qs
        else:
            walk = walk.alias(walk_opens=Unindexed("followup_opens_on"),
                              walk_closes=Unindexed("followup_closes_on")).filter(
                state_q(filters.state, today=today, defaults=defaults, columns={
                    "followup_opens_on": "walk_opens", "followup_closes_on": "walk_closes"}))
    return tuple(
        q.order_by(*SORTS.get(filters.sort, SORTS["name"]))
        .select_related("organization", "team", "owner")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        for q in (qs, walk)
    )


def _search_q(workspace: Workspace, text: str) -> Q:
    """People whose name, e-mail, organisation, title, beat, wants or notes hold every
    word of ``text`` (the last may be the start of a word), through the full-text index:
    a lookup, not a scan of every person. Text without a word (punctuation only) matches
    names that contain it."""
    from backstory.search.selectors import person_filter_sql

    found = person_filter_sql(workspace, text)
    if found is None:
        return Q(name__icontains=text.strip())
    sql, params = found
    return Q(pk__in=RawSQL(sql, params))


def people_suggest(workspace: Workspace, text: str, limit: int = 8) -> list[Person]:
    """People with every word of ``text`` in their name (the last word may be the start of
    one), for pickers: names that start with the text first, then by name. Read from the
    name-word index (people.names), whatever the size of the network."""
    from . import normalize
    from .names import name_prefix_matches

    text = " ".join(text.split())
    words = normalize.name_tokens(text)
    if not words:
        return []
    *complete, prefix = words
    ids = name_prefix_matches(workspace, complete, prefix)
    people = Person.objects.filter(workspace=workspace, pk__in=ids).select_related(
        "organization").only("id", "workspace_id", "name", "organization__name",
                             "do_not_contact_at", "do_not_contact_reason").order_by()
    start = text.casefold()
    return sorted(people, key=lambda p: (not p.name.casefold().startswith(start),
                                         p.name.casefold(), p.pk))[:limit]


def people_by_ids(workspace: Workspace, ids: list[int]) -> list[Person]:
    found = {p.pk: p for p in Person.objects.filter(workspace=workspace, pk__in=ids)}
    return [found[i] for i in ids if i in found]


def organizations_list(workspace: Workspace, q: str = "") -> QuerySet[Organization]:
    """Organisations in the list's order; ``organizations_count`` adds the counts to the
    page shown (counting every organisation's people would read the whole network)."""
    qs = Organization.objects.filter(workspace=workspace)
    if q:
        qs = qs.filter(name__icontains=q.strip())
    return qs.order_by("-is_own", "name")


def organizations_count(workspace: Workspace, organizations: list[Organization]) -> None:
    """Set ``people_count`` (not archived) and ``team_count`` on these organisations: two
    grouped queries over the page's organisations only, read from indexes."""
    ids = [org.pk for org in organizations]
    people = dict(Person.objects.filter(workspace=workspace, archived_at__isnull=True,
                                        organization_id__in=ids)
                  .order_by().values_list("organization_id").annotate(n=Count("id")))
    teams = dict(Team.objects.filter(workspace=workspace, organization_id__in=ids)
                 .order_by().values_list("organization_id").annotate(n=Count("id")))
    for org in organizations:
        org.people_count = people.get(org.pk, 0)
        org.team_count = teams.get(org.pk, 0)


def organization_choices(workspace: Workspace, limit: int = 300) -> QuerySet[Organization]:
    """Organisations for a filter menu: ids and names only (no counts to compute)."""
    return (Organization.objects.filter(workspace=workspace).order_by("-is_own", "name")
            .only("id", "name")[:limit])


def organization_get(workspace: Workspace, organization_id: int) -> Organization:
    org = Organization.objects.filter(workspace=workspace, pk=organization_id).first()
    if org is None:
        raise NotFound("No such organisation in this workspace.")
    return org


def own_organization(workspace: Workspace) -> Organization | None:
    return Organization.objects.filter(workspace=workspace, is_own=True).first()


def teams_of(workspace: Workspace, organization: Organization) -> QuerySet[Team]:
    # A count per team from the (team, name) index, not a join of every member.
    members = (Person.objects.filter(workspace=workspace, team_id=OuterRef("pk"),
                                     archived_at__isnull=True)
               .order_by().values("team_id").annotate(n=Count("id")).values("n"))
    return (
        Team.objects.filter(workspace=workspace, organization=organization)
        .select_related("leader")
        .annotate(people_count=Coalesce(Subquery(members), 0))
        .order_by("name")
    )


def teams_all(workspace: Workspace) -> QuerySet[Team]:
    return (
        Team.objects.filter(workspace=workspace)
        .select_related("organization")
        .order_by("-organization__is_own", "organization__name", "name")
    )


def team_get(workspace: Workspace, team_id: int) -> Team:
    team = (
        Team.objects.filter(workspace=workspace, pk=team_id)
        .select_related("organization", "leader")
        .first()
    )
    if team is None:
        raise NotFound("No such team in this workspace.")
    return team


def tags_all(workspace: Workspace) -> QuerySet[Tag]:
    return Tag.objects.filter(workspace=workspace).order_by("name")


def organization_names(workspace: Workspace, limit: int = 500) -> list[str]:
    return list(
        Organization.objects.filter(workspace=workspace)
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )
