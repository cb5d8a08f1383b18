"""Pages for interactions and action items."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from backstory.core.errors import DomainError, apply_to_form
from backstory.core.http import int_param as _int
from backstory.core.http import redirect_next
from backstory.core.pagination import paginate, paginate_uncounted
from backstory.people import selectors as people_selectors
from backstory.workspaces.decorators import workspace_view
from backstory.workspaces.selectors import members_of

from . import selectors, services
from .forms import ActionItemForm, InteractionForm
from .models import InteractionKind


def _people_for(workspace, ids: list[int]):
    people = people_selectors.people_by_ids(workspace, ids)
    if len(people) != len(set(ids)):
        raise Http404("One of these people is not in this workspace.")
    return people


def _fields_from(form: InteractionForm, people) -> services.InteractionFields:
    d = form.cleaned_data
    return services.InteractionFields(
        kind=d["kind"], occurred_at=d["occurred_at"], people=people, place=d["place"],
        duration_minutes=d["duration_minutes"], summary=d["summary"], notes=d["notes"],
        value=d["value"] or "", tags=[t for t in d["tags"].split(",") if t.strip()],
        members=d["members"] if "members" in form.fields else None,
    )


def _teammates(request, author_id: int | None = None) -> list[tuple[int, str]]:
    """The other members of the workspace, to pick who else was there (none: one member)."""
    me = author_id or request.user.pk
    return [(m.user_id, m.user.get_full_name() or m.user.get_username())
            for m in members_of(request.workspace) if m.user_id != me]


@workspace_view
def interaction_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in InteractionKind.values else ""
    # Every touch ever logged: counting them all on each visit would grow with the years.
    page = paginate_uncounted(request, selectors.interactions_recent(request.workspace,
                                                                     kind=kind), 40)
    template = ("interactions/_interaction_results.html"
                if request.htmx and request.htmx.target == "interaction-results"
                else "interactions/interaction_list.html")
    return render(request, template, {"page": page, "kind": kind,
                                      "kinds": InteractionKind.choices})


@workspace_view
def interaction_new(request):
    workspace = request.workspace
    preset = [pk for pk in (_int(v) for v in request.GET.getlist("person")) if pk]
    initial = {"occurred_at": timezone.localtime().replace(second=0, microsecond=0),
               "kind": request.GET.get("kind") or InteractionKind.COFFEE}
    form = InteractionForm(request.POST or None, initial=initial, teammates=_teammates(request))
    chosen = _people_for(workspace, preset) if preset else []
    if request.method == "POST":
        if form.is_valid():
            people = _people_for(workspace, form.cleaned_data["people"])
            chosen = people
            try:
                interaction = services.interaction_log(
                    workspace, by=request.user, data=_fields_from(form, people)
                )
                if form.cleaned_data["action_text"]:
                    services.action_item_create(
                        workspace, by=request.user, text=form.cleaned_data["action_text"],
                        due_on=form.cleaned_data["action_due_on"], person=people[0],
                        interaction=interaction,
                    )
            except DomainError as error:
                apply_to_form(form, error)
            else:
                messages.success(request, "Logged. " + ", ".join(p.name for p in people)
                                 + " moved to the top of your recent touches.")
                if len(people) == 1:
                    return redirect("people:detail", person_id=people[0].pk)
                return redirect("interactions:detail", interaction_id=interaction.pk)
        else:
            ids = [pk for pk in (_int(v) for v in request.POST.getlist("people")) if pk]
            chosen = people_selectors.people_by_ids(workspace, ids)
    return render(request, "interactions/interaction_form.html",
                  {"form": form, "chosen": chosen})


@workspace_view
def interaction_detail(request, interaction_id: int):
    interaction = selectors.interaction_get(request.workspace, interaction_id)
    return render(request, "interactions/interaction_detail.html", {
        "interaction": interaction,
        "action_items": list(interaction.action_items.select_related("person")),
    })


@workspace_view
def interaction_edit(request, interaction_id: int):
    workspace = request.workspace
    interaction = selectors.interaction_get(workspace, interaction_id)
    chosen = list(interaction.participants.all())
    form = InteractionForm(request.POST or None, initial={
        "kind": interaction.kind,
        "occurred_at": timezone.localtime(interaction.occurred_at),
        "people": [p.pk for p in chosen], "place": interaction.place,
        "duration_minutes": interaction.duration_minutes, "summary": interaction.summary,
        "notes": interaction.notes, "value": interaction.value,
        "tags": ", ".join(t.name for t in interaction.tags.all()),
        "version": services.INTERACTION_VERSION.of(interaction),
        "members": [u.pk for u in interaction.members.all()],
    }, teammates=_teammates(request, interaction.created_by_id))
    if request.method == "POST":
        if form.is_valid():
            people = _people_for(workspace, form.cleaned_data["people"])
            chosen = people
            try:
                services.interaction_update(workspace, by=request.user, interaction=interaction,
                                            data=_fields_from(form, people),
                                            expected_version=form.cleaned_data["version"])
            except DomainError as error:
                apply_to_form(form, error)
            else:
                messages.success(request, "Saved.")
                return redirect("interactions:detail", interaction_id=interaction.pk)
        else:
            ids = [pk for pk in (_int(v) for v in request.POST.getlist("people")) if pk]
            chosen = people_selectors.people_by_ids(workspace, ids)
    return render(request, "interactions/interaction_form.html",
                  {"form": form, "chosen": chosen, "interaction": interaction})


@workspace_view
@require_POST
def interaction_delete(request, interaction_id: int):
    interaction = selectors.interaction_get(request.workspace, interaction_id)
    services.interaction_delete(request.workspace, by=request.user, interaction=interaction)
    messages.success(request, "The interaction was deleted.")
    return redirect("interactions:list")


# Action items -------------------------------------------------------------------------


@workspace_view
def action_list(request):
    state = request.GET.get("state", "open")
    state = state if state in {"open", "done", "all"} else "open"
    filters = selectors.ActionFilter(state=state, person_id=_int(request.GET.get("person")))
    page = paginate(request, selectors.action_items(request.workspace, filters), 50)
    template = ("interactions/_action_results.html"
                if request.htmx and request.htmx.target == "action-results"
                else "interactions/action_list.html")
    return render(request, template, {"page": page, "state": state,
                                      "today": timezone.localdate()})


@workspace_view
def action_new(request):
    workspace = request.workspace
    person = None
    if _int(request.GET.get("person")):
        person = people_selectors.person_get(workspace, _int(request.GET.get("person")))
    form = ActionItemForm(request.POST or None, initial={"person": person.pk if person else None})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["person"]:
            person = people_selectors.person_get(workspace, form.cleaned_data["person"])
        try:
            services.action_item_create(workspace, by=request.user,
                                        text=form.cleaned_data["text"],
                                        due_on=form.cleaned_data["due_on"], person=person)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, "Action item added.")
            if person:
                return redirect("people:detail", person_id=person.pk)
            return redirect("interactions:actions")
    return render(request, "interactions/action_form.html",
                  {"form": form, "person": person, "person_list": [person] if person else []})


@workspace_view
def action_edit(request, action_id: int):
    workspace = request.workspace
    item = selectors.action_item_get(workspace, action_id)
    form = ActionItemForm(request.POST or None, initial={
        "text": item.text, "due_on": item.due_on, "person": item.person_id,
        "version": services.ACTION_ITEM_VERSION.of(item),
    })
    person = item.person
    if request.method == "POST" and form.is_valid():
        person = (people_selectors.person_get(workspace, form.cleaned_data["person"])
                  if form.cleaned_data["person"] else None)
        try:
            services.action_item_update(workspace, by=request.user, item=item,
                                        text=form.cleaned_data["text"],
                                        due_on=form.cleaned_data["due_on"], person=person,
                                        expected_version=form.cleaned_data["version"])
        except DomainError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("interactions:actions")
    return render(request, "interactions/action_form.html",
                  {"form": form, "person": person, "item": item,
                   "person_list": [person] if person else []})


@workspace_view
@require_POST
def action_toggle(request, action_id: int):
    """Mark done / reopen in place: htmx gets the row back, a plain form a redirect."""
    item = selectors.action_item_get(request.workspace, action_id)
    done = request.POST.get("done", "1" if not item.is_done else "0") == "1"
    services.action_item_set_done(request.workspace, by=request.user, item=item, done=done)
    if request.htmx:
        return render(request, "interactions/_action_item.html", {
            "item": item, "today": timezone.localdate(), "just_changed": True,
            "show_person": request.POST.get("show_person") != "0",
        })
    return redirect_next(request, "interactions:actions")


@workspace_view
@require_POST
def action_delete(request, action_id: int):
    item = selectors.action_item_get(request.workspace, action_id)
    services.action_item_delete(request.workspace, by=request.user, item=item)
    messages.success(request, "Action item deleted.")
    return redirect("interactions:actions")
