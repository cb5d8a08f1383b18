"""Action items: list (the action list's filters), read, create, mark done, reopen, snooze."""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Query, Router, Status

from backstory.followups import services as followups
from backstory.interactions import selectors, services
from backstory.people import selectors as people_selectors
from backstory.workspaces.clock import workspace_today

from ..errors import ERRORS
from ..idempotency import IDEMPOTENCY_DOC, idempotent
from ..pagination import PageParams, page_of, paginate
from ..schemas import InSchema, PathId, Ref, Schema

router = Router(tags=["action items"])


class ActionItemOut(Schema):
    id: int
    text: str
    due_on: date | None
    person: Ref | None
    interaction_id: int | None
    done: bool
    done_at: datetime | None
    snoozed_until: date | None

    @staticmethod
    def resolve_done(item) -> bool:
        return item.done_at is not None


ActionItemPage = page_of(ActionItemOut, "ActionItemPage")


class ActionFilters(InSchema):
    state: Literal["open", "done", "all"] = "open"
    person: int | None = Field(None, ge=1, le=2**63 - 1)


class ActionItemIn(InSchema):
    text: str = Field(..., min_length=1, max_length=300)
    due_on: date | None = None
    person_id: int | None = Field(None, ge=1, le=2**63 - 1)
    interaction_id: int | None = Field(None, ge=1, le=2**63 - 1)


class SnoozeIn(InSchema):
    until: date | None = Field(..., description="a day after today (a year at most); null "
                                                "wakes it")


@router.get("/action-items", response={200: ActionItemPage, **ERRORS},
            summary="List action items")
def action_items_list(request, filters: Query[ActionFilters], page: Query[PageParams]):
    rows = selectors.action_items(request.workspace, selectors.ActionFilter(
        state=filters.state, person_id=filters.person))
    return paginate(rows, page)


@router.post("/action-items", response={201: ActionItemOut, **ERRORS},
             summary="Create an action item", openapi_extra=IDEMPOTENCY_DOC)
@idempotent(ActionItemOut)
def action_item_create(request, data: ActionItemIn):
    workspace = request.workspace
    person = people_selectors.person_get(workspace, data.person_id) if data.person_id else None
    interaction = (selectors.interaction_get(workspace, data.interaction_id)
                   if data.interaction_id else None)
    item = services.action_item_create(workspace, by=request.user, text=data.text,
                                       due_on=data.due_on, person=person,
                                       interaction=interaction)
    return Status(201, selectors.action_item_get(workspace, item.pk))


@router.get("/action-items/{action_id}", response={200: ActionItemOut, **ERRORS},
            summary="Read an action item")
def action_item_detail(request, action_id: PathId):
    return selectors.action_item_get(request.workspace, action_id)


def _set_done(request, action_id: int, done: bool):
    item = selectors.action_item_get(request.workspace, action_id)
    services.action_item_set_done(request.workspace, by=request.user, item=item, done=done)
    return selectors.action_item_get(request.workspace, action_id)


@router.post("/action-items/{action_id}/done", response={200: ActionItemOut, **ERRORS},
             summary="Mark an action item done")
def action_item_done(request, action_id: PathId):
    return _set_done(request, action_id, True)


@router.post("/action-items/{action_id}/reopen", response={200: ActionItemOut, **ERRORS},
             summary="Reopen an action item")
def action_item_reopen(request, action_id: PathId):
    return _set_done(request, action_id, False)


@router.post("/action-items/{action_id}/snooze", response={200: ActionItemOut, **ERRORS},
             summary="Snooze an action item until a day (null wakes it)")
def action_item_snooze(request, action_id: PathId, data: SnoozeIn):
    item = selectors.action_item_get(request.workspace, action_id)
    followups.action_item_snooze(request.workspace, by=request.user, item=item,
                                 until=data.until, today=workspace_today(request.workspace))
    return selectors.action_item_get(request.workspace, action_id)
