"""Reads of the webhooks and their delivery log, scoped to one workspace."""

from __future__ import annotations

from django.db.models import Count, Max

from backstory.core.errors import NotFound
from backstory.workspaces.models import Workspace

from .models import Delivery, DeliveryAttempt, Webhook

LOG_LENGTH = 50


def webhooks_of(workspace: Workspace):
    return (Webhook.objects.filter(workspace=workspace)
            .annotate(delivery_count=Count("deliveries"),
                      last_delivery_at=Max("deliveries__created_at"))
            .order_by("created_at", "pk"))


def webhook_get(workspace: Workspace, webhook_id: int) -> Webhook:
    found = Webhook.objects.filter(workspace=workspace, pk=webhook_id).first()
    if found is None:
        raise NotFound("No such webhook in this workspace.")
    return found


def deliveries_of(workspace: Workspace, webhook: Webhook, *, limit: int = LOG_LENGTH):
    """The newest deliveries of a webhook (the log), without their bodies."""
    return list(Delivery.objects.filter(workspace=workspace, webhook=webhook)
                .defer("body").order_by("-created_at", "-pk")[:limit])


def delivery_get(workspace: Workspace, webhook: Webhook, delivery_id: int) -> Delivery:
    found = Delivery.objects.filter(workspace=workspace, webhook=webhook, pk=delivery_id).first()
    if found is None:
        raise NotFound("No such delivery of this webhook.")
    return found


def attempts_of(workspace: Workspace, delivery: Delivery) -> list[DeliveryAttempt]:
    return list(DeliveryAttempt.objects.filter(workspace=workspace, delivery=delivery)
                .order_by("number"))
