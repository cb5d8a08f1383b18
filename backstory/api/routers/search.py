"""Search: people, organisations and interactions that match, best first
(search.selectors.search, the search page's read). Not paged: the best ``limit`` of each
kind, and ``more`` names the kinds that have more matches."""

import html
from datetime import datetime
from typing import Literal

from django.utils.html import strip_tags
from ninja import Field, Query, Router

from backstory.interactions.models import InteractionKind
from backstory.search.selectors import search as search_all

from ..errors import ERRORS
from ..schemas import InSchema, Ref, Schema
from . import interactions as interaction_answers

router = Router(tags=["search"])


def _plain(marked) -> str:
    """Highlighted text as plain text (the web marks the matching words)."""
    return html.unescape(strip_tags(str(marked))) if marked is not None else ""


class PersonHitOut(Schema):
    id: int
    name: str
    about: str = Field(..., description="title · organisation")
    found_in: str = Field(..., description="where else the words were found, e.g. Notes")
    snippet: str
    archived: bool


class OrganizationHitOut(Schema):
    id: int
    name: str
    snippet: str


class InteractionHitOut(Schema):
    id: int
    kind: InteractionKind
    occurred_at: datetime
    summary: str
    people: list[Ref]
    snippet: str


class SearchOut(Schema):
    q: str
    people: list[PersonHitOut]
    organizations: list[OrganizationHitOut]
    interactions: list[InteractionHitOut]
    more: list[str] = Field(..., description="kinds with more matches than were returned")


class SearchParams(InSchema):
    q: str = Field(..., max_length=200, description="the words, as in the search box")
    limit: int = Field(10, ge=1, le=50, description="at most this many of each kind")
    kind: Literal["person", "organization", "interaction"] | None = None


@router.get("/search", response={200: SearchOut, **ERRORS}, summary="Search")
def search(request, params: Query[SearchParams]):
    kinds = (params.kind,) if params.kind else ("person", "organization", "interaction")
    found = search_all(request.workspace, params.q, limit=params.limit, kinds=kinds,
                       viewer=request.user)
    user = request.user
    return {
        "q": params.q,
        "people": [{"id": h.person.pk, "name": h.person.name, "about": _plain(h.about),
                    "found_in": h.label, "snippet": _plain(h.snippet),
                    "archived": h.person.archived_at is not None} for h in found.people],
        "organizations": [{"id": h.organization.pk, "name": h.organization.name,
                           "snippet": _plain(h.snippet)} for h in found.organizations],
        "interactions": [{
            "id": h.interaction.pk, "kind": h.interaction.kind,
            "occurred_at": h.interaction.occurred_at, "summary": h.interaction.summary,
            "people": list(h.interaction.participants.all()),
            # A snippet of notes the caller may not read is not shown.
            "snippet": (_plain(h.snippet) if h.label or interaction_answers.notes_for(
                h.interaction, user) == h.interaction.notes else ""),
        } for h in found.interactions],
        "more": sorted(found.more),
    }
