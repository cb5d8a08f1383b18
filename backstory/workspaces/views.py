"""Sign in and out, one-time links, workspace switching and workspace settings."""

from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from backstory.core.errors import DomainError, apply_to_form
from backstory.core.http import int_param, redirect_next
from backstory.core.sections import sections_read

from . import selectors, services
from .decorators import workspace_view
from .forms import (
    InviteForm,
    JoinForm,
    MemberForm,
    MemberLeavesForm,
    PasswordSetForm,
    SignInForm,
    WorkspaceForm,
)
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
    invite_form = InviteForm(
        request.POST if request.method == "POST" and "invite" in request.POST else None
    )
    issued = None
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
                    "Nobody signs in with that name. Invite them by e-mail address instead, "
                    "or create the account with `backstory adduser NAME`.",
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
        if "invite" in request.POST and invite_form.is_valid():
            try:
                issued = services.invitation_create(
                    workspace, email=invite_form.cleaned_data["email"],
                    role=invite_form.cleaned_data["role"], by=request.user)
            except DomainError as error:
                apply_to_form(invite_form, error)
            else:
                # The page is shown, not redirected to: the link exists only in this
                # answer (the database has its hash), so that the owner can copy it.
                invite_form = InviteForm()
    return render(request, "workspaces/settings.html", {
        "form": form, "member_form": member_form, "is_owner": is_owner,
        "invite_form": invite_form, "issued": issued,
        "members": selectors.members_of(workspace),
        # What higher apps add to the page (follow-up windows, digest, calendar feed).
        "sections": sections_read("settings", request, workspace),
        "invitations": list(selectors.invitations_pending(workspace)) if is_owner else [],
    })


@workspace_view(role=Role.OWNER)
@require_POST
def invitation_revoke(request, invitation_id: int):
    invitation = selectors.invitation_get(request.workspace, invitation_id)
    if invitation is None:
        raise Http404("No such invitation in this workspace.")
    try:
        services.invitation_revoke(request.workspace, invitation=invitation, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"The invitation to {invitation.email} is withdrawn: "
                                  "its link no longer works.")
    return redirect("workspaces:settings")


def invitation_accept(request, token: str):
    """Follow an invitation: a signed-in user joins; someone new chooses a user name and a
    password; an address that has an account already must sign in first (the link alone
    never signs in an existing account)."""
    invitation = selectors.invitation_by_token(token)
    context = {"token": token, "invitation": invitation}
    if invitation is None:
        context["error"] = ("This invitation link is not known. Check that it was copied "
                            "whole, or ask an owner of the workspace for a new one.")
        return render(request, "workspaces/invitation.html", context, status=404)
    problem = invitation.problem()
    if problem:
        context["error"] = f"{problem} Ask an owner of the workspace for a new one."
        return render(request, "workspaces/invitation.html", context, status=410)
    signed_in = request.user.is_authenticated
    has_account = not signed_in and services.email_has_account(invitation.email)
    form = JoinForm(request.POST if request.method == "POST" and not signed_in else None)
    if request.method == "POST" and not has_account:
        try:
            if signed_in:
                membership = services.invitation_accept(token=token, user=request.user)
            elif form.is_valid():
                membership = services.invitation_accept_new_account(
                    token=token, username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"])
                login(request, membership.user,
                      backend="django.contrib.auth.backends.ModelBackend")
            else:
                membership = None
        except DomainError as error:
            if signed_in or not error.field_errors:
                context["error"] = error.message
                return render(request, "workspaces/invitation.html", context, status=400)
            apply_to_form(form, error)
        else:
            if membership is not None:
                request.session[SESSION_KEY] = membership.workspace_id
                messages.success(request, f"Welcome to {membership.workspace.name}.")
                return redirect("/")
    context.update(form=form, signed_in=signed_in, has_account=has_account,
                   signin_url=reverse("workspaces:signin") + f"?next={request.path}")
    return render(request, "workspaces/invitation.html", context)


@workspace_view(role=Role.OWNER)
def member_remove(request, membership_id: int):
    """Remove a member: the owner first says to whom the people they lead go."""
    workspace = request.workspace
    membership = selectors.member_get(workspace, membership_id)
    if membership is None:
        raise Http404("No such member in this workspace.")
    others = [user for user in selectors.member_users(workspace)
              if user.pk != membership.user_id]
    form = MemberLeavesForm(request.POST or None, members=others)
    if request.method == "POST" and form.is_valid():
        successor_id = form.cleaned_data["successor"]
        successor = next((u for u in others if u.pk == successor_id), None)
        try:
            services.membership_remove(workspace, membership=membership, by=request.user,
                                       successor=successor)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            handed = f"; their people now have {successor.get_username()} as owner" \
                if successor else ""
            messages.success(request, f"{membership.user.get_username()} was removed{handed}.")
        return redirect("workspaces:settings")
    return render(request, "workspaces/member_remove.html", {
        "member": membership, "form": form,
        "holdings": selectors.member_holdings(workspace, membership.user),
    })
