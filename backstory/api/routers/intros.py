"""Introductions (the double opt-in, step by step, and the outcome) and opportunities
(open, close, reopen, refer a match).

Writes are intros.services, reads intros.selectors (and people's selector for the people
a body names)."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Status

from backstory.intros import selectors, services
from backstory.intros.models import IntroStatus, OpportunityKind, Outcome
from backstory.intros.transitions import STEPS
from backstory.people.selectors import person_get

from ..errors import ERRORS
from ..etag import if_match, set_etag
from ..idempotency import IDEMPOTENCY_DOC, idempotent
from ..pagination import PageParams, page_of, paginate
from ..schemas import InSchema, PathId, Ref, Schema

router = Router(tags=["introductions"])
MAX = 2**63 - 1
StepName = Literal[tuple(STEPS)]  # type: ignore[valid-type]


class IntroductionOut(Schema):
    id: int
    person_a: Ref
    person_b: Ref
    reason: str
    opportunity_id: int | None
    status: IntroStatus
    status_changed_at: datetime
    asked_a_on: date | None
    a_agreed_on: date | None
    asked_b_on: date | None
    introduced_on: date | None
    declined_on: date | None
    declined_by: str
    outcome: Outcome | Literal[""]
    outcome_on: date | None
    outcome_note: str
    version: str

    @staticmethod
    def resolve_version(intro) -> str:
        return services.INTRODUCTION_VERSION.of(intro)


IntroductionPage = page_of(IntroductionOut, "IntroductionPage")


class IntroductionFilters(InSchema):
    """The introductions list's filters (/intros/?…)."""

    state: Literal["all", "open", "introduced", "declined"] = "all"
    q: str = Field("", max_length=200)
    outcome: Outcome | None = None


class IntroductionIn(InSchema):
    person_a_id: int = Field(..., ge=1, le=MAX)
    person_b_id: int = Field(..., ge=1, le=MAX)
    reason: str = Field(..., min_length=1, max_length=10_000)
    opportunity_id: int | None = Field(None, ge=1, le=MAX)
    a_requested: bool = Field(False, description="A asked for it: A's yes is recorded")


class IntroductionPatch(InSchema):
    reason: str = Field(..., min_length=1, max_length=10_000)


class StepIn(InSchema):
    step: StepName
    on: date | None = None


class OutcomeIn(InSchema):
    outcome: Outcome
    note: str = Field("", max_length=10_000)
    on: date | None = None


class OpportunityOut(Schema):
    id: int
    kind: OpportunityKind
    title: str
    description: str
    organization_name: str
    url: str
    keywords: str
    deadline: date | None
    contact: Ref | None
    brought_by: Ref | None
    is_open: bool
    closed_at: datetime | None
    created_at: datetime
    version: str

    @staticmethod
    def resolve_version(opportunity) -> str:
        return services.OPPORTUNITY_VERSION.of(opportunity)


OpportunityPage = page_of(OpportunityOut, "OpportunityPage")


class OpportunityFilters(InSchema):
    state: Literal["open", "closed", "all"] = "open"
    kind: OpportunityKind | None = None
    q: str = Field("", max_length=200)


class OpportunityIn(InSchema):
    kind: OpportunityKind
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=20_000)
    organization_name: str = Field("", max_length=200)
    url: str = Field("", max_length=500)
    keywords: str = Field("", max_length=300)
    deadline: date | None = None
    contact_id: int | None = Field(None, ge=1, le=MAX)
    brought_by_id: int | None = Field(None, ge=1, le=MAX)


class OpportunityPatch(InSchema):
    """What is left out stays as it is."""

    kind: OpportunityKind | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=20_000)
    organization_name: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=500)
    keywords: str | None = Field(None, max_length=300)
    deadline: date | None = None
    contact_id: int | None = Field(None, ge=1, le=MAX)
    brought_by_id: int | None = Field(None, ge=1, le=MAX)


class CloseIn(InSchema):
    closed: bool = Field(True, description="false reopens it")
    why: str = Field("", max_length=300)


class ReferIn(InSchema):
    person_id: int = Field(..., ge=1, le=MAX)
    how: Literal["intro", "action"]
    reason: str = Field("", max_length=10_000)


class LeadOut(Schema):
    id: int
    person: Ref
    introduction_id: int | None
    action_item_id: int | None


def _person(request, person_id):
    return person_get(request.workspace, person_id) if person_id else None


def _intro(request, introduction_id: int, response: HttpResponse | None = None):
    intro = selectors.introduction_get(request.workspace, introduction_id)
    if response is not None:
        set_etag(response, services.INTRODUCTION_VERSION.of(intro))
    return intro


def _opportunity(request, opportunity_id: int, response: HttpResponse | None = None):
    opportunity = selectors.opportunity_get(request.workspace, opportunity_id)
    if response is not None:
        set_etag(response, services.OPPORTUNITY_VERSION.of(opportunity))
    return opportunity


@router.get("/introductions", response={200: IntroductionPage, **ERRORS},
            summary="List introductions")
def introductions_list(request, filters: Query[IntroductionFilters], page: Query[PageParams]):
    rows = selectors.introductions_list(request.workspace, state=filters.state,
                                        q=filters.q.strip(), outcome=filters.outcome or "")
    return paginate(rows, page)


@router.post("/introductions", response={201: IntroductionOut, **ERRORS},
             summary="Propose an introduction of A to B", openapi_extra=IDEMPOTENCY_DOC)
