"""The one check every workspace page goes through."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseForbidden
from django.shortcuts import render

from .models import Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def workspace_view(view=None, *, role: str = Role.VIEWER, own_account: bool = False):
    """Require a signed-in member of the current workspace.

    Reading needs any role; a request that changes something (POST, …) needs at least
    an editor, so that viewers can look but never write, whatever the page.

    ``own_account=True`` marks a view whose changes act on the member's own account
    (the workspace they are in, their calendar feed, digest and goal): any role may make
    them, and the view itself checks the role of anything else it changes.
    """

    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.membership is None:
                return render(request, "workspaces/no_workspace.html", status=403)
            needed = role if request.method in SAFE_METHODS or own_account else max(
                role, Role.EDITOR, key=lambda r: ["viewer", "editor", "owner"].index(r)
            )
            if not request.membership.can(needed):
                refusal = "Your role in this workspace does not allow this change."
                if getattr(request, "htmx", False):
                    # One sentence, which the page's script shows where the user looks.
                    return HttpResponseForbidden(refusal)
                return render(request, "core/403.html", {"refusal": refusal}, status=403)
            return func(request, *args, **kwargs)

        # Read by the pages (what to show a viewer) and the tests that walk them.
        wrapper.writes_need_editor = not own_account
        return wrapper

    return decorate(view) if view is not None else decorate
