"""Organisations: list (the organisations page's search), read, create, update (If-Match),
and an organisation's teams and people."""

from datetime import datetime

from django.http import HttpResponse
from ninja import Field, Query, Router, Status

from backstory.people import selectors, services
from backstory.people.models import OrganizationKind

from ..errors import ERRORS
from ..etag import IF_MATCH_DOC, if_match, set_etag
from ..idempotency import IDEMPOTENCY_DOC, idempotent
from ..pagination import PageParams, page_of, paginate
from ..schemas import InSchema, PathId, Schema
from .people import PersonPage

router = Router(tags=["organisations"])


class OrganizationOut(Schema):
    id: int
    name: str
    kind: OrganizationKind
    is_own: bool
    website: str
    notes: str
    people_count: int | None = Field(None, description="people not archived (in lists)")
    team_count: int | None = None
    created_at: datetime
    updated_at: datetime
    version: str

    @staticmethod
    def resolve_version(org) -> str:
        return services.ORGANIZATION_VERSION.of(org)

    @staticmethod
    def resolve_people_count(org):
        return getattr(org, "people_count", None)

    @staticmethod
    def resolve_team_count(org):
        return getattr(org, "team_count", None)


OrganizationPage = page_of(OrganizationOut, "OrganizationPage")


class OrganizationFilters(InSchema):
    q: str = Field("", max_length=200, description="part of the name")


class OrganizationIn(InSchema):
    name: str = Field(..., min_length=1, max_length=200)
    kind: OrganizationKind = OrganizationKind.COMPANY
    is_own: bool = False
    website: str = Field("", max_length=500)
    notes: str = Field("", max_length=100_000)


class OrganizationPatch(InSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: OrganizationKind | None = None
    is_own: bool | None = None
    website: str | None = Field(None, max_length=500)
    notes: str | None = Field(None, max_length=100_000)


def _counted(request, orgs: list) -> list:
    selectors.organizations_count(request.workspace, orgs)
    return orgs


@router.get("/organizations", response={200: OrganizationPage, **ERRORS},
            summary="List organisations")
def organizations_list(request, filters: Query[OrganizationFilters], page: Query[PageParams]):
    rows = selectors.organizations_list(request.workspace, filters.q)
    return paginate(rows, page, read=lambda orgs: _counted(request, orgs))


@router.post("/organizations", response={201: OrganizationOut, **ERRORS},
             summary="Create an organisation", openapi_extra=IDEMPOTENCY_DOC)
@idempotent(OrganizationOut)
def organization_create(request, data: OrganizationIn):
    org = services.organization_create(request.workspace, by=request.user, name=data.name,
                                       kind=data.kind, is_own=data.is_own,
                                       website=data.website, notes=data.notes)
    return Status(201, org)


@router.get("/organizations/{organization_id}", response={200: OrganizationOut, **ERRORS},
            summary="Read an organisation")
def organization_detail(request, organization_id: PathId, response: HttpResponse):
    org = selectors.organization_get(request.workspace, organization_id)
    set_etag(response, services.ORGANIZATION_VERSION.of(org))
    return _counted(request, [org])[0]


@router.patch("/organizations/{organization_id}", response={200: OrganizationOut, **ERRORS},
              summary="Change an organisation (send If-Match)", openapi_extra=IF_MATCH_DOC)
def organization_update(request, organization_id: PathId, data: OrganizationPatch,
                        response: HttpResponse):
    org = selectors.organization_get(request.workspace, organization_id)
    sent = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    values = {name: sent.get(name, getattr(org, name))
              for name in ("name", "kind", "is_own", "website", "notes")}
    services.organization_update(request.workspace, by=request.user, organization=org,
                                 expected_version=if_match(request), **values)
    org = selectors.organization_get(request.workspace, organization_id)
    set_etag(response, services.ORGANIZATION_VERSION.of(org))
    return _counted(request, [org])[0]


@router.get("/organizations/{organization_id}/people", response={200: PersonPage, **ERRORS},
            summary="The people of an organisation")
def organization_people(request, organization_id: PathId, page: Query[PageParams]):
    org = selectors.organization_get(request.workspace, organization_id)
    rows = selectors.people_list(request.workspace,
                                 selectors.PeopleFilter(organization_id=org.pk))
    return paginate(rows, page)
