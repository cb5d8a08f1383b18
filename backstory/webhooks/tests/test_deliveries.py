"""Webhooks deliver every event kind, signed, to a real HTTP server on 127.0.0.1; a failing
endpoint is retried with growing waits; every attempt is in the delivery log."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from backstory.core.events import EVENTS
from backstory.interactions.models import Interaction
from backstory.intros import services as intros
from backstory.people.services import PersonFields, person_update
from backstory.stories import services as stories
from backstory.testing import make_interaction, make_person
from backstory.transfer.services import import_file
from backstory.webhooks import outbox, sending
from backstory.webhooks.models import Delivery, DeliveryStatus, Webhook
from backstory.webhooks.services import webhook_create

from .conftest import readme_verify, run_worker

pytestmark = pytest.mark.django_db


def _register(owner_client, url, events) -> tuple[Webhook, str]:
    response = owner_client.post(reverse("webhooks:new"), {
        "url": url, "description": "Test receiver", "events": events})
    assert response.status_code == 302, response.content.decode()[:2000]
    webhook = Webhook.objects.get(url=url)
    page = owner_client.get(response.url).content.decode()
    assert webhook.secret in page  # shown once…
    assert webhook.secret not in owner_client.get(response.url).content.decode()  # …only
    return webhook, webhook.secret


def test_every_event_kind_arrives_signed_after_the_service_call_that_makes_it(
        webhooks_local, receiver, owner_client, personas):
    ws, by = personas.workspace, personas.owner
    webhook, secret = _register(owner_client, receiver.url, list(EVENTS))
    today = timezone.localdate()

    dana = make_person(ws, "Dana Reyes", by=by)                                # person.created
    person_update(ws, by=by, person=dana, data=PersonFields(name="Dana Reyes",
                                                            title="Head of Comms"))
    touch = make_interaction(ws, [dana], by=by, summary="Coffee in Lisbon",    # logged
                             notes="secret words")
    jo = make_person(ws, "Jo Journalist", by=by, circle="media")
    tip = stories.tip_create(ws, by=by, data=stories.TipFields(
        title="Acme cut onboarding", kind="customer_story", heard_on=today, sources=[dana]))
    stories.tip_move(ws, by=by, tip=tip, status="researching")                # tip.moved
    pitch = stories.pitch_create(ws, by=by, tip=tip, journalist=jo, angle="Numbers")
    stories.pitch_move(ws, by=by, pitch=pitch, status="sent")
    stories.pitch_move(ws, by=by, pitch=pitch, status="replied")              # replied
    stories.pitch_record_coverage(ws, by=by, pitch=pitch, outlet="The Wire",  # covered
                                  published_on=today, url="https://wire.example/a")
    intro = intros.introduction_start(ws, by=by, person_a=dana, person_b=jo, reason="Fintech")
    for step in ("ask_a", "a_agreed", "ask_b", "introduce"):
        intros.introduction_step(ws, by=by, introduction=intro, step=step)
    intros.introduction_record_outcome(ws, by=by, introduction=intro,        # outcome
                                       outcome="connected")
    import_file(ws, by=by, name="people.csv", data=(                          # import
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Imre,Imported,https://www.linkedin.com/in/ii,,Imp Co,,07 Dec 2025\n"))
    assert not receiver.requests, "nothing is sent before a worker runs the jobs"

    run_worker()

    verify = readme_verify()
    events = receiver.events()
    assert {e["type"] for e in events} == set(EVENTS)
    for request, event in zip(receiver.requests, events, strict=True):
        headers = request["headers"]
        assert verify(request["body"], headers["Backstory-Signature"], secret)
        assert not verify(request["body"], headers["Backstory-Signature"], "whsec_wrong")
        assert not verify(request["body"] + b" ", headers["Backstory-Signature"], secret)
        assert headers["Backstory-Event"] == event["type"]
        assert headers["Backstory-Event-Id"] == event["id"]
        assert request["path"] == "/hooks/backstory"
        assert event["workspace"]["slug"] == ws.slug
    by_type = {e["type"]: e["data"] for e in events}
    assert by_type["person.changed"]["changed"] == ["title"]
    assert by_type["interaction.logged"]["interaction"]["people"][0]["name"] == "Dana Reyes"
    assert by_type["interaction.logged"]["interaction"]["id"] == touch.pk
    assert "secret words" not in b"".join(r["body"] for r in receiver.requests).decode()
    assert by_type["pitch.covered"]["pitch"]["coverage"]["outlet"] == "The Wire"
    assert by_type["introduction.outcome"]["introduction"]["outcome"] == "connected"
    assert by_type["import.finished"]["import"]["status"] == "committed"
    moves = [(e["data"]["from"], e["data"]["to"]) for e in events if e["type"] == "tip.moved"]
    assert ("new", "researching") in moves and ("pitched", "covered") in moves
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_only_the_chosen_events_of_an_active_webhook_are_sent(webhooks_local, receiver,
                                                               owner_client, personas):
    ws, by = personas.workspace, personas.owner
    webhook, _secret = _register(owner_client, receiver.url, ["interaction.logged"])
    dana = make_person(ws, "Dana Reyes", by=by)
    make_interaction(ws, [dana], by=by)
    Webhook.objects.filter(pk=webhook.pk).update(is_active=False)
    make_interaction(ws, [dana], by=by)  # while disabled: not recorded
    Webhook.objects.filter(pk=webhook.pk).update(is_active=True)
    run_worker()
    assert [e["type"] for e in receiver.events()] == ["interaction.logged"]
    # A delivery still waiting when its webhook is disabled is not sent.
    make_interaction(ws, [dana], by=by)
    Webhook.objects.filter(pk=webhook.pk).update(is_active=False)
    run_worker()
    assert len(receiver.requests) == 1
    assert Delivery.objects.filter(status=DeliveryStatus.FAILED).count() == 1


def test_a_write_that_fails_sends_no_event(webhooks_local, receiver, owner, workspace):
    webhook_create(workspace, by=owner, url=receiver.url, events=["interaction.logged"])
    dana = make_person(workspace, "Dana Reyes", by=owner)
    with pytest.raises(RuntimeError), time_machine.travel(timezone.now()):
        from django.db import transaction

        with transaction.atomic():
            make_interaction(workspace, [dana], by=owner)
            raise RuntimeError("the request failed after the write")
    assert not Interaction.objects.filter(workspace=workspace).exists()
    assert not Delivery.objects.exists()
    run_worker()
    assert receiver.requests == []


def test_a_failing_endpoint_is_retried_with_growing_waits_until_it_answers(
        webhooks_local, receiver, owner_client, personas, settings):
    settings.BACKSTORY_WEBHOOKS_RETRY_SECONDS = 30
    ws, by = personas.workspace, personas.owner
    webhook, secret = _register(owner_client, receiver.url, ["person.created"])
    receiver.statuses = [500, 503]
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        make_person(ws, "Dana Reyes", by=by)
        run_worker()
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (
            DeliveryStatus.PENDING, 1, 500)
        assert delivery.next_attempt_at == start + timedelta(seconds=30)
        assert "boom" in delivery.response_excerpt
        # The retry waits in the queue: a worker now sends nothing.
        run_worker()
        assert len(receiver.requests) == 1
        clock.shift(timedelta(seconds=31))
        run_worker()
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.response_status) == (2, 503)
        assert delivery.next_attempt_at == start + timedelta(seconds=31 + 120)  # 4x longer
        clock.shift(timedelta(seconds=121))
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        DeliveryStatus.DELIVERED, 3, 200)
    assert delivery.next_attempt_at is None
    # The same event, the same body, each attempt signed afresh.
    ids = {r["headers"]["Backstory-Event-Id"] for r in receiver.requests}
    assert len(ids) == 1 and len({r["body"] for r in receiver.requests}) == 1
    assert [r["headers"]["Backstory-Attempt"] for r in receiver.requests] == ["1", "2", "3"]
    verify = readme_verify()
    assert all(verify(r["body"], r["headers"]["Backstory-Signature"], secret, 10**9)
               for r in receiver.requests)
    # The log shows each attempt with its status code and answer.
    log = owner_client.get(reverse("webhooks:detail", kwargs={"webhook_id": webhook.pk}))
    assert "3 attempts" in log.content.decode()
    detail = owner_client.get(reverse("webhooks:delivery", kwargs={
        "webhook_id": webhook.pk, "delivery_id": delivery.pk})).content.decode()
    for code in ("500", "503", "200"):
        assert f">{code}<" in detail
    assert "boom: try later" in detail and "person.created" in detail


def test_a_delivery_runs_out_of_attempts_and_says_so(webhooks_local, receiver, owner,
                                                     workspace, settings):
    settings.BACKSTORY_WEBHOOKS_MAX_ATTEMPTS = 2
    webhook_create(workspace, by=owner, url=receiver.url, events=["person.created"])
    receiver.statuses = [500, 500, 500]
    with time_machine.travel(timezone.now(), tick=False) as clock:
        make_person(workspace, "Dana Reyes", by=owner)
        run_worker()
        clock.shift(timedelta(hours=1))
        run_worker()
        clock.shift(timedelta(days=3))
        run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert len(receiver.requests) == 2
    assert delivery.tries.count() == 2


def test_a_delivery_is_claimed_by_one_worker_only(webhooks_local, receiver, owner,
                                                  workspace):
    """Two jobs of one delivery (a second server's worker, a resumed job): one sends."""
    webhook_create(workspace, by=owner, url=receiver.url, events=["person.created"])
    make_person(workspace, "Dana Reyes", by=owner)
    delivery = Delivery.objects.get()
    outbox.deliver_webhook.enqueue(delivery.pk)
    assert DBTaskResult.objects.count() == 2
    run_worker()
    assert len(receiver.requests) == 1
    assert outbox.delivery_attempt(delivery.pk) == {"delivery": delivery.pk,
                                                    "status": "not due"}


def test_a_delivery_left_by_a_stopped_worker_is_taken_up_again(webhooks_local, receiver,
                                                               owner, workspace):
    webhook_create(workspace, by=owner, url=receiver.url, events=["person.created"])
    make_person(workspace, "Dana Reyes", by=owner)
    DBTaskResult.objects.all().delete()  # the job died with its worker…
    Delivery.objects.update(status=DeliveryStatus.SENDING,  # …mid-send
                            claimed_at=timezone.now() - timedelta(hours=1))
    run_worker()  # `backstory worker` resumes it when it starts
    assert len(receiver.requests) == 1
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_the_test_ping_is_sent_and_logged(webhooks_local, receiver, owner_client, personas):
    webhook, secret = _register(owner_client, receiver.url, ["person.created"])
    response = owner_client.post(reverse("webhooks:ping", kwargs={"webhook_id": webhook.pk}),
                                 follow=True)
    assert "test ping is on its way" in response.content.decode()
    run_worker()
    (event,) = receiver.events()
    assert event["type"] == "ping" and event["data"]["webhook"]["id"] == webhook.pk
    assert readme_verify()(receiver.requests[0]["body"],
                           receiver.requests[0]["headers"]["Backstory-Signature"], secret)
    log = owner_client.get(reverse("webhooks:detail", kwargs={"webhook_id": webhook.pk}))
    assert "<code>ping</code>" in log.content.decode()


def test_a_new_secret_signs_the_next_deliveries(webhooks_local, receiver, owner_client,
                                                personas):
    webhook, old = _register(owner_client, receiver.url, ["person.created"])
    page = owner_client.post(reverse("webhooks:rotate", kwargs={"webhook_id": webhook.pk}),
                             follow=True).content.decode()
    webhook.refresh_from_db()
    assert webhook.secret != old and webhook.secret in page
    make_person(personas.workspace, "Dana Reyes", by=personas.owner)
    run_worker()
    verify, request = readme_verify(), receiver.requests[0]
    assert verify(request["body"], request["headers"]["Backstory-Signature"], webhook.secret)
    assert not verify(request["body"], request["headers"]["Backstory-Signature"], old)


# Addresses: a webhook URL is typed by a user, so the server must not call inside its own
# network unless told to.

@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/x", "http://localhost/x", "http://10.0.0.7/x",
    "http://192.168.1.1/x", "http://169.254.169.254/latest/meta-data/", "http://[::1]/x",
    "http://[::ffff:127.0.0.1]/x", "http://0.0.0.0/x", "ftp://example.com/x", "file:///etc/passwd",
    "javascript:alert(1)",
])
def test_private_addresses_and_other_schemes_are_refused_by_default(url, owner_client):
    response = owner_client.post(reverse("webhooks:new"), {"url": url,
                                                           "events": ["person.created"]})
    assert response.status_code == 200
    assert response.context["form"].errors["url"]
    assert not Webhook.objects.exists()


