"""Tips and pitches: the board's list and filters, a tip's edit and moves, a pitch's
edit, its moves (sent, replied, took it, passed) and its coverage.

Writes are stories.services, reads stories.selectors (and people's / interactions'
selectors for the records a body points at)."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Status

from backstory.interactions.selectors import interaction_get
from backstory.people.selectors import person_get
from backstory.stories import selectors, services
from backstory.stories.models import PitchStatus, TipKind, TipStatus

from ..errors import ERRORS
from ..etag import if_match, set_etag
from ..idempotency import IDEMPOTENCY_DOC, idempotent
from ..pagination import PageParams, page_of, paginate
from ..schemas import InSchema, PathId, Ref, Schema

router = Router(tags=["stories"])
MAX = 2**63 - 1


class PitchSummaryOut(Schema):
    id: int
    status: PitchStatus
    journalist: Ref
    covered_on: date | None
    coverage_outlet: str


class TipOut(Schema):
    id: int
    title: str
    kind: TipKind
    status: TipStatus
    heard_on: date
    happens_on: date | None
    details: str
    interaction_id: int | None
    sources: list[Ref]
    pitches: list[PitchSummaryOut]
    status_changed_at: datetime
    covered_on: date | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_sources(tip) -> list:
        return [row.person for row in tip.tip_sources.all()]

    @staticmethod
    def resolve_pitches(tip) -> list:
        return list(tip.pitches.all())


class TipDetailOut(TipOut):
    version: str

    @staticmethod
    def resolve_version(tip) -> str:
        return services.TIP_VERSION.of(tip)


class TipSummaryOut(TipOut):
    details: str = Field("", description="in the list: empty (read the tip for it)")

    @staticmethod
    def resolve_details(tip) -> str:
        return ""


TipPage = page_of(TipSummaryOut, "TipPage")


class TipFilters(InSchema):
    """The board's filters (/tips/?…), and one column."""

    status: TipStatus | None = None
    q: str = Field("", max_length=200)
    kind: TipKind | None = None
    source: int | None = Field(None, ge=1, le=MAX, description="a source's person id")
    early: bool = Field(False, description="heads-ups heard before they happen")


