"""Webhooks (owners only): list, read, register, remove, and each one's delivery log.

Writes are webhooks.services, reads webhooks.selectors; the secret is in the answer of
the create only (as on the page, where it is shown once)."""

from datetime import datetime

from ninja import Field, Query, Router, Status

from backstory.core.events import EVENTS
from backstory.webhooks import selectors, services
from backstory.webhooks.models import Delivery, DeliveryStatus
from backstory.workspaces.models import Role

from ..auth import api_auth
from ..errors import ERRORS
from ..idempotency import IDEMPOTENCY_DOC, idempotent
from ..pagination import PageParams, page_of, paginate
from ..schemas import InSchema, PathId, Schema

router = Router(tags=["webhooks"], auth=api_auth(role=Role.OWNER))


class WebhookOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    is_active: bool
    created_at: datetime
    updated_at: datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(..., description="The signing secret: given this once.")


class WebhookIn(InSchema):
    url: str = Field(..., min_length=1, max_length=500)
    description: str = Field("", max_length=200)
    events: list[str] = Field(..., min_length=1, max_length=len(EVENTS),
                              description="names of events: " + ", ".join(EVENTS))


class DeliveryOut(Schema):
    id: int
    event: str
    event_id: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    response_status: int | None
    response_excerpt: str
    error: str
    created_at: datetime
    delivered_at: datetime | None


WebhookPage = page_of(WebhookOut, "WebhookPage")
DeliveryPage = page_of(DeliveryOut, "DeliveryPage")


@router.get("/webhooks", response={200: WebhookPage, **ERRORS}, summary="List webhooks")
def webhooks_list(request, page: Query[PageParams]):
    return paginate(selectors.webhooks_of(request.workspace), page)


@router.post("/webhooks", response={201: WebhookCreatedOut, **ERRORS},
             summary="Register a webhook (the answer holds its secret, once)",
             openapi_extra=IDEMPOTENCY_DOC)
@idempotent(WebhookCreatedOut)
def webhook_create(request, data: WebhookIn):
    webhook = services.webhook_create(request.workspace, by=request.user, url=data.url,
                                      events=data.events, description=data.description)
    return Status(201, webhook)


@router.get("/webhooks/{webhook_id}", response={200: WebhookOut, **ERRORS},
            summary="Read a webhook")
def webhook_detail(request, webhook_id: PathId):
    return selectors.webhook_get(request.workspace, webhook_id)


@router.delete("/webhooks/{webhook_id}", response={204: None, **ERRORS},
               summary="Remove a webhook and its delivery log")
def webhook_delete(request, webhook_id: PathId):
    webhook = selectors.webhook_get(request.workspace, webhook_id)
    services.webhook_delete(request.workspace, by=request.user, webhook=webhook)
    return Status(204, None)


@router.get("/webhooks/{webhook_id}/deliveries", response={200: DeliveryPage, **ERRORS},
            summary="A webhook's delivery log, newest first")
def webhook_deliveries(request, webhook_id: PathId, page: Query[PageParams]):
    webhook = selectors.webhook_get(request.workspace, webhook_id)
    rows = (Delivery.objects.filter(workspace=request.workspace, webhook=webhook)
            .defer("body").order_by("-created_at", "-pk"))
    return paginate(rows, page)
