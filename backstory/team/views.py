"""The team's page (coverage) and the sections it adds to the person, organisation and
search pages (registered in ``apps.py`` through ``core.sections``)."""

from __future__ import annotations

from django.shortcuts import render

from backstory.intros.forms import IntroRequestForm
from backstory.intros.selectors import intro_requests_for_person
from backstory.workspaces.clock import workspace_today
from backstory.workspaces.decorators import workspace_view

from . import selectors


def _viewer_id(request) -> int | None:
    return request.user.pk if request.user.is_authenticated else None


def person_panel(request, *, person) -> dict:
    """Who on the team knows this person, best first, and the form to ask one of them
    for an introduction. A workspace of one shows nothing of it, but reads it all the
    same: the page's queries do not depend on the number of members."""
    workspace = request.workspace
    members = selectors.team_members(workspace)
    me = _viewer_id(request)
    paths = selectors.warm_paths_for_people(
        workspace, [person.pk], viewer_id=me, today=workspace_today(workspace),
        members=members).get(person.pk, [])
    requests = intro_requests_for_person(workspace, person.pk)
    if len(members) < 2:
        return {}
    known = [p for p in paths if not p.is_you]
    askable = [{"user_id": p.tie.user_id, "name": p.name} for p in known if p.can_introduce]
    return {
        "team_panel": True,
        "warm_paths": paths,
        "warm_teammates": known,
        "ask_teammates": askable,
        "ask_form": IntroRequestForm(),
        "ask_requests": requests,
    }


def organization_panel(request, *, organization) -> dict:
    workspace = request.workspace
    members = selectors.team_members(workspace)
    paths = selectors.warm_paths_for_organization(
        workspace, organization, viewer_id=_viewer_id(request),
        today=workspace_today(workspace), members=members)
    if len(members) < 2:
        return {}  # a workspace of one: nothing to show (read all the same, see above)
    return {"team_panel": True, "org_paths": paths}


def search_panel(request, *, person_ids: list[int]) -> dict:
    workspace = request.workspace
    members = selectors.team_members(workspace)
    paths = selectors.warm_paths_for_people(workspace, person_ids,
                                            viewer_id=_viewer_id(request),
                                            today=workspace_today(workspace), members=members)
    return {"warm_paths_by_person": paths} if len(members) > 1 else {}


@workspace_view
def coverage(request):
    """Per member and for the team: where the warm relationships are, and the blind spots."""
    workspace = request.workspace
    data = selectors.team_coverage(workspace, today=workspace_today(workspace))
    sections = [{"kind": kind, "title": title, "blind": data.blind(kind),
                 "covered": data.covered(kind), "any": bool(getattr(data, kind))}
                for kind, title in (("teams", "Teams of your organisation"),
                                    ("outlets", "Media outlets"), ("beats", "Beats"))]
    return render(request, "team/coverage.html", {"coverage": data, "sections": sections})
