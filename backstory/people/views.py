"""Pages for people, organisations and teams: parse, call a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from backstory.core.caching import workspace_cached
from backstory.core.errors import DomainError, apply_to_form
from backstory.core.http import int_param as _int
from backstory.core.http import redirect_next
from backstory.core.pagination import paginate
from backstory.core.sections import context_read, sections_read
from backstory.core.versions import VersionConflict
from backstory.followups.cadence import State
from backstory.interactions import selectors as interaction_selectors
from backstory.workspaces.decorators import workspace_view
from backstory.workspaces.selectors import activity_for_person, member_users

from . import selectors, services
from .forms import OrganizationEditForm, OrganizationForm, PersonForm, TeamForm
from .models import Circle, Direction, OrganizationKind


def _filters_from(request) -> selectors.PeopleFilter:
    g = request.GET
    owner = g.get("owner", "")
    return selectors.PeopleFilter(
        owner_id=request.user.pk if owner == "me" else _int(owner),
        no_owner=owner == "none",
        q=g.get("q", "").strip()[:200],
        circle=g.get("circle", "") if g.get("circle") in Circle.values else "",
        organization_id=_int(g.get("org")),
        team_id=_int(g.get("team")),
        tag=g.get("tag", "").strip()[:60],
        direction=g.get("direction", "") if g.get("direction") in Direction.values else "",
        archived=g.get("archived") == "1",
        sort=g.get("sort", "name") if g.get("sort") in selectors.SORTS else "name",
        state=g.get("state", "") if g.get("state") in State.ALL else "",
    )


@workspace_view
def people_list(request):
    workspace = request.workspace
    filters = _filters_from(request)
    people, walking = selectors.people_list_plans(workspace, filters)
    page = paginate(request, people, per_page=50,
                    rows_for=lambda n: walking if n >= selectors.WALK_FROM else people)
    context = {"page": page, "filters": filters, "selectable": True, "show_owner": True}
    if request.htmx and request.htmx.target == "people-results":
        return render(request, "people/_people_results.html", context)
    context.update(
        circles=Circle.choices,
        directions=Direction.choices,
        states=State.CHOICES,
        members=member_users(workspace),
        owner_choice=request.GET.get("owner", "")[:20],
        # The filter menus change only when the workspace's data does: kept in the shared
        # cache until the next write through any server (core.caching).
        **workspace_cached(workspace, "people-filter-menus", lambda: {
            "teams": list(selectors.teams_all(workspace)),
            "organizations": list(selectors.organization_choices(workspace)),
            "tags": list(selectors.tags_all(workspace)[:300]),
        }),
    )
    return render(request, "people/people_list.html", context)


@workspace_view
def people_suggest(request):
    """Names for the person pickers (htmx)."""
    people = selectors.people_suggest(request.workspace, request.GET.get("q", ""))
    return render(request, "people/_suggestions.html", {
        "people": people, "field": request.GET.get("field", "people")[:40],
        "q": request.GET.get("q", "")[:100],
    })


def _save_person(request, form: PersonForm, person=None):
    workspace = request.workspace
    data = form.cleaned_data
    introduced_by = None
    if data.get("introduced_by"):
        introduced_by = selectors.person_get(workspace, data["introduced_by"])
    fields = form.to_fields(introduced_by=introduced_by, person=person)
    if person is None:
        return services.person_create(workspace, by=request.user, data=fields)
    return services.person_update(workspace, by=request.user, person=person, data=fields,
                                  expected_version=data["version"])


def _person_form_page(request, form: PersonForm, person=None):
    workspace = request.workspace
    if request.method == "POST":
        introducer_id = _int(request.POST.get("introduced_by"))
        introducers = selectors.people_by_ids(workspace, [introducer_id] if introducer_id else [])
    else:
        introducers = [person.introduced_by] if person and person.introduced_by else []
    return render(request, "people/person_form.html", {
        "form": form, "person": person, "introducer_list": introducers,
        "org_names": selectors.organization_names(workspace),
    })


@workspace_view
def person_new(request):
    workspace = request.workspace
    initial = {}
    if request.GET.get("team"):
        team = selectors.team_get(workspace, _int(request.GET["team"]) or 0)
        initial = {"team": team.pk, "organization_name": team.organization.name,
                   "circle": Circle.INTERNAL if team.organization.is_own else Circle.OTHER}
    elif request.GET.get("org"):
        org = selectors.organization_get(workspace, _int(request.GET["org"]) or 0)
        initial = {"organization_name": org.name,
                   "circle": Circle.INTERNAL if org.is_own else Circle.OTHER}
    form = PersonForm(request.POST or None, workspace=workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = _save_person(request, form)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, f"{person.name} was added.")
            return redirect("people:detail", person_id=person.pk)
    return _person_form_page(request, form)


@workspace_view
def person_detail(request, person_id: int):
    workspace = request.workspace
    person = selectors.person_get(workspace, person_id)
    from backstory.followups.selectors import person_followup

    return render(request, "people/person_detail.html", {
        "person": person,
        "followup": person_followup(workspace, person.pk, today=timezone.localdate(),
                                    user=request.user),
        "timeline": interaction_selectors.person_timeline(
            workspace, person, before=request.GET.get("before", "")[:80]),
        "interaction_count": interaction_selectors.interaction_count_for_person(workspace, person),
        "open_items": interaction_selectors.action_items_open_for_person(workspace, person),
        "activity": activity_for_person(workspace, person.pk, limit=30),
        "contacts": list(person.contact_points.all()),
        # What the higher apps add to the page (stories, introductions): read here too.
        "sections": sections_read("person", request, person),
    })


@workspace_view
def person_timeline(request, person_id: int):
    """The next (older) page of a person's timeline, for "Show older" (htmx)."""
    workspace = request.workspace
    person = selectors.person_get(workspace, person_id)
    return render(request, "people/_timeline_entries.html", {
        "person": person,
        "timeline": interaction_selectors.person_timeline(
            workspace, person, before=request.GET.get("before", "")[:80]),
    })


