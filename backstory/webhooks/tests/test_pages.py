"""The owner's webhook pages: add, edit, disable, delete, the log — and nobody else's."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backstory.core.errors import DomainError
from backstory.webhooks.models import Delivery, Webhook
from backstory.webhooks.services import webhook_create, webhook_ping

pytestmark = pytest.mark.django_db
URL = "https://hooks.example/backstory"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _hook(personas, **fields) -> Webhook:
    return webhook_create(personas.workspace, by=personas.owner, url=fields.pop("url", URL),
                          events=fields.pop("events", ["person.created"]), **fields)


def _urls(webhook, delivery):
    ids = {"webhook_id": webhook.pk}
    pages = [reverse("webhooks:list"), reverse("webhooks:new"),
             reverse("webhooks:detail", kwargs=ids), reverse("webhooks:edit", kwargs=ids),
             reverse("webhooks:delivery", kwargs={**ids, "delivery_id": delivery.pk})]
    actions = [reverse(f"webhooks:{name}", kwargs=ids) for name in ("ping", "rotate", "delete")]
    return pages, actions


@pytest.mark.parametrize("who", ["teammate", "viewer"])
def test_editors_and_viewers_can_neither_see_nor_change_the_webhooks(who, personas):
    webhook = _hook(personas, description="Zapier")
    delivery = webhook_ping(personas.workspace, by=personas.owner, webhook=webhook)
    client = _client(getattr(personas, who))
    pages, actions = _urls(webhook, delivery)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 403, url
        assert URL not in response.content.decode()
        assert webhook.secret not in response.content.decode()
    for url in [*actions, reverse("webhooks:new")]:
        assert client.post(url, {"url": "https://evil.example/", "events": ["ping"]}
                           ).status_code == 403, url
    webhook.refresh_from_db()
    assert Webhook.objects.count() == 1 and webhook.is_active and Delivery.objects.count() == 1
    assert "Manage webhooks" not in client.get(reverse("workspaces:settings")).content.decode()


def test_the_services_refuse_a_member_who_is_not_an_owner(personas):
    with pytest.raises(DomainError, match="Only an owner"):
        webhook_create(personas.workspace, by=personas.teammate, url=URL,
                       events=["person.created"])


def test_an_owner_adds_edits_disables_and_deletes_a_webhook(owner_client, personas):
    settings_page = owner_client.get(reverse("workspaces:settings")).content.decode()
    assert reverse("webhooks:list") in settings_page
    response = owner_client.post(reverse("webhooks:new"), {
        "url": URL, "description": "Zapier: new people",
        "events": ["person.created", "tip.moved"]})
    webhook = Webhook.objects.get()
    assert response.url == reverse("webhooks:detail", kwargs={"webhook_id": webhook.pk})
    assert webhook.events == ["person.created", "tip.moved"] and webhook.is_active
    assert webhook.secret.startswith("whsec_") and len(webhook.secret) > 40
    listing = owner_client.get(reverse("webhooks:list")).content.decode()
    assert URL in listing and "Zapier: new people" in listing and "tip.moved" in listing
    assert webhook.secret not in listing

    edit = reverse("webhooks:edit", kwargs={"webhook_id": webhook.pk})
    form = owner_client.get(edit)
    version = form.context["form"].initial["version"]
    owner_client.post(edit, {"url": URL, "description": "Zapier", "events": ["tip.moved"],
                             "version": version})  # "Active" unticked: disabled
    webhook.refresh_from_db()
    assert (webhook.events, webhook.description, webhook.is_active) == (
        ["tip.moved"], "Zapier", False)
    detail = reverse("webhooks:detail", kwargs={"webhook_id": webhook.pk})
    assert "Disabled: nothing is sent" in owner_client.get(detail).content.decode()
    refused = owner_client.post(reverse("webhooks:ping", kwargs={"webhook_id": webhook.pk}),
                                follow=True)
    assert "enable it to send a test ping" in refused.content.decode()

    owner_client.post(reverse("webhooks:delete", kwargs={"webhook_id": webhook.pk}))
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("data, field, words", [
    ({"url": "", "events": ["person.created"]}, "url", "Give the URL"),
    ({"url": "hooks.example/x", "events": ["person.created"]}, "url", "https://"),
    ({"url": URL}, "events", "Choose at least one event"),
    ({"url": URL, "events": ["person.deleted"]}, "events", "not one of the available"),
])
def test_a_bad_webhook_is_refused_naming_the_field(data, field, words, owner_client):
    response = owner_client.post(reverse("webhooks:new"), data)
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert not Webhook.objects.exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_ask_the_database_the_same_number_of_times_at_any_size(owner_client,
                                                                         personas):
    first = _hook(personas)
    for _ in range(3):
        webhook_ping(personas.workspace, by=personas.owner, webhook=first)
    detail = reverse("webhooks:detail", kwargs={"webhook_id": first.pk})
    delivery = reverse("webhooks:delivery", kwargs={
        "webhook_id": first.pk, "delivery_id": Delivery.objects.first().pk})
    small = [_queries(owner_client, u) for u in (reverse("webhooks:list"), detail, delivery)]
    for i in range(15):
        _hook(personas, url=f"{URL}/{i}", events=["tip.moved", "person.created"])
    for _ in range(60):
        webhook_ping(personas.workspace, by=personas.owner, webhook=first)
    from django.utils import timezone

    from backstory.webhooks.models import DeliveryAttempt

    DeliveryAttempt.objects.bulk_create(
        DeliveryAttempt(workspace=personas.workspace, delivery=d, number=1,
                        at=timezone.now(), response_status=500)
        for d in Delivery.objects.all())
    large = [_queries(owner_client, u) for u in (reverse("webhooks:list"), detail, delivery)]
    assert small == large
    assert max(large) <= 12
