"""Sign in and out, one-time links, workspace switching and workspace settings."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from backstory.core.errors import DomainError, apply_to_form
from backstory.core.http import int_param, redirect_next

from . import selectors, services
from .decorators import workspace_view
from .forms import MemberForm, PasswordSetForm, SignInForm, WorkspaceForm
from .middleware import SESSION_KEY
from .models import Membership, Role

# When the session began with a one-time link: for an hour after, choosing a password needs
# no old one (the way back in for whoever forgot theirs).
LINK_SESSION_KEY = "signed_in_by_link_at"
LINK_GRACE_SECONDS = 60 * 60


def _signed_in_by_link(request) -> bool:
    at = request.session.get(LINK_SESSION_KEY)
    return isinstance(at, int | float) and 0 <= time.time() - at <= LINK_GRACE_SECONDS


class SignInView(auth_views.LoginView):
    template_name = "workspaces/signin.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


signin = SignInView.as_view()


@require_POST
def signout(request):
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect("workspaces:signin")


def signin_link(request, token: str):
    """A one-time link from the terminal: sign in, then offer to set a password."""
    if request.method != "POST":
        # Link previewers (chat apps, mail scanners) issue GETs; only a click on the
        # button spends the link.
        return render(request, "workspaces/signin_link.html", {"token": token})
    try:
        user = services.signin_link_redeem(token=token)
    except DomainError as error:
        return render(request, "workspaces/signin_link.html",
                      {"token": token, "error": error.message}, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[LINK_SESSION_KEY] = time.time()
    if not user.has_usable_password():
        messages.info(request, "Welcome! Choose a password so that you can sign in again later.")
        return redirect("workspaces:password")
    return redirect("/")


def password(request):
    if not request.user.is_authenticated:
        return redirect("workspaces:signin")
    by_link = _signed_in_by_link(request)
    form = PasswordSetForm(request.POST or None,
                           ask_current=request.user.has_usable_password() and not by_link)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_set(
                user=request.user, password=form.cleaned_data["password"],
                current_password=form.cleaned_data.get("current_password", ""),
                signed_in_by_link=by_link,
            )
        except DomainError as error:
            apply_to_form(form, error)
        else:
            from django.contrib.auth import update_session_auth_hash

            update_session_auth_hash(request, request.user)
            # The link proved who they were once; a later change asks for this password.
            request.session.pop(LINK_SESSION_KEY, None)
            messages.success(request, "Your password is set.")
            return redirect("/")
    return render(request, "workspaces/password.html", {"form": form})


@workspace_view(own_account=True)
@require_POST
def switch(request):
    workspace_id = int_param(request.POST.get("workspace"), minimum=1) or 0
    if not Membership.objects.filter(user=request.user, workspace_id=workspace_id).exists():
        messages.error(request, "You are not a member of that workspace.")
        return redirect("/")
    request.session[SESSION_KEY] = workspace_id
    return redirect_next(request, "/")


@workspace_view
def settings_page(request):
    workspace = request.workspace
    is_owner = request.membership.can(Role.OWNER)
    form = WorkspaceForm(
        request.POST if request.method == "POST" and "save_workspace" in request.POST else None,
        initial={"name": workspace.name, "time_zone": workspace.time_zone,
                 "version": services.WORKSPACE_VERSION.of(workspace)},
    )
    member_form = MemberForm(
        request.POST if request.method == "POST" and "add_member" in request.POST else None
    )
    if request.method == "POST":
        if not is_owner:
            messages.error(request, "Only an owner of the workspace can change its settings.")
            return redirect("workspaces:settings")
        if "save_workspace" in request.POST and form.is_valid():
            try:
                data = form.cleaned_data.copy()
                services.workspace_update(workspace, by=request.user,
                                          expected_version=data.pop("version"), **data)
            except DomainError as error:
                apply_to_form(form, error)
            else:
                messages.success(request, "Workspace settings saved.")
                return redirect("workspaces:settings")
        if "add_member" in request.POST and member_form.is_valid():
            user = get_user_model().objects.filter(
                username__iexact=member_form.cleaned_data["username"]
            ).first()
            if user is None:
                member_form.add_error(
                    "username",
                    "Nobody signs in with that name. Create the account first with "
                    "`backstory adduser NAME`.",
                )
            else:
                try:
                    services.membership_add(workspace, user=user,
                                            role=member_form.cleaned_data["role"],
                                            by=request.user)
                except DomainError as error:
                    apply_to_form(member_form, error)
                else:
                    messages.success(request,
                                     f"{user.get_username()} can now use this workspace.")
                    return redirect("workspaces:settings")
    return render(request, "workspaces/settings.html", {
        "form": form, "member_form": member_form, "is_owner": is_owner,
        "members": selectors.members_of(workspace),
    })


@workspace_view(role=Role.OWNER)
@require_POST
def member_remove(request, membership_id: int):
    membership = selectors.members_of(request.workspace).filter(pk=membership_id).first()
    if membership is None:
        from django.http import Http404

        raise Http404("No such member in this workspace.")
    try:
        services.membership_remove(request.workspace, membership=membership, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{membership.user.get_username()} was removed.")
    return redirect("workspaces:settings")
