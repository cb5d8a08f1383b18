"""Pages for the tips board, tips, pitches, coverage and the sources view."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from backstory.core.errors import DomainError, apply_to_form
from backstory.core.http import int_param as _int
from backstory.core.pagination import paginate
from backstory.interactions import selectors as interaction_selectors
from backstory.people import selectors as people_selectors
from backstory.workspaces.decorators import workspace_view

from . import selectors, services
from .forms import CoverageForm, PitchEditForm, PitchForm, TipForm
from .models import PitchStatus, TipKind, TipStatus
from .transitions import PITCH_MOVE_LABELS, PITCH_MOVES


def _filters_from(data) -> selectors.BoardFilter:
    return selectors.BoardFilter(
        q=data.get("q", "").strip()[:200],
        kind=data.get("kind", "") if data.get("kind") in TipKind.values else "",
        source_id=_int(data.get("source")),
        early=data.get("early") == "1",
    )


def _board_context(request, filters: selectors.BoardFilter) -> dict:
    return {
        "columns": selectors.board(request.workspace, filters),
        "filters": filters,
        "today": timezone.localdate(),
    }


@workspace_view
def board(request):
    workspace = request.workspace
    filters = _filters_from(request.GET)
    status = request.GET.get("status", "")
    if status in TipStatus.values:
        # "Show all" of a column: a paginated list instead of the board.
        page = paginate(request, selectors.tips_list(workspace, filters, status), 40)
        return render(request, "stories/tips_column.html", {
            "page": page, "status": TipStatus(status), "filters": filters,
            "today": timezone.localdate(),
        })
    context = _board_context(request, filters)
    if request.htmx and request.htmx.target == "board":
        return render(request, "stories/_board.html", context)
    context.update(kinds=TipKind.choices,
                   source_people=selectors.board_sources(workspace, filters.source_id))
    return render(request, "stories/board.html", context)


def _people(workspace, ids: list[int]):
    people = people_selectors.people_by_ids(workspace, ids)
    if len(people) != len(set(ids)):
        raise Http404("One of these people is not in this workspace.")
    return people


def _tip_fields(workspace, form: TipForm, sources) -> services.TipFields:
    data = form.cleaned_data
    interaction = None
    if data.get("interaction"):
        interaction = interaction_selectors.interaction_get(workspace, data["interaction"])
    return services.TipFields(
        title=data["title"], kind=data["kind"], details=data["details"],
        heard_on=data["heard_on"], happens_on=data["happens_on"], sources=sources,
        interaction=interaction,
    )


def _tip_form_page(request, form, *, chosen, tip=None, interaction=None):
    return render(request, "stories/tip_form.html", {
        "form": form, "chosen": chosen, "tip": tip, "interaction": interaction,
    })


@workspace_view
def tip_new(request):
    workspace = request.workspace
    initial = {"heard_on": timezone.localdate(), "kind": TipKind.CUSTOMER_STORY}
    chosen = []
    interaction = None
    if _int(request.GET.get("interaction")):
        interaction = interaction_selectors.interaction_get(
            workspace, _int(request.GET["interaction"]))
        initial["interaction"] = interaction.pk
        initial["heard_on"] = timezone.localtime(interaction.occurred_at).date()
        chosen = list(interaction.participants.all())
    elif _int(request.GET.get("person")):
        chosen = [people_selectors.person_get(workspace, _int(request.GET["person"]))]
    form = TipForm(request.POST or None, initial=initial)
    if request.method == "POST":
        ids = [pk for pk in (_int(v) for v in request.POST.getlist("sources")) if pk]
        chosen = people_selectors.people_by_ids(workspace, ids)
        if form.is_valid():
            if form.cleaned_data.get("interaction"):
                interaction = interaction_selectors.interaction_get(
                    workspace, form.cleaned_data["interaction"])
            try:
                tip = services.tip_create(workspace, by=request.user, data=_tip_fields(
                    workspace, form, _people(workspace, form.cleaned_data["sources"])))
            except DomainError as error:
                apply_to_form(form, error)
            else:
                messages.success(request, f"Tip captured. {tip.title} is on the board as New.")
                return redirect("stories:detail", tip_id=tip.pk)
    return _tip_form_page(request, form, chosen=chosen, interaction=interaction)


@workspace_view
def tip_edit(request, tip_id: int):
    workspace = request.workspace
    tip = selectors.tip_get(workspace, tip_id)
    chosen = [row.person for row in tip.tip_sources.all()]
    form = TipForm(request.POST or None, initial={
        "title": tip.title, "kind": tip.kind, "details": tip.details, "heard_on": tip.heard_on,
        "happens_on": tip.happens_on, "interaction": tip.interaction_id,
        "sources": [p.pk for p in chosen], "version": services.TIP_VERSION.of(tip),
    })
    if request.method == "POST":
        ids = [pk for pk in (_int(v) for v in request.POST.getlist("sources")) if pk]
        chosen = people_selectors.people_by_ids(workspace, ids)
        if form.is_valid():
            try:
                services.tip_update(workspace, by=request.user, tip=tip, data=_tip_fields(
                    workspace, form, _people(workspace, form.cleaned_data["sources"])),
                    expected_version=form.cleaned_data["version"])
            except DomainError as error:
                apply_to_form(form, error)
            else:
                messages.success(request, "Saved.")
                return redirect("stories:detail", tip_id=tip.pk)
    return _tip_form_page(request, form, chosen=chosen, tip=tip, interaction=tip.interaction)


@workspace_view
def tip_detail(request, tip_id: int):
    workspace = request.workspace
    tip = selectors.tip_get(workspace, tip_id)
    pitches = list(tip.pitches.all())
    for pitch in pitches:
        pitch.moves = [(s, PITCH_MOVE_LABELS[s]) for s in PITCH_MOVES[pitch.status]]
    sources = list(tip.tip_sources.all())
    return render(request, "stories/tip_detail.html", {
        "tip": tip, "pitches": pitches, "sources": sources,
        "unthanked": [row for row in sources if row.thank_item_id is None],
        "history": selectors.tip_history(workspace, tip),
        "today": timezone.localdate(),
    })


@workspace_view
@require_POST
def tip_move(request, tip_id: int):
    """A card's move button. From the board (htmx) the board comes back, with an undo."""
    workspace = request.workspace
    tip = selectors.tip_get(workspace, tip_id)
    before = tip.status
    target = request.POST.get("status", "")
    error = None
    try:
        tip = services.tip_move(workspace, by=request.user, tip=tip, status=target)
    except DomainError as exc:
        error = exc.message
    if request.htmx and request.htmx.target == "board":
        context = _board_context(request, _filters_from(request.POST))
        context.update(error=error, moved=None if error else tip, moved_from=before)
        return render(request, "stories/_board.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Moved to {tip.get_status_display()}.")
    return redirect("stories:detail", tip_id=tip.pk)


