"""The outbox: a published event becomes one delivery row per subscribed webhook, in the
transaction of the write that raised it, and its delivery job is enqueued there too
(django-tasks' database backend keeps the job as a row of the same transaction).

So an event is recorded exactly when its write commits, is never lost once committed
(a stopped worker's job is taken up again, see ``tasks``), and is never doubled: each
delivery is claimed by one worker at a time, and the body and event id are fixed here,
so a retry sends the same event again.

The body says what happened without the free-text notes (the API gives those to whoever
may read them): the record's id, its main fields and its address in Backstory.
"""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from . import sending
from .models import Delivery, DeliveryAttempt, DeliveryStatus, Webhook

log = logging.getLogger(__name__)


def _link(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _person(person) -> dict:
    return {"id": person.pk, "name": person.name,
            "url": _link("people:detail", person_id=person.pk)}


def _interaction(interaction, *, people=None, **_extra) -> dict:
    people = people if people is not None else list(interaction.participants.all())
    return {"interaction": {
        "id": interaction.pk, "kind": interaction.kind,
        "occurred_at": interaction.occurred_at.isoformat(), "summary": interaction.summary,
        "place": interaction.place, "duration_minutes": interaction.duration_minutes,
        "people": [_person(p) for p in people],
        "url": _link("interactions:detail", interaction_id=interaction.pk)}}


def _person_event(person, *, changed=(), **_extra) -> dict:
    data = {"person": {
        **_person(person), "title": person.title, "circle": person.circle,
        "organization": person.organization.name if person.organization_id else "",
        "archived": person.archived_at is not None}}
    if changed:
        data["changed"] = list(changed)
    return data


def _tip(tip, *, before="", **_extra) -> dict:
    return {"tip": {"id": tip.pk, "title": tip.title, "kind": tip.kind, "status": tip.status,
                    "url": _link("stories:detail", tip_id=tip.pk)},
            "from": before, "to": tip.status}


def _pitch(pitch, **_extra) -> dict:
    data = {"pitch": {
        "id": pitch.pk, "status": pitch.status, "journalist": _person(pitch.journalist),
        "tip": {"id": pitch.tip_id, "title": pitch.tip.title,
                "url": _link("stories:detail", tip_id=pitch.tip_id)},
        "sent_on": pitch.sent_on, "replied_on": pitch.replied_on}}
    if pitch.covered_on:
        data["pitch"]["coverage"] = {
            "outlet": pitch.coverage_outlet, "url": pitch.coverage_url,
            "headline": pitch.coverage_headline, "published_on": pitch.covered_on}
    return data


def _introduction(intro, **_extra) -> dict:
    return {"introduction": {
        "id": intro.pk, "status": intro.status, "outcome": intro.outcome,
        "outcome_on": intro.outcome_on, "people": [_person(intro.person_a),
                                                   _person(intro.person_b)],
        "url": _link("intros:detail", introduction_id=intro.pk)}}


def _import(batch, **_extra) -> dict:
    return {"import": {
        "id": batch.pk, "file_name": batch.file_name, "format": batch.format,
        "status": batch.status, "counts": batch.summary,
        "committed_at": batch.committed_at,
        "url": _link("transfer:batch", batch_id=batch.pk)}}


PAYLOADS = {
    "interaction.logged": _interaction,
    "person.created": _person_event,
    "person.changed": _person_event,
    "tip.moved": _tip,
    "pitch.replied": _pitch,
    "pitch.covered": _pitch,
    "introduction.outcome": _introduction,
    "import.finished": _import,
    "ping": lambda webhook, **_extra: {"webhook": {"id": webhook.pk, "url": webhook.url}},
}


def event_body(workspace, name: str, event_id: str, data: dict) -> str:
    """The JSON every attempt of the event sends."""
    envelope = {"id": event_id, "type": name, "created_at": timezone.now().isoformat(),
                "workspace": {"slug": workspace.slug, "name": workspace.name}, "data": data}
    return json.dumps(envelope, default=str, ensure_ascii=False, separators=(",", ":"))


def new_event_id() -> str:
    return f"evt_{uuid.uuid4().hex}"


def deliveries_create(workspace, webhooks: list[Webhook], name: str, body: str,
                      event_id: str) -> list[Delivery]:
    """The outbox rows and their jobs (in the caller's transaction)."""
    now = timezone.now()
    deliveries = Delivery.objects.bulk_create(
        Delivery(workspace=workspace, webhook=hook, event_id=event_id, event=name,
                 body=body, next_attempt_at=now) for hook in webhooks)
    for delivery in deliveries:
        deliver_webhook.enqueue(delivery.pk)
    return deliveries


def event_record(workspace, name: str, subject, extra: dict) -> None:
    """The sink of core.events: one delivery per active webhook subscribed to ``name``."""
    hooks = [hook for hook in Webhook.objects.filter(workspace=workspace, is_active=True)
             .only("pk", "events") if name in hook.events]
    if not hooks:
        return
    event_id = new_event_id()
    body = event_body(workspace, name, event_id, PAYLOADS[name](subject, **extra))
    with transaction.atomic():
        deliveries_create(workspace, hooks, name, body, event_id)


# Sending, retrying ---------------------------------------------------------------------


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt: the first wait is
    BACKSTORY_WEBHOOKS_RETRY_SECONDS, and each next one four times longer (30 s, 2 min,
    8 min, 32 min, 2 h, 8.5 h, 34 h with the defaults)."""
    return timedelta(seconds=settings.BACKSTORY_WEBHOOKS_RETRY_SECONDS * 4 ** (attempts - 1))


def _stale_claim() -> timedelta:
    """A claim older than this was left by a worker that stopped mid-send."""
    return timedelta(seconds=3 * settings.BACKSTORY_WEBHOOKS_TIMEOUT + 60)


def _due(now) -> Q:
    return (Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - _stale_claim()))


def _claim(delivery_id: int) -> Delivery | None:
    """Take the delivery to send it, if it is due and no other worker has it: a
    conditional UPDATE, so that of two workers (on two servers) only one sends it."""
    now = timezone.now()
    taken = Delivery.objects.filter(_due(now), pk=delivery_id).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not taken:
        return None
    return Delivery.objects.select_related("webhook", "workspace").get(pk=delivery_id)


def headers_for(delivery: Delivery, body: bytes, *, attempt: int) -> dict[str, str]:
    timestamp = int(timezone.now().timestamp())
    return {
        "Backstory-Event": delivery.event,
        "Backstory-Event-Id": delivery.event_id,
        "Backstory-Delivery": str(delivery.pk),
        "Backstory-Attempt": str(attempt),
        "Backstory-Signature": sending.sign(delivery.webhook.secret, body, timestamp),
    }


def delivery_attempt(delivery_id: int) -> dict:
    """One attempt of a delivery (the job): claim it, POST it, log the answer, and on a
    failure wait longer each time — until the attempts run out."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return {"delivery": delivery_id, "status": "not due"}
    webhook = delivery.webhook
    at = timezone.now()
    if not webhook.is_active:
        answer = sending.Answer(ok=False, error="The webhook was disabled; not sent.")
        final = True
    else:
        body = delivery.body.encode()
        answer = sending.post(webhook.url, body,
                              headers_for(delivery, body, attempt=delivery.attempts))
        final = answer.ok or delivery.attempts >= settings.BACKSTORY_WEBHOOKS_MAX_ATTEMPTS
    with transaction.atomic():
        if not Delivery.objects.select_for_update().filter(pk=delivery.pk).exists():
            return {"delivery": delivery_id, "status": "gone"}  # deleted with its webhook
        DeliveryAttempt.objects.create(
            workspace_id=delivery.workspace_id, delivery=delivery, number=delivery.attempts,
            at=at, duration_ms=answer.duration_ms, response_status=answer.status,
            response_excerpt=answer.excerpt, error=answer.error)
        delivery.response_status = answer.status
        delivery.response_excerpt = answer.excerpt
        delivery.error = answer.error
        delivery.claimed_at = None
        if answer.ok:
            delivery.status, delivery.delivered_at = DeliveryStatus.DELIVERED, timezone.now()
            delivery.next_attempt_at = None
        elif final:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
            _enqueue_later(delivery)
        delivery.save(update_fields=["status", "delivered_at", "next_attempt_at",
                                     "claimed_at", "response_status", "response_excerpt",
                                     "error"])
    return {"delivery": delivery_id, "status": delivery.status}


def _enqueue_later(delivery: Delivery) -> None:
    """The retry's job, to run when it is due (in the transaction that records the
    failure). A backend that cannot defer leaves it to ``deliveries_resume``."""
    if deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)


@task()
def deliver_webhook(delivery_id: int) -> dict:
    """Send one webhook delivery (an attempt of it), see ``delivery_attempt``."""
    return delivery_attempt(delivery_id)


def deliveries_resume(*, grace: timedelta = timedelta(minutes=5)) -> int:
    """Enqueue again every delivery that is overdue by more than ``grace`` (its job was
    lost, e.g. with a backend that cannot defer) or whose worker stopped mid-send. A
    second job for a delivery is harmless: only one of them can claim it. Returns how
    many were enqueued (`backstory worker` calls it when it starts)."""
    now = timezone.now()
    overdue = (Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now - grace)
               | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - _stale_claim()))
    ids = list(Delivery.objects.filter(overdue).values_list("pk", flat=True)[:10_000])
    with transaction.atomic():
        for delivery_id in ids:
            deliver_webhook.enqueue(delivery_id)
    return len(ids)
