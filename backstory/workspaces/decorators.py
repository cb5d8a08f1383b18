"""The one check every workspace page goes through."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import render

from backstory.core.errors import NotFound

from .models import Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Pages that exist to write (their URL name ends so): opening one needs the role that
# saving it needs, so a viewer is told at once rather than after filling in the form.
WRITE_PAGES = ("new", "edit", "merge", "quicklog", "pitch_new", "upload", "pitch_coverage",
               "mapping")
_RANKS = ["viewer", "editor", "owner"]


def is_write_page(url_name: str | None) -> bool:
    return bool(url_name) and url_name.endswith(WRITE_PAGES)


def _refusal(request, writes_page: bool) -> str:
    if not writes_page:
        return "Your role in this workspace does not allow this change."
    role = request.membership.get_role_display().lower()
    return (f"This page changes the workspace, and your role here is {role}: you can look "
            "at everything but not change it. Ask an owner of the workspace to make you "
            "an editor.")


def workspace_view(view=None, *, role: str = Role.VIEWER, own_account: bool = False):
    """Require a signed-in member of the current workspace; a record the view asks for
    that is not in it (a selector's ``NotFound``) is a 404.

    Reading needs any role; a request that changes something (POST, …), or opens a
    page that exists to change something (``WRITE_PAGES``), needs at least an editor, so
    that viewers can look but never write, whatever the page.

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
            match = getattr(request, "resolver_match", None)
            writes_page = is_write_page(match.url_name if match else None)
            writes = request.method not in SAFE_METHODS or writes_page
            needed = role if own_account or not writes else max(
                role, Role.EDITOR, key=_RANKS.index)
            if not request.membership.can(needed):
                refusal = _refusal(request, writes_page and request.method in SAFE_METHODS)
                if getattr(request, "htmx", False):
                    # One sentence, which the page's script shows where the user looks.
                    return HttpResponseForbidden(refusal)
                return render(request, "core/403.html", {"refusal": refusal}, status=403)
            try:
                return func(request, *args, **kwargs)
            except NotFound as error:
                # A selector found no such record in this workspace: the web's answer.
                raise Http404(error.message) from None

        # Read by the pages (what to show a viewer) and the tests that walk them.
        wrapper.writes_need_editor = not own_account
        return wrapper

    return decorate(view) if view is not None else decorate