@idempotent(IntroductionOut)
def introduction_create(request, data: IntroductionIn):
    opportunity = (selectors.opportunity_get(request.workspace, data.opportunity_id)
                   if data.opportunity_id else None)
    intro = services.introduction_start(
        request.workspace, by=request.user, person_a=_person(request, data.person_a_id),
        person_b=_person(request, data.person_b_id), reason=data.reason,
        opportunity=opportunity, a_requested=data.a_requested)
    return Status(201, _intro(request, intro.pk))


@router.get("/introductions/{introduction_id}", response={200: IntroductionOut, **ERRORS},
            summary="Read an introduction")
def introduction_detail(request, introduction_id: PathId, response: HttpResponse):
    return _intro(request, introduction_id, response)


@router.patch("/introductions/{introduction_id}", response={200: IntroductionOut, **ERRORS},
              summary="Change why they should meet (If-Match)")
def introduction_update(request, introduction_id: PathId, data: IntroductionPatch,
                        response: HttpResponse):
    services.introduction_update(request.workspace, by=request.user,
                                 introduction=_intro(request, introduction_id),
                                 reason=data.reason, expected_version=if_match(request))
    return _intro(request, introduction_id, response)


@router.post("/introductions/{introduction_id}/step",
             response={200: IntroductionOut, **ERRORS},
             summary="One step of the double opt-in (refused, with why, out of turn)")
def introduction_step(request, introduction_id: PathId, data: StepIn,
                      response: HttpResponse):
    services.introduction_step(request.workspace, by=request.user,
                               introduction=_intro(request, introduction_id),
                               step=data.step, on=data.on)
    return _intro(request, introduction_id, response)


@router.post("/introductions/{introduction_id}/outcome",
             response={200: IntroductionOut, **ERRORS}, summary="Record how it went")
def introduction_outcome(request, introduction_id: PathId, data: OutcomeIn,
                         response: HttpResponse):
    services.introduction_record_outcome(
        request.workspace, by=request.user, introduction=_intro(request, introduction_id),
        outcome=data.outcome, note=data.note, on=data.on)
    return _intro(request, introduction_id, response)


@router.delete("/introductions/{introduction_id}", response={204: None, **ERRORS},
               summary="Delete a proposed introduction nobody was asked about")
def introduction_delete(request, introduction_id: PathId):
    services.introduction_delete(request.workspace, by=request.user,
                                 introduction=_intro(request, introduction_id))
    return Status(204, None)


@router.get("/opportunities", response={200: OpportunityPage, **ERRORS},
            summary="List opportunities")
def opportunities_list(request, filters: Query[OpportunityFilters], page: Query[PageParams]):
    rows = selectors.opportunities_list(request.workspace, state=filters.state,
                                        kind=filters.kind or "", q=filters.q.strip())
    return paginate(rows, page)


def _fields(request, data, opportunity=None) -> services.OpportunityFields:
    sent = data.model_fields_set

    def value(name):
        if opportunity is None or (name in sent and getattr(data, name) is not None):
            return getattr(data, name)
        return getattr(opportunity, name)

    def person(name):
        if opportunity is None or f"{name}_id" in sent:
            return _person(request, getattr(data, f"{name}_id"))
        return getattr(opportunity, name)

    return services.OpportunityFields(
        kind=value("kind"), title=value("title"), description=value("description"),
        organization_name=value("organization_name"), url=value("url"),
        keywords=value("keywords"),
        deadline=data.deadline if opportunity is None or "deadline" in sent
        else opportunity.deadline,
        contact=person("contact"), brought_by=person("brought_by"))


@router.post("/opportunities", response={201: OpportunityOut, **ERRORS},
             summary="Add an opportunity", openapi_extra=IDEMPOTENCY_DOC)
@idempotent(OpportunityOut)
def opportunity_create(request, data: OpportunityIn):
    opportunity = services.opportunity_create(request.workspace, by=request.user,
                                              data=_fields(request, data))
    return Status(201, _opportunity(request, opportunity.pk))


@router.get("/opportunities/{opportunity_id}", response={200: OpportunityOut, **ERRORS},
            summary="Read an opportunity")
def opportunity_detail(request, opportunity_id: PathId, response: HttpResponse):
    return _opportunity(request, opportunity_id, response)


@router.patch("/opportunities/{opportunity_id}", response={200: OpportunityOut, **ERRORS},
              summary="Change an opportunity (If-Match)")
def opportunity_update(request, opportunity_id: PathId, data: OpportunityPatch,
                       response: HttpResponse):
    opportunity = _opportunity(request, opportunity_id)
    services.opportunity_update(request.workspace, by=request.user, opportunity=opportunity,
                                data=_fields(request, data, opportunity),
                                expected_version=if_match(request))
    return _opportunity(request, opportunity_id, response)


@router.post("/opportunities/{opportunity_id}/close", response={200: OpportunityOut, **ERRORS},
             summary="Close (or reopen) an opportunity")
def opportunity_close(request, opportunity_id: PathId, data: CloseIn,
                      response: HttpResponse):
    services.opportunity_close(request.workspace, by=request.user,
                               opportunity=_opportunity(request, opportunity_id),
                               closed=data.closed, why=data.why)
    return _opportunity(request, opportunity_id, response)


@router.post("/opportunities/{opportunity_id}/refer", response={200: LeadOut, **ERRORS},
             summary="Act on a match: introduce them to the contact, or a to-do to tell them")
def opportunity_refer(request, opportunity_id: PathId, data: ReferIn):
    lead = services.opportunity_refer(
        request.workspace, by=request.user, opportunity=_opportunity(request, opportunity_id),
        person=_person(request, data.person_id), how=data.how, reason=data.reason)
    return lead
