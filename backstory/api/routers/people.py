"""People: list (the web's filters), read, create, update (If-Match), archive, restore.

Every write is people.services; every read people.selectors (and the follow-up state
from followups.selectors, as the person page shows it)."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Status

from backstory.followups.cadence import State
from backstory.followups.selectors import person_followup
from backstory.people import selectors, services
from backstory.people.models import Channel, Circle, ContactKind, Direction, Format
from backstory.workspaces.clock import workspace_today

from ..errors import ERRORS
from ..etag import IF_MATCH_DOC, if_match, set_etag
from ..idempotency import IDEMPOTENCY_DOC, idempotent
from ..pagination import PageParams, page_of, paginate
from ..schemas import InSchema, PathId, Ref, Schema

router = Router(tags=["people"])

StateName = Literal[tuple(State.ALL)]  # type: ignore[valid-type]
SortName = Literal[tuple(selectors.SORTS)]  # type: ignore[valid-type]


class ContactOut(Schema):
    kind: ContactKind
    value: str
    label: str
    is_primary: bool


class ContactIn(InSchema):
    kind: ContactKind
    value: str = Field(..., max_length=500)
    label: str = Field("", max_length=60)


class PersonSummaryOut(Schema):
    """A person as the people list shows them."""

    id: int
    name: str
    title: str
    organization: Ref | None
    team: Ref | None
    circle: Circle
    direction: Direction | Literal[""]
    tags: list[str]
    last_touch_at: datetime | None
    snoozed_until: date | None
    followup_state: str | None = Field(None, description="fresh, due, overdue, never, "
                                                         "snoozed, off or archived")
    archived: bool

    @staticmethod
    def resolve_tags(person) -> list[str]:
        return [t.name for t in person.tags.all()]

    @staticmethod
    def resolve_archived(person) -> bool:
        return person.archived_at is not None

    @staticmethod
    def resolve_followup_state(person) -> str | None:
        return getattr(person, "fu_state", None)


class PersonOut(PersonSummaryOut):
    """Everything about a person; ``version`` is also the answer's ETag."""

    preferred_channel: Channel | Literal[""]
    preferred_format: Format | Literal[""]
    best_time: str
    beat: str
    outlet: str
    wants: str
    offers: str
    how_we_met: str
    met_on: date | None
    introduced_by: Ref | None
    birthday_year: int | None
    birthday_month: int | None
    birthday_day: int | None
    notes: str
    cadence_min_days: int | None
    cadence_max_days: int | None
    cadence_off: bool
    contact_points: list[ContactOut]
    created_at: datetime
    updated_at: datetime
    version: str

    @staticmethod
    def resolve_contact_points(person) -> list:
        return list(person.contact_points.all())

    @staticmethod
    def resolve_version(person) -> str:
        return services.person_version(person)


PersonPage = page_of(PersonSummaryOut, "PersonPage")


class PeopleFilters(InSchema):
    """The people list's filters, named as in the web's address bar (/people/?…)."""

    q: str = Field("", max_length=200, description="words of the name, e-mail, notes…")
    circle: Circle | None = None
    org: int | None = Field(None, ge=1, le=2**63 - 1, description="organisation id")
    team: int | None = Field(None, ge=1, le=2**63 - 1, description="team id")
    tag: str = Field("", max_length=60)
    direction: Direction | None = None
    archived: bool = False
    sort: SortName = "name"
    state: StateName | None = None


class PersonIn(InSchema):
    """A new person. ``organization_name`` finds (any case) or creates the organisation."""

    name: str = Field(..., min_length=1, max_length=200)
    title: str = Field("", max_length=200)
    organization_name: str = Field("", max_length=200)
    team_id: int | None = Field(None, ge=1, le=2**63 - 1)
    circle: Circle = Circle.OTHER
    direction: Direction | Literal[""] = ""
    preferred_channel: Channel | Literal[""] = ""
    preferred_format: Format | Literal[""] = ""
    best_time: str = Field("", max_length=120)
    beat: str = Field("", max_length=200)
    outlet: str = Field("", max_length=200)
    wants: str = Field("", max_length=10_000)
    offers: str = Field("", max_length=10_000)
    how_we_met: str = Field("", max_length=10_000)
    met_on: date | None = None
    introduced_by_id: int | None = Field(None, ge=1, le=2**63 - 1)
    birthday_year: int | None = Field(None, ge=1900, le=2200)
    birthday_month: int | None = Field(None, ge=1, le=12)
    birthday_day: int | None = Field(None, ge=1, le=31)
    notes: str = Field("", max_length=100_000)
    cadence_min_days: int | None = Field(None, ge=1, le=3650)
    cadence_max_days: int | None = Field(None, ge=1, le=3650)
    cadence_off: bool = False
    contact_points: list[ContactIn] = Field(default_factory=list, max_length=200)
    tags: list[str] = Field(default_factory=list, max_length=100)


class PersonPatch(InSchema):
    """A change to a person: what is left out stays as it is. ``contact_points`` and
    ``tags``, when sent, replace the person's."""

    name: str | None = Field(None, min_length=1, max_length=200)
    title: str | None = Field(None, max_length=200)
    organization_name: str | None = Field(None, max_length=200)
    team_id: int | None = Field(None, ge=1, le=2**63 - 1)
    circle: Circle | None = None
    direction: Direction | Literal[""] | None = None
    preferred_channel: Channel | Literal[""] | None = None
    preferred_format: Format | Literal[""] | None = None
    best_time: str | None = Field(None, max_length=120)
    beat: str | None = Field(None, max_length=200)
    outlet: str | None = Field(None, max_length=200)
    wants: str | None = Field(None, max_length=10_000)
    offers: str | None = Field(None, max_length=10_000)
    how_we_met: str | None = Field(None, max_length=10_000)
    met_on: date | None = None
    introduced_by_id: int | None = Field(None, ge=1, le=2**63 - 1)
    birthday_year: int | None = Field(None, ge=1900, le=2200)
    birthday_month: int | None = Field(None, ge=1, le=12)
    birthday_day: int | None = Field(None, ge=1, le=31)
    notes: str | None = Field(None, max_length=100_000)
    cadence_min_days: int | None = Field(None, ge=1, le=3650)
    cadence_max_days: int | None = Field(None, ge=1, le=3650)
    cadence_off: bool | None = None
    contact_points: list[ContactIn] | None = Field(None, max_length=200)
    tags: list[str] | None = Field(None, max_length=100)


