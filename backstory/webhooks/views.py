"""The owner's webhook pages under Settings: list, add, edit, the delivery log."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from backstory.core.errors import DomainError, apply_to_form
from backstory.core.events import EVENTS
from backstory.workspaces.decorators import workspace_view
from backstory.workspaces.models import Role

from . import selectors, services
from .forms import WebhookEditForm, WebhookForm

# The new secret, shown once on the next page the owner sees (then forgotten).
_SECRET_KEY = "webhook-secret-{}"


def _keep_secret_for_once(request, webhook) -> None:
    request.session[_SECRET_KEY.format(webhook.pk)] = webhook.secret


@workspace_view(role=Role.OWNER)
def webhook_list(request):
    webhooks = list(selectors.webhooks_of(request.workspace))
    return render(request, "webhooks/list.html", {"webhooks": webhooks, "events": EVENTS})


@workspace_view(role=Role.OWNER)
def webhook_new(request):
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook = services.webhook_create(request.workspace, by=request.user,
                                              **form.cleaned_data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            _keep_secret_for_once(request, webhook)
            return redirect("webhooks:detail", webhook_id=webhook.pk)
    return render(request, "webhooks/form.html", {"form": form, "webhook": None})


@workspace_view(role=Role.OWNER)
def webhook_detail(request, webhook_id: int):
    workspace = request.workspace
    webhook = selectors.webhook_get(workspace, webhook_id)
    secret = request.session.pop(_SECRET_KEY.format(webhook.pk), None)
    return render(request, "webhooks/detail.html", {
        "webhook": webhook, "secret": secret, "events": EVENTS,
        "deliveries": selectors.deliveries_of(workspace, webhook),
        "log_length": selectors.LOG_LENGTH,
    })


@workspace_view(role=Role.OWNER)
def webhook_edit(request, webhook_id: int):
    webhook = selectors.webhook_get(request.workspace, webhook_id)
    form = WebhookEditForm(request.POST or None, initial={
        "url": webhook.url, "description": webhook.description, "events": webhook.events,
        "is_active": webhook.is_active, "version": services.WEBHOOK_VERSION.of(webhook)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data.copy()
        try:
            services.webhook_update(request.workspace, by=request.user, webhook=webhook,
                                    expected_version=data.pop("version"), **data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            return redirect("webhooks:detail", webhook_id=webhook.pk)
    return render(request, "webhooks/form.html", {"form": form, "webhook": webhook})


@workspace_view(role=Role.OWNER)
@require_POST
def webhook_ping(request, webhook_id: int):
    webhook = selectors.webhook_get(request.workspace, webhook_id)
    try:
        services.webhook_ping(request.workspace, by=request.user, webhook=webhook)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "A test ping is on its way: it shows in the log below "
                                  "once it is sent.")
    return redirect("webhooks:detail", webhook_id=webhook.pk)


@workspace_view(role=Role.OWNER)
@require_POST
def webhook_rotate(request, webhook_id: int):
    webhook = selectors.webhook_get(request.workspace, webhook_id)
    services.webhook_secret_rotate(request.workspace, by=request.user, webhook=webhook)
    _keep_secret_for_once(request, webhook)
    messages.success(request, "A new secret: deliveries are signed with it from now on.")
    return redirect("webhooks:detail", webhook_id=webhook.pk)


@workspace_view(role=Role.OWNER)
@require_POST
def webhook_delete(request, webhook_id: int):
    webhook = selectors.webhook_get(request.workspace, webhook_id)
    url = webhook.url
    services.webhook_delete(request.workspace, by=request.user, webhook=webhook)
    messages.success(request, f"The webhook for {url} was removed.")
    return redirect("webhooks:list")


@workspace_view(role=Role.OWNER)
def delivery_detail(request, webhook_id: int, delivery_id: int):
    workspace = request.workspace
    webhook = selectors.webhook_get(workspace, webhook_id)
    delivery = selectors.delivery_get(workspace, webhook, delivery_id)
    return render(request, "webhooks/delivery.html", {
        "webhook": webhook, "delivery": delivery,
        "attempts": selectors.attempts_of(workspace, delivery)})
