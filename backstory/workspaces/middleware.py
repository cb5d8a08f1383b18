"""Resolve the signed-in user's current workspace once per request."""

from __future__ import annotations

from django.utils import timezone

from .clock import workspace_tz
from .selectors import membership_for

SESSION_KEY = "workspace_id"


class WorkspaceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.workspace = None
        request.membership = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            membership = membership_for(user, request.session.get(SESSION_KEY))
            if membership is not None:
                request.membership = membership
                request.workspace = membership.workspace
                timezone.activate(workspace_tz(membership.workspace))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
