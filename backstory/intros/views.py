"""Pages for introductions, the chain view and opportunities with their matches."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from backstory.core.errors import DomainError, apply_to_form
from backstory.core.http import int_param as _int
from backstory.core.http import redirect_next
from backstory.core.pagination import paginate
from backstory.people import selectors as people_selectors
from backstory.workspaces.decorators import workspace_view
from backstory.workspaces.members import member_name
from backstory.workspaces.models import Role
from backstory.workspaces.selectors import members_of

from . import selectors, services
from .drafts import draft_for
from .forms import (
    IntroductionEditForm,
    IntroductionForm,
    IntroRequestAnswerForm,
    IntroRequestForm,
    OpportunityForm,
    OutcomeForm,
)
from .models import IntroStatus, OpportunityKind, Outcome
from .transitions import DRAFT_FOR_STATUS, STEPS, steps_offered


def _person_or_none(workspace, person_id):
    return people_selectors.person_get(workspace, person_id) if person_id else None


@workspace_view
def intro_list(request):
    workspace = request.workspace
    state = request.GET.get("state", "open")
    state = state if state in selectors.INTRO_STATES else "open"
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in Outcome.values else ""
    q = request.GET.get("q", "").strip()[:200]
    page = paginate(request, selectors.introductions_list(workspace, state=state, q=q,
                                                          outcome=outcome), 40)
    context = {"page": page, "state": state, "q": q, "outcome": outcome}
    if request.htmx and request.htmx.target == "intro-results":
        return render(request, "intros/_intro_results.html", context)
    context.update(counts=selectors.introduction_counts(workspace), outcomes=Outcome.choices)
    return render(request, "intros/intro_list.html", context)


@workspace_view
def intro_new(request):
    workspace = request.workspace
    a = _person_or_none(workspace, _int(request.GET.get("a")))
    b = _person_or_none(workspace, _int(request.GET.get("b")))
    opportunity = None
    if _int(request.GET.get("opportunity")):
        opportunity = selectors.opportunity_get(workspace, _int(request.GET["opportunity"]))
        b = b or opportunity.contact
    form = IntroductionForm(request.POST or None, initial={
        "person_a": a.pk if a else None, "person_b": b.pk if b else None,
        "reason": (f"{opportunity.get_kind_display()}: {opportunity.title}"
                   if opportunity else ""),
    })
    if request.method == "POST":
        a = _person_or_none(workspace, _int(request.POST.get("person_a")))
        b = _person_or_none(workspace, _int(request.POST.get("person_b")))
        if form.is_valid():
            try:
                intro = services.introduction_start(
                    workspace, by=request.user, person_a=a, person_b=b,
                    reason=form.cleaned_data["reason"], opportunity=opportunity,
                    a_requested=form.cleaned_data["a_requested"],
                )
            except DomainError as error:
                apply_to_form(form, error)
            else:
                messages.success(request, f"Introduction started. First, ask {a.name} — the "
                                          "draft e-mail is ready to copy.")
                return redirect("intros:detail", introduction_id=intro.pk)
    return render(request, "intros/intro_form.html", {
        "form": form, "a_list": [a] if a else [], "b_list": [b] if b else [],
        "opportunity": opportunity,
    })


def _sender(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


@workspace_view
def intro_detail(request, introduction_id: int):
    workspace = request.workspace
    intro = selectors.introduction_get(workspace, introduction_id)
    a, b = intro.person_a, intro.person_b
    draft = None
    if intro.status in DRAFT_FOR_STATUS:
        draft = draft_for(DRAFT_FOR_STATUS[intro.status], a=a, b=b, reason=intro.reason,
                          sender=_sender(request.user),
                          emails=selectors.primary_emails(workspace, [a, b]))
    steps = [(s.code, s.label.format(a=a.name, b=b.name), s.primary)
             for s in steps_offered(intro.status)]
    order = [IntroStatus.PROPOSED, IntroStatus.ASKED_A, IntroStatus.A_AGREED,
             IntroStatus.ASKED_B, IntroStatus.INTRODUCED]
    reached = order.index(intro.status) if intro.status in order else -1
    stepper = [
        ("Ask " + a.name.split()[0], 1), (a.name.split()[0] + " says yes", 2),
        ("Ask " + b.name.split()[0], 3), ("Introduce", 4), ("Outcome", 5),
    ]
    return render(request, "intros/intro_detail.html", {
        "intro": intro, "a": a, "b": b, "intro_people": (a, b), "draft": draft, "steps": steps,
        "stepper": [(label, "done" if n <= reached or (n == 5 and intro.outcome) else
                     "current" if n == reached + 1 else "") for label, n in stepper],
        "outcome_form": OutcomeForm(initial={"outcome": intro.outcome or None,
                                             "note": intro.outcome_note}),
        "chain_a": selectors.introduced_by_chain(workspace, a),
        "chain_b": selectors.introduced_by_chain(workspace, b),
    })


@workspace_view
def intro_edit(request, introduction_id: int):
    workspace = request.workspace
    intro = selectors.introduction_get(workspace, introduction_id)
    form = IntroductionEditForm(request.POST or None, initial={
        "reason": intro.reason, "version": services.INTRODUCTION_VERSION.of(intro)})
    if request.method == "POST" and form.is_valid():
        try:
            services.introduction_update(workspace, by=request.user, introduction=intro,
                                         reason=form.cleaned_data["reason"],
                                         expected_version=form.cleaned_data["version"])
        except DomainError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("intros:detail", introduction_id=intro.pk)
    return render(request, "intros/intro_edit.html", {"form": form, "intro": intro})


@workspace_view
@require_POST
def intro_step(request, introduction_id: int):
    workspace = request.workspace
    intro = selectors.introduction_get(workspace, introduction_id)
    step = request.POST.get("step", "")
    try:
        intro = services.introduction_step(workspace, by=request.user, introduction=intro,
                                           step=step)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        label = STEPS[step].label.format(a=intro.person_a.name, b=intro.person_b.name)
        messages.success(request, f"Recorded: {label}.")
    return redirect("intros:detail", introduction_id=intro.pk)


@workspace_view
@require_POST
def intro_outcome(request, introduction_id: int):
    workspace = request.workspace
    intro = selectors.introduction_get(workspace, introduction_id)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how it went: connected, helped, hired or nothing.")
        return redirect("intros:detail", introduction_id=intro.pk)
    try:
        intro = services.introduction_record_outcome(
            workspace, by=request.user, introduction=intro,
            outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Outcome recorded: {intro.get_outcome_display().lower()}.")
    return redirect("intros:detail", introduction_id=intro.pk)


@workspace_view
@require_POST
def intro_delete(request, introduction_id: int):
    intro = selectors.introduction_get(request.workspace, introduction_id)
    try:
        services.introduction_delete(request.workspace, by=request.user, introduction=intro)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("intros:detail", introduction_id=intro.pk)
    messages.success(request, "The proposed introduction was deleted.")
    return redirect("intros:list")


@workspace_view
def chain(request):
    workspace = request.workspace
    person_id = _int(request.GET.get("person"))
    person = _person_or_none(workspace, person_id)
    return render(request, "intros/chain.html", {
        "chains": selectors.chains(workspace, person_id=person.pk if person else None),
        "focus": person,
    })


# Opportunities -----------------------------------------------------------------------------


@workspace_view
def opportunity_list(request):
    workspace = request.workspace
    state = request.GET.get("state", "open")
    state = state if state in {"open", "closed", "all"} else "open"
    kind = request.GET.get("kind", "")
    kind = kind if kind in OpportunityKind.values else ""
    q = request.GET.get("q", "").strip()[:200]
    page = paginate(request, selectors.opportunities_list(workspace, state=state, kind=kind,
                                                          q=q), 40)
    context = {"page": page, "state": state, "kind": kind, "q": q}
    if request.htmx and request.htmx.target == "opportunity-results":
        return render(request, "intros/_opportunity_results.html", context)
    context["kinds"] = OpportunityKind.choices
    return render(request, "intros/opportunity_list.html", context)


def _opportunity_fields(workspace, form: OpportunityForm) -> services.OpportunityFields:
    data = form.cleaned_data
    return services.OpportunityFields(
        kind=data["kind"], title=data["title"], description=data["description"],
        organization_name=data["organization_name"], url=data["url"],
        keywords=data["keywords"], deadline=data["deadline"],
        contact=_person_or_none(workspace, data["contact"]),
        brought_by=_person_or_none(workspace, data["brought_by"]),
    )


def _opportunity_form_page(request, form, opportunity=None):
    workspace = request.workspace
    source = request.POST if request.method == "POST" else None
    if source is not None:
        contact = _person_or_none(workspace, _int(source.get("contact")))
        brought_by = _person_or_none(workspace, _int(source.get("brought_by")))
    else:
        contact = opportunity.contact if opportunity else None
        brought_by = opportunity.brought_by if opportunity else None
        if brought_by is None and _int(request.GET.get("from")):
            brought_by = _person_or_none(workspace, _int(request.GET.get("from")))
    return render(request, "intros/opportunity_form.html", {
        "form": form, "opportunity": opportunity,
        "contact_list": [contact] if contact else [],
        "brought_by_list": [brought_by] if brought_by else [],
    })


@workspace_view
def opportunity_new(request):
    workspace = request.workspace
    form = OpportunityForm(request.POST or None, initial={"kind": OpportunityKind.JOB})
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(workspace, by=request.user,
                                                      data=_opportunity_fields(workspace, form))
        except DomainError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, "Opportunity saved. Here is who in your network it fits.")
            return redirect("intros:opportunity", opportunity_id=opportunity.pk)
    return _opportunity_form_page(request, form)


@workspace_view
def opportunity_edit(request, opportunity_id: int):
    workspace = request.workspace
    opportunity = selectors.opportunity_get(workspace, opportunity_id)
    form = OpportunityForm(request.POST or None, initial={
        "kind": opportunity.kind, "title": opportunity.title,
        "organization_name": opportunity.organization_name,
        "description": opportunity.description, "keywords": opportunity.keywords,
        "url": opportunity.url, "deadline": opportunity.deadline,
        "contact": opportunity.contact_id, "brought_by": opportunity.brought_by_id,
        "version": services.OPPORTUNITY_VERSION.of(opportunity),
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(workspace, by=request.user, opportunity=opportunity,
                                        data=_opportunity_fields(workspace, form),
                                        expected_version=form.cleaned_data["version"])
        except DomainError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("intros:opportunity", opportunity_id=opportunity.pk)
    return _opportunity_form_page(request, form, opportunity)


@workspace_view
def opportunity_detail(request, opportunity_id: int):
    workspace = request.workspace
    opportunity = selectors.opportunity_get(workspace, opportunity_id)
    return render(request, "intros/opportunity_detail.html", {
        "opportunity": opportunity,
        "matches": selectors.opportunity_matches(workspace, opportunity),
        "seeking": opportunity.kind in selectors.SEEKING_KINDS,
    })


@workspace_view
@require_POST
def opportunity_refer(request, opportunity_id: int):
    """One click on a match: start an introduction, or add an action item to tell them."""
    workspace = request.workspace
    opportunity = selectors.opportunity_get(workspace, opportunity_id)
    person = people_selectors.person_get(workspace, _int(request.POST.get("person")) or 0)
    how = request.POST.get("how", "")
    try:
        lead = services.opportunity_refer(workspace, by=request.user, opportunity=opportunity,
                                          person=person, how=how)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(reverse("intros:opportunity", args=[opportunity.pk])
                        + f"#match-{person.pk}")
    if how == "intro":
        messages.success(request, f"Introduction started: ask {person.name} first.")
        return redirect("intros:detail", introduction_id=lead.introduction_id)
    messages.success(request, f"Added to your action items: {lead.action_item.text}.")
    return redirect(reverse("intros:opportunity", args=[opportunity.pk]) + f"#match-{person.pk}")


@workspace_view
@require_POST
def opportunity_close(request, opportunity_id: int):
    opportunity = selectors.opportunity_get(request.workspace, opportunity_id)
    closed = request.POST.get("closed", "1") == "1"
    try:
        services.opportunity_close(request.workspace, by=request.user, opportunity=opportunity,
                                   closed=closed)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Closed." if closed else "Reopened.")
    return redirect("intros:opportunity", opportunity_id=opportunity.pk)


# Asking a teammate for an introduction -----------------------------------------------------


def _teammates(request) -> list:
    """The members one can ask: everyone who can make an introduction, except oneself."""
    return [{"user_id": m.user_id, "name": member_name(m.user)}
            for m in members_of(request.workspace)
            if m.user_id != request.user.pk and m.can(Role.EDITOR)]


@workspace_view
def intro_request_new(request, person_id: int):
    """Ask a teammate to introduce someone (you, or a colleague) to this person. The person
    page carries the same form; this page shows it again with the errors."""
    workspace = request.workspace
    person = people_selectors.person_get(workspace, person_id)
    teammates = _teammates(request)
    asked_id = _int(request.GET.get("asked"))
    form = IntroRequestForm(request.POST or None, initial={"asked": asked_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        asked = next((m.user for m in members_of(workspace) if m.user_id == data["asked"]),
                     None)
        for_person = _person_or_none(workspace, data["for_person"])
        try:
            services.intro_request_create(workspace, by=request.user, person=person,
                                          for_person=for_person, asked=asked,
                                          note=data["note"])
        except DomainError as error:
            apply_to_form(form, error)
        else:
            messages.success(request, f"Asked {member_name(asked)} for an "
                                      f"introduction to {person.name}. It is on their Today.")
            return redirect("people:detail", person_id=person.pk)
    chosen_id = _int(request.POST.get("for_person")) if request.method == "POST" else None
    return render(request, "intros/intro_request_form.html", {
        "form": form, "person": person, "teammates": teammates,
        "asked_id": _int(request.POST.get("asked")) if request.method == "POST" else asked_id,
        "for_list": [_person_or_none(workspace, chosen_id)] if chosen_id else [],
    })


@workspace_view
@require_POST
def intro_request_answer(request, request_id: int):
    """Accept (it becomes an introduction you make) or decline with a note (from Today)."""
    workspace = request.workspace
    intro_request = selectors.intro_request_get(workspace, request_id)
    if intro_request is None:
        raise Http404("No such request in this workspace.")
    form = IntroRequestAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose to accept or decline the request.")
        return redirect_next(request, "home")
    try:
        if form.cleaned_data["answer"] == "accept":
            answered = services.intro_request_accept(workspace, by=request.user,
                                                     request=intro_request,
                                                     reason=form.cleaned_data["note"])
        else:
            answered = services.intro_request_decline(workspace, by=request.user,
                                                      request=intro_request,
                                                      note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect_next(request, "home")
    if answered.introduction_id:
        messages.success(request, f"Accepted: ask {answered.person.name} first — the "
                                  "introduction is in your list.")
        return redirect("intros:detail", introduction_id=answered.introduction_id)
    messages.success(request, "Declined; your note goes back to your teammate.")
    return redirect_next(request, "home")
