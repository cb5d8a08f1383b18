"""The search page, its in-place results and the header's live results."""

from __future__ import annotations

from django.shortcuts import render

from backstory.core.sections import context_read
from backstory.workspaces.decorators import workspace_view

from . import selectors
from .schema import KINDS

# How many of each kind the page, a page of one kind and the header's dropdown show.
PAGE_LIMIT = 10
ONE_KIND_LIMIT = 50
LIVE_LIMIT = 4


@workspace_view
def search(request):
    text = request.GET.get("q", "")[:200]
    kind = request.GET.get("type", "")
    kind = kind if kind in KINDS else ""
    live = bool(request.htmx) and request.htmx.target == "search-live"
    if live:
        limit, kinds = LIVE_LIMIT, KINDS
    elif kind:
        limit, kinds = ONE_KIND_LIMIT, (kind,)
    else:
        limit, kinds = PAGE_LIMIT, KINDS
    results = selectors.search(request.workspace, text, limit=limit, kinds=kinds,
                               viewer=request.user)
    context = {"results": results, "q": text, "kind": kind}
    if live:
        return render(request, "search/_live.html", context)
    # Who on the team knows each person found (team), core.sections.
    context.update(context_read("search", request,
                                  person_ids=[hit.person.pk for hit in results.people]))
    if request.htmx and request.htmx.target == "search-results":
        return render(request, "search/_results.html", context)
    return render(request, "search/search.html", context)
