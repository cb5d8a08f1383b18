"""Interactions (touches): log one, list (the web's filter by kind, and by person), read,
change (If-Match).

Private notes: every answer reads an interaction's notes through ``notes_for`` — the one
place where who may see which notes is decided."""

from datetime import datetime

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Status

from backstory.interactions import selectors, services
from backstory.interactions.models import InteractionKind, Value
from backstory.interactions.visibility import visible_notes
from backstory.people import selectors as people_selectors

from ..errors import ERRORS
from ..etag import IF_MATCH_DOC, if_match, set_etag
from ..idempotency import IDEMPOTENCY_DOC, idempotent
from ..pagination import PageParams, page_of, paginate
from ..schemas import InSchema, PathId, Ref, Schema

router = Router(tags=["interactions"])


def notes_for(interaction, user) -> str:
    """The notes of ``interaction`` that ``user`` may read ("" for someone else's private
    notes): every interaction answer of the API goes through this function, which asks
    the one rule (interactions.visibility)."""
    return visible_notes(interaction, user)


class InteractionOut(Schema):
    id: int
    kind: InteractionKind
    occurred_at: datetime
    people: list[Ref]
    place: str
    duration_minutes: int | None
    summary: str
    notes: str
    notes_private: bool
    value: Value
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    version: str

    @staticmethod
    def resolve_people(interaction) -> list:
        return list(interaction.participants.all())

    @staticmethod
    def resolve_tags(interaction) -> list[str]:
        return [t.name for t in interaction.tags.all()]

    @staticmethod
    def resolve_notes(interaction, context) -> str:
        request = (context or {}).get("request")
        return notes_for(interaction, getattr(request, "user", None))

    @staticmethod
    def resolve_version(interaction, context) -> str:
        request = (context or {}).get("request")
        return services.INTERACTION_VERSION.of(interaction, getattr(request, "user", None))


InteractionPage = page_of(InteractionOut, "InteractionPage")


class InteractionFilters(InSchema):
    kind: InteractionKind | None = None
    person: int | None = Field(None, ge=1, le=2**63 - 1, description="a person's touches")


class InteractionIn(InSchema):
    """A touch with one or more people (ids). ``occurred_at`` needs a time zone."""

    kind: InteractionKind
    occurred_at: datetime
    people: list[int] = Field(..., min_length=1, max_length=100)
    place: str = Field("", max_length=200)
    duration_minutes: int | None = Field(None, ge=1, le=24 * 60)
    summary: str = Field("", max_length=200)
    notes: str = Field("", max_length=100_000)
    notes_private: bool = Field(False, description="the notes are the author's alone")
    value: Value = Value.NONE
    tags: list[str] = Field(default_factory=list, max_length=100)


class InteractionPatch(InSchema):
    kind: InteractionKind | None = None
    occurred_at: datetime | None = None
    people: list[int] | None = Field(None, min_length=1, max_length=100)
    place: str | None = Field(None, max_length=200)
    duration_minutes: int | None = Field(None, ge=1, le=24 * 60)
    summary: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=100_000)
    notes_private: bool | None = Field(None, description="only the author changes it")
    value: Value | None = None
    tags: list[str] | None = Field(None, max_length=100)


def _people(request, ids: list[int]) -> list:
    """The people named by id, each of this workspace (one missing is a 404)."""
    ids = [i for i in ids if 1 <= i <= 2**63 - 1]
    people = people_selectors.people_by_ids(request.workspace, ids)
    if len(people) != len(set(ids)):
        raise Http404("One of these people is not in this workspace.")
    return people


@router.get("/interactions", response={200: InteractionPage, **ERRORS},
            summary="List interactions, newest first")
def interactions_list(request, filters: Query[InteractionFilters], page: Query[PageParams]):
    # The teammates who were there are part of each answer's version: read them at once.
    rows = selectors.interactions_recent(request.workspace, kind=filters.kind or "") \
        .prefetch_related("members")
    if filters.person:
        person = people_selectors.person_get(request.workspace, filters.person)
        rows = rows.filter(participations__person=person)
    return paginate(rows, page)


@router.post("/interactions", response={201: InteractionOut, **ERRORS},
             summary="Log an interaction", openapi_extra=IDEMPOTENCY_DOC)
@idempotent(InteractionOut)
def interaction_log(request, data: InteractionIn):
    fields = services.InteractionFields(
        kind=data.kind, occurred_at=data.occurred_at, people=_people(request, data.people),
        place=data.place, duration_minutes=data.duration_minutes, summary=data.summary,
        notes=data.notes, notes_private=data.notes_private, value=data.value, tags=data.tags)
    interaction = services.interaction_log(request.workspace, by=request.user, data=fields)
    return Status(201, selectors.interaction_get(request.workspace, interaction.pk))


@router.get("/interactions/{interaction_id}", response={200: InteractionOut, **ERRORS},
            summary="Read an interaction")
def interaction_detail(request, interaction_id: PathId, response: HttpResponse):
    interaction = selectors.interaction_get(request.workspace, interaction_id)
    set_etag(response, services.INTERACTION_VERSION.of(interaction, request.user))
    return interaction


@router.patch("/interactions/{interaction_id}", response={200: InteractionOut, **ERRORS},
              summary="Change an interaction (send If-Match)", openapi_extra=IF_MATCH_DOC)
def interaction_update(request, interaction_id: PathId, data: InteractionPatch,
                       response: HttpResponse):
    workspace = request.workspace
    interaction = selectors.interaction_get(workspace, interaction_id)
    sent = data.model_fields_set

    def kept(name):
        value = getattr(data, name)
        return value if name in sent and value is not None else getattr(interaction, name)

    fields = services.InteractionFields(
        kind=kept("kind"), occurred_at=kept("occurred_at"),
        people=(_people(request, data.people) if data.people is not None
                else list(interaction.participants.all())),
        place=kept("place"),
        duration_minutes=(data.duration_minutes if "duration_minutes" in sent
                          else interaction.duration_minutes),
        summary=kept("summary"), notes=kept("notes"), notes_private=kept("notes_private"),
        value=kept("value"),
        tags=(data.tags if data.tags is not None
              else [t.name for t in interaction.tags.all()]))
    services.interaction_update(workspace, by=request.user, interaction=interaction,
                                data=fields, expected_version=if_match(request))
    interaction = selectors.interaction_get(workspace, interaction_id)
    set_etag(response, services.INTERACTION_VERSION.of(interaction, request.user))
    return interaction