class TipIn(InSchema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: TipKind
    heard_on: date
    source_ids: list[int] = Field(..., min_length=1, max_length=50)
    details: str = Field("", max_length=100_000)
    happens_on: date | None = None
    interaction_id: int | None = Field(None, ge=1, le=MAX)


class TipPatch(InSchema):
    """What is left out stays as it is; ``source_ids``, when sent, replaces them."""

    title: str | None = Field(None, min_length=1, max_length=200)
    kind: TipKind | None = None
    heard_on: date | None = None
    source_ids: list[int] | None = Field(None, min_length=1, max_length=50)
    details: str | None = Field(None, max_length=100_000)
    happens_on: date | None = None
    interaction_id: int | None = Field(None, ge=1, le=MAX)


class TipMoveIn(InSchema):
    status: TipStatus


class PitchOut(Schema):
    id: int
    tip: Ref
    journalist: Ref
    angle: str
    status: PitchStatus
    follow_up_days: int
    sent_on: date | None
    replied_on: date | None
    decided_on: date | None
    coverage_outlet: str
    coverage_url: str
    coverage_headline: str
    covered_on: date | None
    version: str
    coverage_version: str

    @staticmethod
    def resolve_tip(pitch) -> dict:
        return {"id": pitch.tip_id, "name": pitch.tip.title}

    @staticmethod
    def resolve_version(pitch) -> str:
        return services.PITCH_VERSION.of(pitch)

    @staticmethod
    def resolve_coverage_version(pitch) -> str:
        return services.COVERAGE_VERSION.of(pitch)


class PitchIn(InSchema):
    journalist_id: int = Field(..., ge=1, le=MAX)
    angle: str = Field(..., min_length=1, max_length=20_000)
    follow_up_days: int = Field(4, ge=1, le=365)
    sent_on: date | None = Field(None, description="already sent on this day")


class PitchPatch(InSchema):
    angle: str | None = Field(None, min_length=1, max_length=20_000)
    follow_up_days: int | None = Field(None, ge=1, le=365)


class PitchMoveIn(InSchema):
    status: Literal["sent", "replied", "accepted", "declined"]
    on: date | None = None


class CoverageIn(InSchema):
    outlet: str = Field("", max_length=200, description="the journalist's outlet if empty")
    published_on: date
    url: str = Field("", max_length=500)
    headline: str = Field("", max_length=300)


def _sources(request, ids) -> list:
    return [person_get(request.workspace, pk) for pk in dict.fromkeys(ids)]


def _interaction(request, interaction_id):
    return interaction_get(request.workspace, interaction_id) if interaction_id else None


def _tip(request, tip_id: int, response: HttpResponse | None = None):
    tip = selectors.tip_get(request.workspace, tip_id)
    if response is not None:
        set_etag(response, services.TIP_VERSION.of(tip))
    return tip


def _pitch(request, pitch_id: int, response: HttpResponse | None = None, *,
           coverage: bool = False):
    pitch = selectors.pitch_get(request.workspace, pitch_id)
    if response is not None:
        version = services.COVERAGE_VERSION if coverage else services.PITCH_VERSION
        set_etag(response, version.of(pitch))
    return pitch


@router.get("/tips", response={200: TipPage, **ERRORS}, summary="List tips")
def tips_list(request, filters: Query[TipFilters], page: Query[PageParams]):
    """The board's tips, last moved first, with the board's filters (and a column)."""
    board = selectors.BoardFilter(q=filters.q.strip(), kind=filters.kind or "",
                                  source_id=filters.source, early=filters.early)
    rows = selectors.tips_matching(request.workspace, board)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return paginate(rows, page)


@router.post("/tips", response={201: TipDetailOut, **ERRORS}, summary="Capture a tip",
             openapi_extra=IDEMPOTENCY_DOC)
@idempotent(TipDetailOut)
def tip_create(request, data: TipIn):
    tip = services.tip_create(request.workspace, by=request.user, data=services.TipFields(
        title=data.title, kind=data.kind, heard_on=data.heard_on,
        sources=_sources(request, data.source_ids), details=data.details,
        happens_on=data.happens_on, interaction=_interaction(request, data.interaction_id)))
    return Status(201, _tip(request, tip.pk))


@router.get("/tips/{tip_id}", response={200: TipDetailOut, **ERRORS}, summary="Read a tip")
def tip_detail(request, tip_id: PathId, response: HttpResponse):
    return _tip(request, tip_id, response)


@router.patch("/tips/{tip_id}", response={200: TipDetailOut, **ERRORS},
              summary="Change a tip (send If-Match: the ETag you read)")
def tip_update(request, tip_id: PathId, data: TipPatch, response: HttpResponse):
    tip = _tip(request, tip_id)
    sent = data.model_fields_set
    sources = (_sources(request, data.source_ids) if data.source_ids is not None
               else [row.person for row in tip.tip_sources.all()])
    interaction = (_interaction(request, data.interaction_id) if "interaction_id" in sent
                   else tip.interaction)
    fields = services.TipFields(
        title=data.title if data.title is not None else tip.title,
        kind=data.kind or tip.kind,
        heard_on=data.heard_on or tip.heard_on, sources=sources,
        details=data.details if data.details is not None else tip.details,
        happens_on=data.happens_on if "happens_on" in sent else tip.happens_on,
        interaction=interaction)
    services.tip_update(request.workspace, by=request.user, tip=tip, data=fields,
                        expected_version=if_match(request))
    return _tip(request, tip_id, response)


@router.post("/tips/{tip_id}/move", response={200: TipDetailOut, **ERRORS},
             summary="Move a tip on the board (the reason comes back when it may not)")
def tip_move(request, tip_id: PathId, data: TipMoveIn, response: HttpResponse):
    tip = _tip(request, tip_id)
    services.tip_move(request.workspace, by=request.user, tip=tip, status=data.status)
    return _tip(request, tip_id, response)


@router.delete("/tips/{tip_id}", response={204: None, **ERRORS}, summary="Delete a tip")
def tip_delete(request, tip_id: PathId):
    services.tip_delete(request.workspace, by=request.user, tip=_tip(request, tip_id))
    return Status(204, None)


@router.post("/tips/{tip_id}/pitches", response={201: PitchOut, **ERRORS},
             summary="Pitch the tip to one journalist", openapi_extra=IDEMPOTENCY_DOC)
@idempotent(PitchOut)
def pitch_create(request, tip_id: PathId, data: PitchIn):
    tip = _tip(request, tip_id)
    pitch = services.pitch_create(
        request.workspace, by=request.user, tip=tip,
        journalist=person_get(request.workspace, data.journalist_id), angle=data.angle,
        follow_up_days=data.follow_up_days, sent_on=data.sent_on)
    return Status(201, _pitch(request, pitch.pk))


@router.get("/pitches/{pitch_id}", response={200: PitchOut, **ERRORS}, summary="Read a pitch")
def pitch_detail(request, pitch_id: PathId, response: HttpResponse):
    return _pitch(request, pitch_id, response)


@router.patch("/pitches/{pitch_id}", response={200: PitchOut, **ERRORS},
              summary="Change a pitch's angle or follow-up (If-Match)")
def pitch_update(request, pitch_id: PathId, data: PitchPatch, response: HttpResponse):
    pitch = _pitch(request, pitch_id)
    services.pitch_update(
        request.workspace, by=request.user, pitch=pitch,
        angle=data.angle if data.angle is not None else pitch.angle,
        follow_up_days=data.follow_up_days or pitch.follow_up_days,
        expected_version=if_match(request))
    return _pitch(request, pitch_id, response)


@router.post("/pitches/{pitch_id}/move", response={200: PitchOut, **ERRORS},
             summary="Sent, replied, took it or passed")
def pitch_move(request, pitch_id: PathId, data: PitchMoveIn, response: HttpResponse):
    pitch = _pitch(request, pitch_id)
    services.pitch_move(request.workspace, by=request.user, pitch=pitch, status=data.status,
                        on=data.on)
    return _pitch(request, pitch_id, response)


@router.put("/pitches/{pitch_id}/coverage", response={200: PitchOut, **ERRORS},
            summary="Record the coverage: the tip is covered (If-Match: coverage_version)")
def coverage_record(request, pitch_id: PathId, data: CoverageIn, response: HttpResponse):
    pitch = _pitch(request, pitch_id)
    services.pitch_record_coverage(
        request.workspace, by=request.user, pitch=pitch, outlet=data.outlet,
        published_on=data.published_on, url=data.url, headline=data.headline,
        expected_version=if_match(request))
    return _pitch(request, pitch_id, response, coverage=True)


@router.delete("/pitches/{pitch_id}/coverage", response={200: PitchOut, **ERRORS},
               summary="Remove the coverage (the story was pulled)")
def pitch_coverage_remove(request, pitch_id: PathId, response: HttpResponse):
    services.pitch_remove_coverage(request.workspace, by=request.user,
                                   pitch=_pitch(request, pitch_id))
    return _pitch(request, pitch_id, response, coverage=True)


@router.delete("/pitches/{pitch_id}", response={204: None, **ERRORS},
               summary="Delete a draft pitch")
def pitch_delete(request, pitch_id: PathId):
    services.pitch_delete(request.workspace, by=request.user, pitch=_pitch(request, pitch_id))
    return Status(204, None)