@workspace_view
@require_POST
def tip_delete(request, tip_id: int):
    tip = selectors.tip_get(request.workspace, tip_id)
    try:
        services.tip_delete(request.workspace, by=request.user, tip=tip)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("stories:detail", tip_id=tip.pk)
    messages.success(request, "The tip was deleted.")
    return redirect("stories:board")


@workspace_view
@require_POST
def tip_thank(request, tip_id: int):
    """Take the thank-the-source suggestion: an action item for that source."""
    workspace = request.workspace
    tip = selectors.tip_get(workspace, tip_id)
    person = people_selectors.person_get(workspace, _int(request.POST.get("person")) or 0)
    try:
        item = services.tip_thank_source(workspace, by=request.user, tip=tip, person=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Added to your action items: {item.text}.")
    return redirect(reverse("stories:detail", args=[tip.pk]) + "#thank")


# Pitches -----------------------------------------------------------------------------------


@workspace_view
def pitch_new(request, tip_id: int):
    workspace = request.workspace
    tip = selectors.tip_get(workspace, tip_id)
    today = timezone.localdate()
    journalist = None
    if _int(request.GET.get("journalist")):
        journalist = people_selectors.person_get(workspace, _int(request.GET["journalist"]))
    form = PitchForm(request.POST or None, initial={
        "journalist": journalist.pk if journalist else None, "sent_on": today,
        "follow_up_days": 4, "sent": True,
    })
    if request.method == "POST":
        journalist_id = _int(request.POST.get("journalist"))
        journalist = (people_selectors.person_get(workspace, journalist_id)
                      if journalist_id else None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                pitch = services.pitch_create(
                    workspace, by=request.user, tip=tip, journalist=journalist,
                    angle=data["angle"], follow_up_days=data["follow_up_days"],
                    sent_on=data["sent_on"] if data["sent"] else None,
                )
            except DomainError as error:
                apply_to_form(form, error)
            else:
                if pitch.status == PitchStatus.SENT:
                    messages.success(request, f"Pitch to {journalist.name} recorded. If they "
                                     f"have not replied in {pitch.follow_up_days} days, it "
                                     "shows up in your action items.")
                else:
                    messages.success(request, f"Draft pitch to {journalist.name} saved.")
                return redirect(reverse("stories:detail", args=[tip.pk]) + f"#pitch-{pitch.pk}")
    found = selectors.journalist_suggestions(workspace, tip, today=today)
    return render(request, "stories/pitch_form.html", {
        "tip": tip, "form": form, "journalist": journalist,
        "journalist_list": [journalist] if journalist else [],
        "suggestions": [(s, found.people[s.person_id]) for s in found.suggestions],
        "already": found.already,
    })


@workspace_view
def pitch_edit(request, pitch_id: int):
    workspace = request.workspace
    pitch = selectors.pitch_get(workspace, pitch_id)
    form = PitchEditForm(request.POST or None, initial={
        "angle": pitch.angle, "follow_up_days": pitch.follow_up_days,
        "version": services.PITCH_VERSION.of(pitch)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data.copy()
        try:
            services.pitch_update(workspace, by=request.user, pitch=pitch,
                                  expected_version=data.pop("version"), **data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect(reverse("stories:detail", args=[pitch.tip_id]) + f"#pitch-{pitch.pk}")
    return render(request, "stories/pitch_edit.html", {"form": form, "pitch": pitch})


@workspace_view
@require_POST
def pitch_move(request, pitch_id: int):
    workspace = request.workspace
    pitch = selectors.pitch_get(workspace, pitch_id)
    try:
        pitch = services.pitch_move(workspace, by=request.user, pitch=pitch,
                                    status=request.POST.get("status", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Pitch to {pitch.journalist.name}: "
                                  f"{pitch.get_status_display().lower()}.")
    return redirect(reverse("stories:detail", args=[pitch.tip_id]) + f"#pitch-{pitch.pk}")


@workspace_view
def pitch_coverage(request, pitch_id: int):
    workspace = request.workspace
    pitch = selectors.pitch_get(workspace, pitch_id)
    form = CoverageForm(request.POST or None, initial={
        "outlet": pitch.coverage_outlet or pitch.journalist.outlet,
        "published_on": pitch.covered_on or timezone.localdate(),
        "url": pitch.coverage_url, "headline": pitch.coverage_headline,
        "version": services.COVERAGE_VERSION.of(pitch),
    })
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data.copy()
        try:
            services.pitch_record_coverage(workspace, by=request.user, pitch=pitch,
                                           expected_version=data.pop("version"), **data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, "Coverage recorded — the tip is Covered. Your source "
                                      "earned the credit; thank them below.")
            return redirect(reverse("stories:detail", args=[pitch.tip_id]) + "#thank")
    return render(request, "stories/coverage_form.html", {"form": form, "pitch": pitch})


@workspace_view
@require_POST
def pitch_coverage_remove(request, pitch_id: int):
    pitch = selectors.pitch_get(request.workspace, pitch_id)
    try:
        services.pitch_remove_coverage(request.workspace, by=request.user, pitch=pitch)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Coverage removed.")
    return redirect(reverse("stories:detail", args=[pitch.tip_id]) + f"#pitch-{pitch.pk}")


@workspace_view
@require_POST
def pitch_delete(request, pitch_id: int):
    pitch = selectors.pitch_get(request.workspace, pitch_id)
    try:
        services.pitch_delete(request.workspace, by=request.user, pitch=pitch)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Draft pitch deleted.")
    return redirect("stories:detail", tip_id=pitch.tip_id)


# Sources -----------------------------------------------------------------------------------


@workspace_view
def sources(request):
    workspace = request.workspace
    sort = request.GET.get("sort", "covered")
    sort = sort if sort in selectors.SOURCE_SORTS else "covered"
    team_id = _int(request.GET.get("team"))
    page = paginate(request, selectors.sources(workspace, sort=sort, team_id=team_id), 50)
    page.object_list = selectors.source_credits(workspace, page.object_list)
    context = {"page": page, "sort": sort, "team_id": team_id}
    if request.htmx and request.htmx.target == "source-results":
        return render(request, "stories/_source_results.html", context)
    context.update(totals=selectors.source_totals(workspace),
                   teams=people_selectors.teams_all(workspace))
    return render(request, "stories/sources.html", context)
