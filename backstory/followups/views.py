"""Today, snoozes in place, suggestions, follow-up settings and the calendar feed."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from backstory.core.errors import DomainError, apply_to_form
from backstory.core.http import int_param, redirect_next
from backstory.interactions import selectors as interaction_selectors
from backstory.people import selectors as people_selectors
from backstory.workspaces.decorators import workspace_view
from backstory.workspaces.models import Role

from . import feed, selectors, services
from .forms import CadenceDefaultsForm, DigestForm, GoalForm

SNOOZE_CHOICES = [(7, "1 week"), (14, "2 weeks"), (30, "1 month")]
MAX_SNOOZE_DAYS = 3650


def _snooze_until(request, today: date) -> date | None:
    """`days=14` or `until=2026-12-01` from the form; None when neither parses."""
    days = int_param(request.POST.get("days"), minimum=1, maximum=MAX_SNOOZE_DAYS)
    if days is not None:
        return today + timedelta(days=days)
    try:
        return date.fromisoformat(request.POST.get("until", ""))
    except ValueError:
        return None


def _previous(request) -> date | None:
    try:
        return date.fromisoformat(request.POST.get("previous", ""))
    except ValueError:
        return None


def _reach_out_context(request, person, **extra):
    info = selectors.person_followup(request.workspace, person.pk, today=timezone.localdate(),
                                     user=request.user)
    return {"r": info, "person": person, "snooze_choices": SNOOZE_CHOICES, **extra}


@workspace_view
@require_POST
def person_snooze(request, person_id: int):
    workspace = request.workspace
    person = people_selectors.person_get(workspace, person_id)
    until = _snooze_until(request, timezone.localdate())
    try:
        if until is None:
            raise DomainError("Choose how long to snooze.")
        previous = services.followup_snooze(workspace, by=request.user, person=person,
                                            until=until, today=timezone.localdate())
    except DomainError as error:
        if request.htmx:
            return render(request, "followups/_reach_out_row.html",
                          _reach_out_context(request, person, error=error.message))
        messages.error(request, error.message)
        return redirect_next(request, "home")
    if request.htmx:
        return render(request, "followups/_reach_out_row.html", _reach_out_context(
            request, person, snoozed=until, previous=previous))
    messages.success(request, f"{person.name} is snoozed until {until:%-d %b}.")
    return redirect_next(request, "home")


@workspace_view
@require_POST
def person_unsnooze(request, person_id: int):
    workspace = request.workspace
    person = people_selectors.person_get(workspace, person_id)
    services.followup_snooze_restore(workspace, by=request.user, person=person,
                                     previous=_previous(request))
    if request.htmx:
        return render(request, "followups/_reach_out_row.html",
                      _reach_out_context(request, person, just_restored=True))
    messages.success(request, f"{person.name} is back on your list.")
    return redirect_next(request, "home")


def _action_row(request, item, **extra):
    return render(request, "followups/_today_action.html", {
        "item": item, "today": timezone.localdate(), "snooze_choices": SNOOZE_CHOICES,
        **extra,
    })


@workspace_view
@require_POST
def action_snooze(request, action_id: int):
    workspace = request.workspace
    item = interaction_selectors.action_item_get(workspace, action_id)
    until = _snooze_until(request, timezone.localdate())
    try:
        if until is None:
            raise DomainError("Choose how long to snooze.")
        previous = services.action_item_snooze(workspace, by=request.user, item=item,
                                               until=until, today=timezone.localdate())
    except DomainError as error:
        if request.htmx:
            return _action_row(request, item, error=error.message)
        messages.error(request, error.message)
        return redirect_next(request, "home")
    if request.htmx:
        return _action_row(request, item, snoozed=until, previous=previous)
    messages.success(request, f"Snoozed until {until:%-d %b}.")
    return redirect_next(request, "home")


@workspace_view
@require_POST
def action_unsnooze(request, action_id: int):
    workspace = request.workspace
    item = interaction_selectors.action_item_get(workspace, action_id)
    previous = _previous(request)
    if previous is not None and previous <= timezone.localdate():
        previous = None
    services.action_item_snooze(workspace, by=request.user, item=item, until=previous,
                                today=timezone.localdate())
    if request.htmx:
        return _action_row(request, item)
    return redirect_next(request, "home")


@workspace_view
@require_POST
def first_meeting_accept(request, person_id: int):
    workspace = request.workspace
    person = people_selectors.person_get(workspace, person_id)
    try:
        items = services.first_meeting_accept(workspace, by=request.user, person=person,
                                              today=timezone.localdate())
    except DomainError as error:
        items, message = [], error.message
    else:
        message = ""
    if request.htmx:
        return render(request, "followups/_first_meeting_done.html",
                      {"person": person, "items": items, "error": message,
                       "today": timezone.localdate()})
    if message:
        messages.error(request, message)
    else:
        messages.success(request, f"Added {len(items)} action items for {person.name}.")
    return redirect_next(request, "home")


@workspace_view
@require_POST
def first_meeting_dismiss(request, person_id: int):
    workspace = request.workspace
    person = people_selectors.person_get(workspace, person_id)
    services.first_meeting_dismiss(workspace, by=request.user, person=person)
    if request.htmx:
        return HttpResponse("")
    return redirect_next(request, "home")


@workspace_view(own_account=True)
@require_POST
def goal_set(request):
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.weekly_goal_set(request.workspace, by=request.user,
                                     goal=form.cleaned_data["weekly_goal"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Weekly goal: {form.cleaned_data['weekly_goal']} "
                                      "touches.")
    else:
        messages.error(request, "A weekly goal is a number of touches between 1 and 100.")
    return redirect_next(request, "home")


@workspace_view(own_account=True)
def settings_page(request):
    """Follow-up settings on a page of their own; the main Settings page shows the same
    section. POSTs from either land here."""
    workspace, user = request.workspace, request.user
    is_owner = request.membership.can(Role.OWNER)
    defaults = selectors.cadence_defaults(workspace)
    prefs = selectors.prefs_get(workspace, user)
    cadence_form = CadenceDefaultsForm(
        request.POST if "save_cadence" in request.POST else None, windows=defaults)
    digest_form = DigestForm(
        request.POST if "save_digest" in request.POST else None,
        initial=DigestForm.initial_for(prefs))
    if request.method == "POST":
        try:
            if "save_cadence" in request.POST:
                if not is_owner:
                    raise DomainError("Only an owner can change the workspace's windows.")
                if cadence_form.is_valid():
                    changed = services.cadence_defaults_update(
                        workspace, by=user, windows=cadence_form.windows())
                    messages.success(request, "Follow-up windows saved." if changed
                                     else "Nothing changed.")
                    return redirect_next(request, "followups:settings")
            elif "save_digest" in request.POST:
                if digest_form.is_valid():
                    services.digest_settings_update(workspace, by=user,
                                                    data=digest_form.to_settings())
                    messages.success(request, "Digest settings saved.")
                    return redirect_next(request, "followups:settings")
            elif "feed_regenerate" in request.POST:
                services.feed_token_regenerate(workspace, by=user)
                messages.success(request, "A new calendar feed address is ready. The old "
                                          "one no longer works.")
                return redirect_next(request, "followups:settings")
            elif "feed_revoke" in request.POST:
                services.feed_token_revoke(workspace, by=user)
                messages.success(request, "The calendar feed is switched off.")
                return redirect_next(request, "followups:settings")
        except DomainError as error:
            form = cadence_form if "save_cadence" in request.POST else digest_form
            apply_to_form(form, error)
    return render(request, "followups/settings.html", {
        **settings_context(request, prefs=prefs),
        "cadence_form": cadence_form, "digest_form": digest_form, "is_owner": is_owner,
    })


def settings_context(request, *, prefs=None) -> dict:
    workspace, user = request.workspace, request.user
    prefs = prefs or selectors.prefs_get(workspace, user)
    feed_url = (request.build_absolute_uri(f"/feed/{prefs.feed_token}.ics")
                if prefs.feed_token else "")
    return {"prefs": prefs, "feed_url": feed_url,
            "last_digest": selectors.digest_last(workspace, user)}


@require_GET
def calendar_feed(request, token: str):
    """The private iCalendar feed: the secret in the URL is the only key."""
    prefs = selectors.prefs_by_feed_token(token)
    if prefs is None or not prefs.workspace.memberships.filter(user=prefs.user).exists():
        raise Http404("No such calendar feed.")
    body = feed.build_feed(prefs.workspace, user=prefs.user, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # Named as a download, so it is sent `no-store` (core.middleware.NoStoreMiddleware).
    response["Content-Disposition"] = 'inline; filename="backstory.ics"'
    return response


def settings_section(request, workspace) -> dict:
    """The follow-up part of the Settings page (core.sections; its forms post to
    followups:settings): read by the Settings page's view."""
    prefs = selectors.prefs_get(workspace, request.user)
    return {
        **settings_context(request, prefs=prefs),
        "cadence_form": CadenceDefaultsForm(windows=selectors.cadence_defaults(workspace)),
        "digest_form": DigestForm(initial=DigestForm.initial_for(prefs)),
        "is_owner": request.membership.can(Role.OWNER),
        "next": request.path,
    }