def test_a_host_that_resolves_to_a_private_address_is_not_called(receiver, owner,
                                                                   workspace, settings):
    settings.BACKSTORY_WEBHOOKS_ALLOW_PRIVATE = True
    webhook = webhook_create(workspace, by=owner, url=receiver.url.replace(
        "127.0.0.1", "localtest.invalid"), events=["person.created"])
    settings.BACKSTORY_WEBHOOKS_ALLOW_PRIVATE = False
    from unittest import mock

    with mock.patch("socket.getaddrinfo", return_value=[(2, 1, 6, "", ("127.0.0.1", 80))]):
        answer = sending.post(webhook.url, b"{}", {})
    assert not answer.ok and "private" in answer.error
    assert receiver.requests == []


def test_a_redirect_is_not_followed(owner, workspace, settings):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    hits = []

    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.BACKSTORY_WEBHOOKS_ALLOW_PRIVATE = True
    try:
        answer = sending.post(f"http://127.0.0.1:{server.server_address[1]}/a", b"{}", {})
    finally:
        server.shutdown()
        server.server_close()
    assert not answer.ok and answer.status == 302
    assert "not followed" in answer.error and hits == ["/a"]


def test_a_webhook_deleted_while_its_delivery_is_on_the_wire_logs_nothing(
        webhooks_local, receiver, owner, workspace, monkeypatch):
    webhook = webhook_create(workspace, by=owner, url=receiver.url, events=["person.created"])
    make_person(workspace, "Dana Reyes", by=owner)
    real_post = sending.post

    def post_then_delete(*args, **kwargs):
        answer = real_post(*args, **kwargs)
        Webhook.objects.filter(pk=webhook.pk).delete()
        return answer

    monkeypatch.setattr(sending, "post", post_then_delete)
    (delivery_id,) = Delivery.objects.values_list("pk", flat=True)
    assert outbox.delivery_attempt(delivery_id) == {"delivery": delivery_id, "status": "gone"}
    assert len(receiver.requests) == 1 and not Delivery.objects.exists()
