"""Webhooks through the API: owners only, the secret once, the delivery log."""

from __future__ import annotations

import pytest

from backstory.webhooks.models import Webhook
from backstory.webhooks.services import webhook_create, webhook_ping

pytestmark = pytest.mark.django_db
URL = "https://hooks.example/backstory"


def test_an_owner_registers_lists_reads_and_removes_a_webhook(api, personas):
    owner = api("owner")
    made = owner.post("/api/v1/webhooks", {"url": URL, "events": ["person.created"],
                                           "description": "Zapier"})
    assert made.status_code == 201, made.content
    body = made.json()
    webhook = Webhook.objects.get()
    assert body["secret"] == webhook.secret and body["events"] == ["person.created"]
    listed = owner.get("/api/v1/webhooks").json()
    assert [w["url"] for w in listed["items"]] == [URL]
    assert "secret" not in listed["items"][0]
    read = owner.get(f"/api/v1/webhooks/{webhook.pk}").json()
    assert read["description"] == "Zapier" and "secret" not in read
    webhook_ping(personas.workspace, by=personas.owner, webhook=webhook)
    log = owner.get(f"/api/v1/webhooks/{webhook.pk}/deliveries").json()
    assert [(d["event"], d["status"]) for d in log["items"]] == [("ping", "pending")]
    assert owner.send("DELETE", f"/api/v1/webhooks/{webhook.pk}").status_code == 204
    assert not Webhook.objects.exists()


def test_a_private_address_or_an_unknown_event_is_refused_naming_the_field(api):
    owner = api("owner")
    local = owner.post("/api/v1/webhooks", {"url": "http://127.0.0.1/x",
                                            "events": ["person.created"]})
    assert local.status_code == 400 and "url" in local.json()["field_errors"]
    unknown = owner.post("/api/v1/webhooks", {"url": URL, "events": ["person.eaten"]})
    assert unknown.status_code == 400 and "events" in unknown.json()["field_errors"]
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("who", ["editor", "viewer", "read_only"])
def test_no_one_but_an_owner_sees_or_changes_webhooks(who, api, personas):
    webhook = webhook_create(personas.workspace, by=personas.owner, url=URL,
                             events=["person.created"])
    caller = api(who)
    for path in ("/api/v1/webhooks", f"/api/v1/webhooks/{webhook.pk}",
                 f"/api/v1/webhooks/{webhook.pk}/deliveries"):
        response = caller.get(path)
        if who == "read_only":  # the owner's own token, read-only: reads, never writes
            assert response.status_code == 200
        else:
            assert response.status_code == 403, path
            assert URL not in response.content.decode()
    assert caller.post("/api/v1/webhooks", {"url": URL, "events": ["ping"]}
                       ).status_code == 403
    assert caller.send("DELETE", f"/api/v1/webhooks/{webhook.pk}").status_code == 403
    assert Webhook.objects.count() == 1


def test_another_workspace_finds_no_webhook(api, personas):
    webhook = webhook_create(personas.workspace, by=personas.owner, url=URL,
                             events=["person.created"])
    outsider = api("outsider")
    assert outsider.get(f"/api/v1/webhooks/{webhook.pk}").status_code == 404
    assert outsider.send("DELETE", f"/api/v1/webhooks/{webhook.pk}").status_code == 404
    assert outsider.get("/api/v1/webhooks").json()["items"] == []
