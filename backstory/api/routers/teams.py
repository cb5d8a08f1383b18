"""Teams (departments of an organisation): list, read, create, update (If-Match), and a
team's people."""

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Query, Router, Status

from backstory.people import selectors, services

from ..errors import ERRORS
from ..etag import IF_MATCH_DOC, if_match, set_etag
from ..idempotency import IDEMPOTENCY_DOC, idempotent
from ..pagination import PageParams, page_of, paginate
from ..schemas import InSchema, PathId, Ref, Schema
from .people import PersonPage

router = Router(tags=["teams"])


class TeamOut(Schema):
    id: int
    name: str
    organization: Ref
    leader: Ref | None
    notes: str
    created_at: datetime
    updated_at: datetime
    version: str

    @staticmethod
    def resolve_version(team) -> str:
        return services.TEAM_VERSION.of(team)


TeamPage = page_of(TeamOut, "TeamPage")


class TeamIn(InSchema):
    organization_id: int = Field(..., ge=1, le=2**63 - 1)
    name: str = Field(..., min_length=1, max_length=120)
    leader_id: int | None = Field(None, ge=1, le=2**63 - 1)
    notes: str = Field("", max_length=100_000)


class TeamPatch(InSchema):
    name: str | None = Field(None, min_length=1, max_length=120)
    leader_id: int | None = Field(None, ge=1, le=2**63 - 1,
                                  description="send null to clear the leader")
    notes: str | None = Field(None, max_length=100_000)


def _leader(request, leader_id):
    return selectors.person_get(request.workspace, leader_id) if leader_id else None


@router.get("/teams", response={200: TeamPage, **ERRORS}, summary="List teams")
def teams_list(request, page: Query[PageParams]):
    return paginate(selectors.teams_all(request.workspace).select_related("leader"), page)


@router.post("/teams", response={201: TeamOut, **ERRORS}, summary="Create a team",
             openapi_extra=IDEMPOTENCY_DOC)
@idempotent(TeamOut)
def team_create(request, data: TeamIn):
    org = selectors.organization_get(request.workspace, data.organization_id)
    team = services.team_create(request.workspace, by=request.user, organization=org,
                                name=data.name, leader=_leader(request, data.leader_id),
                                notes=data.notes)
    return Status(201, selectors.team_get(request.workspace, team.pk))


@router.get("/teams/{team_id}", response={200: TeamOut, **ERRORS}, summary="Read a team")
def team_detail(request, team_id: PathId, response: HttpResponse):
    team = selectors.team_get(request.workspace, team_id)
    set_etag(response, services.TEAM_VERSION.of(team))
    return team


@router.patch("/teams/{team_id}", response={200: TeamOut, **ERRORS},
              summary="Change a team (send If-Match)", openapi_extra=IF_MATCH_DOC)
def team_update(request, team_id: PathId, data: TeamPatch, response: HttpResponse):
    team = selectors.team_get(request.workspace, team_id)
    sent = data.model_fields_set
    leader = _leader(request, data.leader_id) if "leader_id" in sent else team.leader
    services.team_update(request.workspace, by=request.user, team=team,
                         name=data.name if data.name is not None else team.name,
                         leader=leader,
                         notes=data.notes if data.notes is not None else team.notes,
                         expected_version=if_match(request))
    team = selectors.team_get(request.workspace, team_id)
    set_etag(response, services.TEAM_VERSION.of(team))
    return team


@router.get("/teams/{team_id}/people", response={200: PersonPage, **ERRORS},
            summary="The people of a team")
def team_people(request, team_id: PathId, page: Query[PageParams]):
    team = selectors.team_get(request.workspace, team_id)
    rows = selectors.people_list(request.workspace, selectors.PeopleFilter(team_id=team.pk))
    return paginate(rows, page)
