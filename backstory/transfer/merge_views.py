"""The duplicates list and the merge of two people: pages of the people section that run
transfer's merge (the same one an import uses), so they live here, above people."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from backstory.core.errors import DomainError
from backstory.core.http import int_param
from backstory.people import selectors as people_selectors
from backstory.workspaces.decorators import workspace_view

from .services import merge


def _ids(values) -> list[int]:
    return [i for i in (int_param(v) for v in values) if i is not None][:1000]


@workspace_view
def people_duplicates(request):
    ids = _ids(request.GET.get("ids", "").split(","))
    before = int_param(request.GET.get("before"))
    check = merge.duplicates_check(request.workspace, among=ids or None, before=before, limit=50)
    return render(request, "people/duplicates.html", {
        "suggestions": check.suggestions, "check": check, "selected": len(ids),
        "before": before,
    })


@workspace_view
def person_merge(request, person_id: int):
    """Pick the other record, see the merged result, then merge (it cannot be undone)."""
    workspace = request.workspace
    person = people_selectors.person_get(workspace, person_id)
    other_id = int_param(request.POST.get("other") or request.GET.get("other"))
    other = people_selectors.person_get(workspace, other_id) if other_id else None
    if other is not None and request.method == "POST":
        try:
            survivor = merge.person_merge(workspace, by=request.user, survivor=person, other=other)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{other.name} was merged into {survivor.name}.")
            return redirect("people:detail", person_id=survivor.pk)
    preview = None
    if other is not None:
        try:
            preview = merge.merge_preview(workspace, survivor=person, other=other)
        except DomainError as error:
            messages.error(request, error.message)
            other = None
    return render(request, "people/person_merge.html", {"person": person, "other": other,
                                                        "preview": preview})
