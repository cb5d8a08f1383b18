"""Search: one function for every page and both databases.

``search(workspace, text)`` returns people, organisations and interactions, each kind
ranked (bm25 on SQLite, ts_rank on PostgreSQL), with the found words highlighted. The
query count is fixed: per kind one ranking query and one (or two) to load the records.

The ranking SQL is in ``schema/ranking.py`` (the search app's SQL all lives in
``schema/``). Work is bounded whatever the data, so that a word found in half of 500,000 notes costs
no more than a rare one: a kind's ranking looks at its newest ``CANDIDATES`` matching
documents. SQLite's FTS5 reads one workspace's matches newest first and stops there.
PostgreSQL reads the workspace's ``PG_WINDOW`` newest documents in order and keeps their
matches; a word with fewer than ``PG_FEW`` of them is rare, and its matches come from
the GIN index instead, however old. Below those bounds — nearly every real query — the
ranking covers every match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.safestring import SafeString

from backstory.interactions.models import Interaction
from backstory.interactions.selectors import notes_visible, private_notes_of
from backstory.people.models import ContactPoint, Organization, Person
from backstory.workspaces.models import Workspace

from . import schema
from .query import Highlighter, Query, parse, plain, query_matches

# person_filter_sql is the people list's door to the index (people.selectors).
from .schema.ranking import person_filter_sql, ranked_ids  # noqa: F401

LIMIT = 10
# How many of an author's newest private notes their search reads (the index has none).
PRIVATE_CANDIDATES = 200


@dataclass
class PersonHit:
    person: Person
    name: SafeString
    about: SafeString  # title · organisation
    label: str = ""  # where else the words were found, e.g. "Notes"
    snippet: SafeString | None = None

    kind = "person"


@dataclass
class OrganizationHit:
    organization: Organization
    name: SafeString
    snippet: SafeString | None = None

    kind = "organization"


@dataclass
class InteractionHit:
    interaction: Interaction
    summary: SafeString
    snippet: SafeString | None = None
    label: str = ""

    kind = "interaction"


@dataclass
class SearchResults:
    text: str
    query: Query
    people: list[PersonHit] = field(default_factory=list)
    organizations: list[OrganizationHit] = field(default_factory=list)
    interactions: list[InteractionHit] = field(default_factory=list)
    # Kinds with more matches than were returned.
    more: set[str] = field(default_factory=set)

    @property
    def searched(self) -> bool:
        return bool(self.query)

    @property
    def found(self) -> bool:
        return bool(self.people or self.organizations or self.interactions)




def search(workspace: Workspace, text: str, *, limit: int = LIMIT,
           kinds: tuple[str, ...] = schema.KINDS, viewer=None) -> SearchResults:
    """People, organisations and interactions of ``workspace`` that match ``text``, best
    first, at most ``limit`` of each kind. Never raises on what the user typed.

    Private notes are not in the index: ``viewer``'s own (their newest
    ``PRIVATE_CANDIDATES``) are matched here, after the shared matches; nobody else's
    private notes are found, shown or hinted at."""
    query = parse(text)
    results = SearchResults(text=text, query=query)
    if not query:
        return results
    marker = Highlighter(query)
    for kind in kinds:
        ids = ranked_ids(workspace, query, kind, limit=limit + 1)
        if kind == "interaction":
            ids += [i for i in _own_private_matches(workspace, query, viewer) if i not in ids]
        if len(ids) > limit:
            results.more.add(kind)
            ids = ids[:limit]
        if not ids:
            continue
        if kind == "person":
            results.people = _people(workspace, ids, marker)
        elif kind == "organization":
            results.organizations = _organizations(workspace, ids, marker)
        else:
            results.interactions = _interactions(workspace, ids, marker, viewer)
    return results


def _own_private_matches(workspace: Workspace, query: Query, viewer) -> list[int]:
    """Ids of the viewer's private notes that match, newest first (one query)."""
    return [pk for pk, notes in private_notes_of(workspace, viewer, limit=PRIVATE_CANDIDATES)
            .values_list("pk", "notes") if query_matches(query, plain(notes))]


def _in_order(rows, ids: list[int]) -> list:
    found = {row.pk: row for row in rows}
    return [found[i] for i in ids if i in found]


def _people(workspace: Workspace, ids: list[int], marker: Highlighter) -> list[PersonHit]:
    emails = ContactPoint.objects.filter(kind="email").order_by("id")
    people = _in_order(
        Person.objects.filter(workspace=workspace, pk__in=ids)
        .select_related("organization")
        .prefetch_related(Prefetch("contact_points", queryset=emails, to_attr="emails")),
        ids,
    )
    hits = []
    for person in people:
        about = " · ".join(x for x in (person.title, getattr(person.organization, "name", ""))
                           if x)
        hit = PersonHit(person=person, name=marker.mark(person.name), about=marker.mark(about))
        others = (
            ("E-mail", " ".join(c.value for c in person.emails)),
            ("Beat", person.beat), ("Outlet", person.outlet),
            ("Looking for", person.wants), ("Can offer", person.offers),
            ("Notes", person.notes), ("How you met", person.how_we_met),
        )
        for label, text in others:
            if marker.matches(text):
                hit.label, hit.snippet = label, marker.snippet(text)
                break
        hits.append(hit)
    return hits


def _organizations(workspace: Workspace, ids: list[int],
                   marker: Highlighter) -> list[OrganizationHit]:
    organizations = _in_order(Organization.objects.filter(workspace=workspace, pk__in=ids), ids)
    return [
        OrganizationHit(organization=o, name=marker.mark(o.name),
                        snippet=marker.snippet(o.notes) if marker.matches(o.notes) else None)
        for o in organizations
    ]


def _interactions(workspace: Workspace, ids: list[int],
                  marker: Highlighter, viewer=None) -> list[InteractionHit]:
    people = Person.objects.only("id", "name", "archived_at").order_by("name")
    interactions = _in_order(
        Interaction.objects.filter(workspace=workspace, pk__in=ids)
        .prefetch_related(Prefetch("participants", queryset=people)),
        ids,
    )
    hits = []
    for interaction in interactions:
        hit = InteractionHit(interaction=interaction, summary=marker.mark(interaction.summary))
        notes = plain(interaction.notes) if notes_visible(interaction, viewer) else ""
        if marker.matches(interaction.place) and not marker.matches(notes):
            hit.label, hit.snippet = "Place", marker.mark(interaction.place)
        elif notes:
            hit.snippet = marker.snippet(notes)
        hits.append(hit)
    return hits
