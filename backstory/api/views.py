"""Settings → API tokens: a member makes and revokes their own personal tokens."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from backstory.core.errors import DomainError, apply_to_form
from backstory.workspaces.decorators import workspace_view

from . import selectors, services
from .forms import TokenForm


def _page(request, form, *, made=None, plain=""):
    return render(request, "api/tokens.html", {
        "form": form, "tokens": selectors.tokens_of(request.user, request.workspace)[:100],
        "made": made, "plain": plain,
        "role": request.membership.get_role_display().lower(),
        "can_write": request.membership.can("editor"),
    })


@workspace_view(own_account=True)
def tokens_page(request):
    """The member's tokens; a new token is shown once, on the page that made it (never
    in a message or a cookie)."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, plain = services.token_create(
                request.workspace, user=request.user, name=form.cleaned_data["name"],
                read_only=form.cleaned_data["read_only"])
        except DomainError as error:
            apply_to_form(form, error)
        else:
            return _page(request, TokenForm(), made=token, plain=plain)
    return _page(request, form)


@workspace_view(own_account=True)
@require_POST
def token_revoke(request, api_token_id: int):
    token = selectors.token_get(request.user, request.workspace, api_token_id)
    if token is None:
        raise Http404("No such token of yours in this workspace.")
    services.token_revoke(token, by=request.user)
    messages.success(request, f"The token “{token.name}” is revoked: it no longer works.")
    return redirect("api_tokens:tokens")
