"""The home page and the error pages."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from backstory.interactions import selectors as interaction_selectors
from backstory.workspaces.decorators import workspace_view


@workspace_view
def home(request):
    workspace = request.workspace
    today = timezone.localdate()
    return render(request, "core/home.html", {
        "today": today,
        "due_items": interaction_selectors.action_items_due(workspace, by=today, limit=20),
        "recent": list(interaction_selectors.interactions_recent(workspace)[:8]),
    })


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    # No request context: the page must render even when the database is what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("core/500.html").render())


def forbidden(request, exception=None):
    return render(request, "core/403.html", status=403)
