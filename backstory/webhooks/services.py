"""Writes of the webhooks an owner registers (the deliveries are written by ``outbox``).

Only an owner of the workspace registers, changes or removes its webhooks: they send its
data out. A signed-in ``by`` who is not an owner is refused here as well as by the pages
(and the API), so that no door forgets it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import transaction

from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.core.events import EVENTS
from backstory.core.versions import Versioned
from backstory.workspaces.actors import Actor, recorded_actor
from backstory.workspaces.models import Membership, Role, Workspace
from backstory.workspaces.services import activity_record

from . import outbox, sending
from .models import Delivery, Webhook

WEBHOOK_VERSION = Versioned("url", "description", "events", "is_active",
                            labels={"url": "URL", "is_active": "active"},
                            what=lambda hook: "this webhook")
MAX_WEBHOOKS = 20


def new_secret() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


def _check_owner(workspace: Workspace, by: Actor) -> None:
    if recorded_actor(by) is None:
        return  # a command run on the server by its operator
    if not Membership.objects.filter(workspace=workspace, user=by, role=Role.OWNER).exists():
        raise DomainError("Only an owner of the workspace can change its webhooks.")


def _check_webhook(workspace: Workspace, webhook: Webhook) -> None:
    if webhook.workspace_id != workspace.pk:
        raise DomainError("That webhook is not in this workspace.")


def _clean(url: str, events: Iterable[str], description: str) -> tuple[str, list[str], str]:
    errors: dict[str, list[str]] = {}
    url = (url or "").strip()
    if not url:
        errors["url"] = ["Where should the events go? Give the URL."]
    elif len(url) > 500:
        errors["url"] = ["That URL is longer than 500 characters."]
    else:
        refusal = sending.url_refusal(url)
        if refusal:
            errors["url"] = [refusal]
    chosen = list(dict.fromkeys(events or []))
    unknown = [e for e in chosen if e not in EVENTS]
    if unknown:
        errors["events"] = [f"“{unknown[0]}” is not an event."]
    elif not chosen:
        errors["events"] = ["Choose at least one event to send."]
    description = " ".join((description or "").split())
    if len(description) > 200:
        errors["description"] = ["Keep the description under 200 characters."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    return url, [e for e in EVENTS if e in chosen], description


@transaction.atomic
def webhook_create(workspace: Workspace, *, by: Actor, url: str, events: Iterable[str],
                   description: str = "") -> Webhook:
    """Register a URL for events; its secret is made here (shown to the owner once)."""
    _check_owner(workspace, by)
    url, events, description = _clean(url, events, description)
    if Webhook.objects.filter(workspace=workspace).count() >= MAX_WEBHOOKS:
        raise DomainError(f"A workspace has at most {MAX_WEBHOOKS} webhooks.")
    derived_refresh(workspace)  # a write: the data version goes up
    webhook = Webhook.objects.create(
        workspace=workspace, url=url, events=events, description=description,
        secret=new_secret(), created_by=recorded_actor(by))
    activity_record(workspace, by=by, action="webhook.created", obj=webhook,
                    data={"url": url, "events": events})
    return webhook


@transaction.atomic
def webhook_update(workspace: Workspace, *, by: Actor, webhook: Webhook, url: str,
                   events: Iterable[str], description: str = "", is_active: bool = True,
                   expected_version: str | None = None) -> Webhook:
    _check_owner(workspace, by)
    _check_webhook(workspace, webhook)
    WEBHOOK_VERSION.lock(webhook, expected_version)
    url, events, description = _clean(url, events, description)
    new = {"url": url, "events": events, "description": description,
           "is_active": bool(is_active)}
    changed = [name for name, value in new.items() if getattr(webhook, name) != value]
    if not changed:
        return webhook
    derived_refresh(workspace)  # a write: the data version goes up
    for name, value in new.items():
        setattr(webhook, name, value)
    webhook.save()
    activity_record(workspace, by=by, action="webhook.updated", obj=webhook,
                    data={"fields": changed})
    return webhook


@transaction.atomic
def webhook_secret_rotate(workspace: Workspace, *, by: Actor, webhook: Webhook) -> Webhook:
    """A new secret: every attempt from now on (retries too) is signed with it."""
    _check_owner(workspace, by)
    _check_webhook(workspace, webhook)
    derived_refresh(workspace)  # a write: the data version goes up
    webhook.secret = new_secret()
    webhook.save(update_fields=["secret", "updated_at"])
    activity_record(workspace, by=by, action="webhook.secret_rotated", obj=webhook)
    return webhook


@transaction.atomic
def webhook_delete(workspace: Workspace, *, by: Actor, webhook: Webhook) -> None:
    """Remove the webhook with its delivery log; nothing more is sent to it."""
    _check_owner(workspace, by)
    _check_webhook(workspace, webhook)
    derived_refresh(workspace)  # a write: the data version goes up
    activity_record(workspace, by=by, action="webhook.deleted", obj=webhook,
                    data={"url": webhook.url})
    webhook.delete()


@transaction.atomic
def webhook_ping(workspace: Workspace, *, by: Actor, webhook: Webhook) -> Delivery:
    """Send a ``ping`` event to the webhook (through the queue, like every event)."""
    _check_owner(workspace, by)
    _check_webhook(workspace, webhook)
    if not webhook.is_active:
        raise DomainError("This webhook is disabled: enable it to send a test ping.")
    derived_refresh(workspace)  # a write: the data version goes up
    event_id = outbox.new_event_id()
    body = outbox.event_body(workspace, "ping", event_id, outbox.PAYLOADS["ping"](webhook))
    (delivery,) = outbox.deliveries_create(workspace, [webhook], "ping", body, event_id)
    return delivery