@workspace_view
def person_edit(request, person_id: int):
    workspace = request.workspace
    person = selectors.person_get(workspace, person_id)
    form = PersonForm(request.POST or None, workspace=workspace,
                      initial=PersonForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            _save_person(request, form, person=person)
        except VersionConflict as conflict:
            apply_to_form(form, conflict)
            person = selectors.person_get(workspace, person_id)  # as it is now
        except DomainError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("people:detail", person_id=person.pk)
    return _person_form_page(request, form, person)


@workspace_view
@require_POST
def person_archive(request, person_id: int):
    person = selectors.person_get(request.workspace, person_id)
    services.person_archive(request.workspace, by=request.user, person=person)
    messages.success(request, f"{person.name} was archived. You can restore them any time.")
    return redirect("people:detail", person_id=person.pk)


@workspace_view
@require_POST
def person_do_not_contact(request, person_id: int):
    """Mark a person do not contact (with the reason) or take the mark off."""
    person = selectors.person_get(request.workspace, person_id)
    try:
        if request.POST.get("clear"):
            services.person_do_not_contact_clear(request.workspace, by=request.user,
                                                 person=person)
            messages.success(request, f"{person.name} may be contacted again.")
        else:
            services.person_do_not_contact_set(request.workspace, by=request.user,
                                               person=person,
                                               reason=request.POST.get("reason", ""))
            messages.success(request, f"{person.name} is marked do not contact for the "
                                      "whole team.")
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("people:detail", person_id=person.pk)


@workspace_view
@require_POST
def person_restore(request, person_id: int):
    person = selectors.person_get(request.workspace, person_id)
    services.person_restore(request.workspace, by=request.user, person=person)
    messages.success(request, f"{person.name} is back in your network.")
    return redirect("people:detail", person_id=person.pk)


# Organisations and teams ------------------------------------------------------------------


@workspace_view
def organization_list(request):
    q = request.GET.get("q", "").strip()[:200]
    page = paginate(request, selectors.organizations_list(request.workspace, q), per_page=60)
    page.object_list = list(page.object_list)
    selectors.organizations_count(request.workspace, page.object_list)
    template = ("people/_organization_results.html"
                if request.htmx and request.htmx.target == "org-results"
                else "people/organization_list.html")
    return render(request, template, {"page": page, "q": q})


@workspace_view
def organization_new(request):
    form = OrganizationForm(request.POST or None, initial={"kind": OrganizationKind.COMPANY})
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(request.workspace, by=request.user,
                                               **form.cleaned_data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            return redirect("people:organization", organization_id=org.pk)
    return render(request, "people/organization_form.html", {"form": form})


@workspace_view
def organization_detail(request, organization_id: int):
    workspace = request.workspace
    org = selectors.organization_get(workspace, organization_id)
    filters = selectors.PeopleFilter(organization_id=org.pk, sort=request.GET.get("sort", "name"))
    page = paginate(request, selectors.people_list(workspace, filters), per_page=50)
    return render(request, "people/organization_detail.html", {
        "org": org, "teams": selectors.teams_of(workspace, org), "page": page,
        **context_read("organization", request, organization=org),
    })


@workspace_view
def organization_edit(request, organization_id: int):
    org = selectors.organization_get(request.workspace, organization_id)
    form = OrganizationEditForm(request.POST or None, initial={
        "name": org.name, "kind": org.kind, "is_own": org.is_own, "website": org.website,
        "notes": org.notes, "version": services.ORGANIZATION_VERSION.of(org),
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data.copy()
        try:
            services.organization_update(request.workspace, by=request.user, organization=org,
                                         expected_version=data.pop("version"), **data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            return redirect("people:organization", organization_id=org.pk)
    return render(request, "people/organization_form.html", {"form": form, "org": org})


@workspace_view
def team_new(request, organization_id: int):
    workspace = request.workspace
    org = selectors.organization_get(workspace, organization_id)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        leader = (selectors.person_get(workspace, form.cleaned_data["leader"])
                  if form.cleaned_data["leader"] else None)
        try:
            team = services.team_create(workspace, by=request.user, organization=org,
                                        name=form.cleaned_data["name"], leader=leader,
                                        notes=form.cleaned_data["notes"])
        except DomainError as error:
            apply_to_form(form, error)
        else:
            return redirect("people:team", team_id=team.pk)
    return render(request, "people/team_form.html", {"form": form, "org": org, "leader": None})


@workspace_view
def team_detail(request, team_id: int):
    workspace = request.workspace
    team = selectors.team_get(workspace, team_id)
    filters = selectors.PeopleFilter(team_id=team.pk, sort=request.GET.get("sort", "name"))
    page = paginate(request, selectors.people_list(workspace, filters), per_page=50)
    return render(request, "people/team_detail.html", {"team": team, "page": page})


@workspace_view
def team_edit(request, team_id: int):
    workspace = request.workspace
    team = selectors.team_get(workspace, team_id)
    form = TeamForm(request.POST or None, initial={
        "name": team.name, "leader": team.leader_id, "notes": team.notes,
        "version": services.TEAM_VERSION.of(team),
    })
    if request.method == "POST" and form.is_valid():
        leader = (selectors.person_get(workspace, form.cleaned_data["leader"])
                  if form.cleaned_data["leader"] else None)
        try:
            services.team_update(workspace, by=request.user, team=team,
                                 name=form.cleaned_data["name"], leader=leader,
                                 notes=form.cleaned_data["notes"],
                                 expected_version=form.cleaned_data["version"])
        except DomainError as error:
            apply_to_form(form, error)
        else:
            return redirect("people:team", team_id=team.pk)
    return render(request, "people/team_form.html", {
        "form": form, "org": team.organization, "team": team, "leader": team.leader,
        "leader_list": [team.leader] if team.leader else [],
    })


# Bulk actions, duplicates and merging ------------------------------------------------------


def _ids(values) -> list[int]:
    return [i for i in (_int(v) for v in values) if i is not None][:1000]


@workspace_view
@require_POST
def people_bulk(request):
    """Tag, set the circle of, archive, or look for duplicates among the selected people."""
    from . import bulk

    workspace = request.workspace
    ids = _ids(request.POST.getlist("ids"))
    action = request.POST.get("action", "")
    back = redirect_next(request, "people:list")
    try:
        if action == "suggest":
            query = ",".join(str(i) for i in ids)
            return redirect(f"{reverse('transfer:duplicates')}?ids={query}" if ids
                            else reverse("transfer:duplicates"))
        if action == "tag":
            count = bulk.people_bulk_tag(workspace, by=request.user, person_ids=ids,
                                         tags=[request.POST.get("tag", "")])
            messages.success(request, f"Tagged {count} {'person' if count == 1 else 'people'}.")
        elif action == "circle":
            count = bulk.people_bulk_set_circle(workspace, by=request.user, person_ids=ids,
                                                circle=request.POST.get("circle", ""))
            messages.success(request, f"Moved {count} {'person' if count == 1 else 'people'} "
                                      "to that circle.")
        elif action == "archive":
            count = bulk.people_bulk_archive(workspace, by=request.user, person_ids=ids)
            messages.success(request, f"Archived {count} {'person' if count == 1 else 'people'}."
                                      " They are in the archive filter if you need them back.")
        else:
            messages.error(request, "Choose what to do with the selected people.")
    except DomainError as error:
        messages.error(request, error.message)
    return back