# What PersonFields holds as the person has it, for a change that leaves it out.
_KEPT = ("name", "title", "circle", "direction", "preferred_channel", "preferred_format",
         "best_time", "beat", "outlet", "wants", "offers", "how_we_met", "met_on",
         "birthday_year", "birthday_month", "birthday_day", "notes", "cadence_min_days",
         "cadence_max_days", "cadence_off")


def _contacts(items) -> list[services.ContactInput]:
    return [services.ContactInput(kind=c.kind, value=c.value, label=c.label) for c in items]


def _links(request, data) -> dict:
    """The records a person's input points at, each read from this workspace (404 else)."""
    workspace = request.workspace
    sent = data.model_fields_set
    found = {}
    if "team_id" in sent:
        found["team"] = selectors.team_get(workspace, data.team_id) if data.team_id else None
    if "introduced_by_id" in sent:
        found["introduced_by"] = (selectors.person_get(workspace, data.introduced_by_id)
                                  if data.introduced_by_id else None)
    return found


def _read(request, person_id: int):
    person = selectors.person_get(request.workspace, person_id)
    info = person_followup(request.workspace, person.pk,
                           today=workspace_today(request.workspace), user=request.user)
    person.fu_state = info.state
    return person


@router.get("/people", response={200: PersonPage, **ERRORS}, summary="List people")
def people_list(request, filters: Query[PeopleFilters], page: Query[PageParams]):
    """People in the order and with the filters of the people list."""
    f = selectors.PeopleFilter(
        q=filters.q.strip(), circle=filters.circle or "", organization_id=filters.org,
        team_id=filters.team, tag=filters.tag.strip(), direction=filters.direction or "",
        archived=filters.archived, sort=filters.sort, state=filters.state or "")
    rows, walking = selectors.people_list_plans(request.workspace, f)
    if f.state and rows.count() >= selectors.WALK_FROM:
        rows = walking
    return paginate(rows, page)


@router.post("/people", response={201: PersonOut, **ERRORS}, summary="Create a person",
             openapi_extra=IDEMPOTENCY_DOC)
@idempotent(PersonOut)
def person_create(request, data: PersonIn):
    links = _links(request, data)
    fields = services.PersonFields(
        **{name: getattr(data, name) for name in _KEPT},
        organization_name=data.organization_name, team=links.get("team"),
        introduced_by=links.get("introduced_by"),
        contacts=_contacts(data.contact_points), tags=data.tags)
    person = services.person_create(request.workspace, by=request.user, data=fields)
    return Status(201, _read(request, person.pk))


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS}, summary="Read a person")
def person_detail(request, person_id: PathId, response: HttpResponse):
    person = _read(request, person_id)
    set_etag(response, services.person_version(person))
    return person


@router.patch("/people/{person_id}", response={200: PersonOut, **ERRORS},
              summary="Change a person (send If-Match: the ETag you read)",
              openapi_extra=IF_MATCH_DOC)
def person_update(request, person_id: PathId, data: PersonPatch, response: HttpResponse):
    workspace = request.workspace
    person = selectors.person_get(workspace, person_id)
    sent = data.model_fields_set
    links = _links(request, data)
    values = {name: getattr(data, name) if name in sent and getattr(data, name) is not None
              else getattr(person, name) for name in _KEPT}
    if "met_on" in sent:
        values["met_on"] = data.met_on
    for name in ("birthday_year", "birthday_month", "birthday_day", "cadence_min_days",
                 "cadence_max_days"):
        if name in sent:
            values[name] = getattr(data, name)
    organization = person.organization
    organization_name = ""
    if "organization_name" in sent:
        organization_name = data.organization_name or ""
        organization = None
    fields = services.PersonFields(
        **values, organization=organization, organization_name=organization_name,
        team=links.get("team", person.team), introduced_by=links.get(
            "introduced_by", person.introduced_by),
        contacts=_contacts(data.contact_points) if data.contact_points is not None else None,
        tags=data.tags)
    services.person_update(workspace, by=request.user, person=person, data=fields,
                           expected_version=if_match(request))
    person = _read(request, person_id)
    set_etag(response, services.person_version(person))
    return person


@router.post("/people/{person_id}/archive", response={200: PersonOut, **ERRORS},
             summary="Archive a person")
def person_archive(request, person_id: PathId, response: HttpResponse):
    person = selectors.person_get(request.workspace, person_id)
    services.person_archive(request.workspace, by=request.user, person=person)
    person = _read(request, person_id)
    set_etag(response, services.person_version(person))
    return person


@router.post("/people/{person_id}/restore", response={200: PersonOut, **ERRORS},
             summary="Bring an archived person back")
def person_restore(request, person_id: PathId, response: HttpResponse):
    person = selectors.person_get(request.workspace, person_id)
    services.person_restore(request.workspace, by=request.user, person=person)
    person = _read(request, person_id)
    set_etag(response, services.person_version(person))
    return person
