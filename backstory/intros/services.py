"""Every write to introductions, opportunities and the matches acted on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.core.events import publish
from backstory.core.versions import Versioned
from backstory.interactions.models import ActionItem
from backstory.interactions.services import action_item_create, action_item_set_done
from backstory.people.models import Person
from backstory.people.services import do_not_contact_refusal, refuse_if_do_not_contact
from backstory.workspaces.actors import Actor, recorded_actor
from backstory.workspaces.members import member_name
from backstory.workspaces.models import Membership, Role, Workspace
from backstory.workspaces.services import activity_record

from .drafts import first_name
from .models import (
    Introduction,
    IntroRequest,
    IntroRequestStatus,
    IntroStatus,
    Opportunity,
    OpportunityKind,
    OpportunityLead,
    Outcome,
)
from .transitions import STEPS, outcome_refusal, step_refusal

# After the introduction: ask both how it went this many days later.
OUTCOME_FOLLOW_UP_DAYS = 14
# After "they connected": check again whether it helped.
CHECK_IN_DAYS = 30
TELL_DUE_IN_DAYS = 2


def _check_intro(workspace: Workspace, introduction: Introduction) -> None:
    if introduction.workspace_id != workspace.id:
        raise DomainError("That introduction is not in this workspace.")


def _check_opportunity(workspace: Workspace, opportunity: Opportunity) -> None:
    if opportunity.workspace_id != workspace.id:
        raise DomainError("That opportunity is not in this workspace.")


def _record_both(workspace: Workspace, *, by: Actor, introduction: Introduction, action: str,
                 summary_a: str, summary_b: str, **data) -> None:
    for person, summary in ((introduction.person_a, summary_a),
                            (introduction.person_b, summary_b)):
        activity_record(workspace, by=by, action=action, obj=introduction, person=person,
                        data={"summary": summary, **data})


def _two_people_problems(workspace: Workspace, first: tuple[str, Person | None],
                         second: tuple[str, Person | None]) -> dict[str, list[str]]:
    """What is wrong with the two people of an introduction (or a request for one), by
    form field: one missing, not of this workspace, or the same person twice."""
    errors: dict[str, list[str]] = {}
    for field, person in (first, second):
        if person is None:
            errors[field] = ["Choose a person."]
        elif person.workspace_id != workspace.id:
            errors[field] = ["Not found in this workspace."]
    if not errors and first[1].pk == second[1].pk:
        errors[second[0]] = [f"{first[1].name} cannot be introduced to themselves."]
    return errors


@transaction.atomic
def introduction_start(
    workspace: Workspace, *, by: Actor, person_a: Person, person_b: Person, reason: str,
    opportunity: Opportunity | None = None, a_requested: bool = False,
) -> Introduction:
    """Propose introducing A to B. Nobody is asked yet (double opt-in starts with A).

    `a_requested`: A asked the user for this introduction, so A's yes is recorded at once.
    This is also the hook for quick-log's `intro A to B`.
    """
    derived_refresh(workspace)  # a write: the data version goes up
    errors = _two_people_problems(workspace, ("person_a", person_a), ("person_b", person_b))
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ["Why should they meet? One sentence is enough."]
    if opportunity is not None and opportunity.workspace_id != workspace.id:
        errors["opportunity"] = ["That opportunity is not in this workspace."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    refuse_if_do_not_contact(Person.objects.filter(pk__in=[person_a.pk, person_b.pk])
                             .select_related("do_not_contact_by"), "an introduction")
    pair = (Q(person_a=person_a, person_b=person_b) | Q(person_a=person_b, person_b=person_a))
    open_one = Introduction.objects.filter(pair, workspace=workspace).exclude(
        status__in=[IntroStatus.INTRODUCED, IntroStatus.DECLINED]).first()
    if open_one is not None:
        raise DomainError(
            f"You are already introducing {person_a.name} and {person_b.name} "
            f"({open_one.get_status_display().lower()}). Open that introduction instead.",
            field_errors={"person_b": ["An introduction between them is in progress."]},
        )
    now = timezone.now()
    introduction = Introduction.objects.create(
        workspace=workspace, person_a=person_a, person_b=person_b, reason=reason,
        opportunity=opportunity, status=IntroStatus.PROPOSED, status_changed_at=now,
        created_by=recorded_actor(by),
    )
    _record_both(workspace, by=by, introduction=introduction, action="intro.started",
                 summary_a=f"Introduction to {person_b.name} proposed",
                 summary_b=f"Introduction to {person_a.name} proposed")
    if a_requested:
        introduction = introduction_step(workspace, by=by, introduction=introduction,
                                         step="a_agreed")
    return introduction


def introduction_start_from_quicklog(
    workspace: Workspace, *, by: Actor, person_a: Person, person_b: Person, text: str = "",
) -> Introduction:
    """The hook for quick-log's `intro A to B …`: the rest of the sentence is the reason.

    A sentence with nothing after the names still starts the introduction, with a reason
    that says where it came from, so that nothing typed in a hurry is lost.
    """
    reason = " ".join((text or "").split())
    if not reason:
        reason = (f"Noted in quick-log on {timezone.localdate():%d %b %Y} — add why "
                  f"{first_name(person_a)} and {first_name(person_b)} should meet.")
    return introduction_start(workspace, by=by, person_a=person_a, person_b=person_b,
                              reason=reason)


# What the edit forms of an introduction and an opportunity change (core.versions).
INTRODUCTION_VERSION = Versioned("reason", what=lambda intro: "this introduction")
OPPORTUNITY_VERSION = Versioned(
    "kind", "title", "organization_name", "description", "keywords", "url", "deadline",
    "contact", "brought_by", what=lambda o: f"the opportunity “{o.title}”")


@transaction.atomic
def introduction_update(workspace: Workspace, *, by: Actor, introduction: Introduction,
                        reason: str, expected_version: str | None = None) -> Introduction:
    derived_refresh(workspace)  # a write: the data version goes up
    _check_intro(workspace, introduction)
    INTRODUCTION_VERSION.lock(introduction, expected_version)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Why should they meet? One sentence is enough.",
                          field_errors={"reason": ["Required."]})
    introduction.reason = reason
    introduction.save(update_fields=["reason", "updated_at"])
    activity_record(workspace, by=by, action="intro.updated", obj=introduction,
                    person=introduction.person_a, data={"summary": "Introduction reason edited"})
    return introduction


def _follow_up(workspace: Workspace, *, by: Actor, introduction: Introduction, text: str,
               due_on: date) -> ActionItem:
    return action_item_create(workspace, by=by, text=text[:300], due_on=due_on,
                              person=introduction.person_a)


def _close_follow_up(workspace: Workspace, *, by: Actor, introduction: Introduction) -> None:
    item = introduction.follow_up_item
    if item is not None and not item.is_done:
        action_item_set_done(workspace, by=by, item=item, done=True)


# The steps that contact A or B: refused while either of them is marked do not contact
# (saying no, and how it went, can always be recorded).
CONTACTING_STEPS = {"ask_a", "a_agreed", "ask_b", "introduce"}


@transaction.atomic
def introduction_step(workspace: Workspace, *, by: Actor, introduction: Introduction, step: str,
                      on: date | None = None) -> Introduction:
    """One step of the double opt-in, or a DomainError saying why it is not the time."""
    derived_refresh(workspace)  # a write: the data version goes up
    _check_intro(workspace, introduction)
    intro = Introduction.objects.select_for_update(of=("self",)).select_related(
        "person_a", "person_b", "follow_up_item").get(pk=introduction.pk)
    a, b = intro.person_a, intro.person_b
    refusal = step_refusal(intro.status, step, a=a.name, b=b.name,
                           declined_by=intro.declined_by)
    if refusal:
        raise DomainError(refusal)
    if step in CONTACTING_STEPS:
        refuse_if_do_not_contact((a, b), "an introduction")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError("That date is in the future.")
    before = intro.status
    intro.status = STEPS[step].target
    # A step recorded for an earlier day (asked last week) dates the status by that day.
    intro.status_changed_at = timezone.now() if on >= timezone.localdate() else \
        timezone.make_aware(datetime.combine(on, time(12)))
    if step == "ask_a":
        intro.asked_a_on = on
    elif step == "a_agreed":
        intro.a_agreed_on = on
        intro.asked_a_on = intro.asked_a_on or on
    elif step == "ask_b":
        intro.asked_b_on = on
    elif step in ("a_declined", "b_declined"):
        intro.declined_on = on
        intro.declined_by = step[0]
    elif step == "introduce":
        intro.introduced_on = on
        intro.follow_up_item = _follow_up(
            workspace, by=by, introduction=intro,
            text=f"Ask {first_name(a)} and {first_name(b)} how their introduction went",
            due_on=on + timedelta(days=OUTCOME_FOLLOW_UP_DAYS),
        )
    intro.save()
    label = STEPS[step].label.format(a=a.name, b=b.name)
    _record_both(workspace, by=by, introduction=intro, action=f"intro.{step}",
                 summary_a=f"Introduction to {b.name}: {label}",
                 summary_b=f"Introduction to {a.name}: {label}",
                 **{"from": before, "to": intro.status})
    return intro


@transaction.atomic
def introduction_record_outcome(workspace: Workspace, *, by: Actor, introduction: Introduction,
                                outcome: str, note: str = "",
                                on: date | None = None) -> Introduction:
    """How it went. "Connected" sets a check-in for later; the others close the loop."""
    derived_refresh(workspace)  # a write: the data version goes up
    _check_intro(workspace, introduction)
    intro = Introduction.objects.select_for_update(of=("self",)).select_related(
        "person_a", "person_b", "follow_up_item", "opportunity").get(pk=introduction.pk)
    refusal = outcome_refusal(intro.status)
    if refusal:
        raise DomainError(refusal)
    if outcome not in Outcome.values:
        raise DomainError(f"“{outcome}” is not an outcome: choose connected, helped, hired "
                          "or nothing.", field_errors={"outcome": ["Choose one."]})
    on = on or timezone.localdate()
    if intro.introduced_on and on < intro.introduced_on:
        raise DomainError("The outcome cannot come before the introduction.")
    intro.outcome = outcome
    intro.outcome_on = on
    intro.outcome_note = (note or "").strip()
    _close_follow_up(workspace, by=by, introduction=intro)
    a, b = intro.person_a, intro.person_b
    if outcome == Outcome.CONNECTED:
        intro.follow_up_item = _follow_up(
            workspace, by=by, introduction=intro,
            text=f"Check in with {first_name(a)}: did meeting {first_name(b)} help?",
            due_on=on + timedelta(days=CHECK_IN_DAYS),
        )
    intro.save()
    label = Outcome(outcome).label
    _record_both(workspace, by=by, introduction=intro, action="intro.outcome",
                 summary_a=f"Introduction to {b.name}: {label.lower()}",
                 summary_b=f"Introduction to {a.name}: {label.lower()}", outcome=outcome)
    publish(workspace, "introduction.outcome", intro)
    opportunity = intro.opportunity
    if (outcome == Outcome.HIRED and opportunity is not None and opportunity.is_open
            and opportunity.kind == OpportunityKind.JOB):
        opportunity_close(workspace, by=by, opportunity=opportunity, closed=True,
                          why=f"filled: {a.name} was hired")
    return intro


@transaction.atomic
def introduction_delete(workspace: Workspace, *, by: Actor, introduction: Introduction) -> None:
    derived_refresh(workspace)  # a write: the data version goes up
    _check_intro(workspace, introduction)
    if introduction.status != IntroStatus.PROPOSED:
        raise DomainError("Only an introduction nobody has been asked about can be deleted. "
                          "If it is off, record that they said no.")
    _record_both(workspace, by=by, introduction=introduction, action="intro.deleted",
                 summary_a=f"Proposed introduction to {introduction.person_b.name} deleted",
                 summary_b=f"Proposed introduction to {introduction.person_a.name} deleted")
    introduction.delete()


# Opportunities ----------------------------------------------------------------------------


@dataclass
class OpportunityFields:
    kind: str
    title: str
    description: str = ""
    organization_name: str = ""
    url: str = ""
    keywords: str = ""
    deadline: date | None = None
    contact: Person | None = None
    brought_by: Person | None = None


def _fill_opportunity(workspace: Workspace, opportunity: Opportunity,
                      data: OpportunityFields) -> None:
    errors: dict[str, list[str]] = {}
    if data.kind not in OpportunityKind.values:
        errors["kind"] = [f"“{data.kind}” is not a kind of opportunity we know."]
    title = " ".join((data.title or "").split())
    if not title:
        errors["title"] = ["What is it? Give it a one-line title."]
    for field in ("contact", "brought_by"):
        person = getattr(data, field)
        if person is not None and person.workspace_id != workspace.id:
            errors[field] = ["Not found in this workspace."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    opportunity.kind = data.kind
    opportunity.title = title[:200]
    opportunity.description = (data.description or "").strip()
    opportunity.organization_name = " ".join((data.organization_name or "").split())[:200]
    opportunity.url = (data.url or "").strip()
    opportunity.keywords = " ".join((data.keywords or "").split())[:300]
    opportunity.deadline = data.deadline
    opportunity.contact = data.contact
    opportunity.brought_by = data.brought_by
    try:
        opportunity.full_clean(exclude=["workspace", "created_by", "contact", "brought_by"])
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None


@transaction.atomic
def opportunity_create(workspace: Workspace, *, by: Actor, data: OpportunityFields) -> Opportunity:
    derived_refresh(workspace)  # a write: the data version goes up
    opportunity = Opportunity(workspace=workspace, created_by=recorded_actor(by))
    _fill_opportunity(workspace, opportunity, data)
    opportunity.save()
    activity_record(workspace, by=by, action="opportunity.created", obj=opportunity,
                    person=data.brought_by, data={
                        "title": opportunity.title,
                        "summary": f"Told you about “{opportunity.title}”"})
    return opportunity


@transaction.atomic
def opportunity_update(workspace: Workspace, *, by: Actor, opportunity: Opportunity,
                       data: OpportunityFields,
                       expected_version: str | None = None) -> Opportunity:
    derived_refresh(workspace)  # a write: the data version goes up
    _check_opportunity(workspace, opportunity)
    OPPORTUNITY_VERSION.lock(opportunity, expected_version)
    _fill_opportunity(workspace, opportunity, data)
    opportunity.save()
    activity_record(workspace, by=by, action="opportunity.updated", obj=opportunity,
                    data={"title": opportunity.title,
                          "summary": f"Opportunity “{opportunity.title}” edited"})
    return opportunity


@transaction.atomic
def opportunity_close(workspace: Workspace, *, by: Actor, opportunity: Opportunity, closed: bool,
                      why: str = "") -> Opportunity:
    derived_refresh(workspace)  # a write: the data version goes up
    _check_opportunity(workspace, opportunity)
    if closed == (not opportunity.is_open):
        raise DomainError("This opportunity is closed already." if closed
                          else "This opportunity is open already.")
    opportunity.closed_at = timezone.now() if closed else None
    opportunity.save(update_fields=["closed_at", "updated_at"])
    verb = "closed" if closed else "reopened"
    activity_record(workspace, by=by, action=f"opportunity.{verb}", obj=opportunity, data={
        "title": opportunity.title, "why": why,
        "summary": f"Opportunity “{opportunity.title}” {verb}" + (f" ({why})" if why else ""),
    })
    return opportunity


@transaction.atomic
def opportunity_refer(workspace: Workspace, *, by: Actor, opportunity: Opportunity, person: Person,
                      how: str, reason: str = "") -> OpportunityLead:
    """One click on a match: introduce them to the contact, or an action item to tell them."""
    derived_refresh(workspace)  # a write: the data version goes up
    _check_opportunity(workspace, opportunity)
    if person.workspace_id != workspace.id:
        raise DomainError("That person is not in this workspace.")
    if not opportunity.is_open:
        raise DomainError("This opportunity is closed. Reopen it to act on a match.")
    if how not in ("intro", "action"):
        raise DomainError("Choose an introduction or an action item.")
    lead, _ = OpportunityLead.objects.select_for_update().get_or_create(
        workspace=workspace, opportunity=opportunity, person=person)
    if how == "intro":
        contact = opportunity.contact
        if contact is None:
            raise DomainError("This opportunity has no contact person to introduce "
                              f"{person.name} to. Add one, or add an action item instead.")
        if lead.introduction_id is not None:
            raise DomainError(f"You already started an introduction for {person.name} "
                              "about this.")
        lead.introduction = introduction_start(
            workspace, by=by, person_a=person, person_b=contact, opportunity=opportunity,
            reason=reason or f"{opportunity.get_kind_display()}: {opportunity.title}",
        )
    else:
        if lead.action_item_id is not None:
            raise DomainError(f"Telling {person.name} about this is on your list already.")
        where = f" at {opportunity.organization_name}" if opportunity.organization_name else ""
        lead.action_item = action_item_create(
            workspace, by=by, person=person,
            text=f"Tell {person.name} about “{opportunity.title}”{where}"[:300],
            due_on=timezone.localdate() + timedelta(days=TELL_DUE_IN_DAYS),
        )
    lead.save()
    activity_record(workspace, by=by, action="opportunity.referred", obj=opportunity,
                    person=person, data={"how": how, "title": opportunity.title,
                                         "summary": f"Matched to “{opportunity.title}”"})
    return lead


# Asking a teammate for an introduction -----------------------------------------------------


def _ask_refusal(workspace: Workspace, person: Person) -> str:
    """Why nobody may be asked for an introduction to ``person`` ("" when they may).

    A person marked do not contact is refused here, with the reason, before a teammate is
    asked — and again by ``introduction_start`` if the request is accepted later.
    """
    if person.do_not_contact:
        return do_not_contact_refusal(person, "an introduction").message
    if person.is_archived:
        return f"{person.name} is archived: restore them before asking for an introduction."
    return ""


def _membership(workspace: Workspace, user: Actor) -> Membership | None:
    actor = recorded_actor(user)
    if actor is None:
        return None
    return Membership.objects.filter(workspace=workspace, user=actor).first()


@transaction.atomic
def intro_request_create(workspace: Workspace, *, by: Actor, person: Person,
                         for_person: Person | None, asked, note: str = "") -> IntroRequest:
    """Ask the teammate ``asked`` to introduce ``for_person`` to ``person``.

    Refused: asking yourself, someone who is not a member (or only a viewer: they cannot
    make introductions here), a request by a viewer, and the same open request twice.
    """
    derived_refresh(workspace)  # a write: the data version goes up
    mine = _membership(workspace, by)
    if mine is None or not mine.can(Role.EDITOR):
        raise DomainError("Only an editor or owner of the workspace can ask for an introduction.")
    errors = _two_people_problems(workspace, ("person", person), ("for_person", for_person))
    theirs = None if asked is None else Membership.objects.filter(
        workspace=workspace, user=asked).first()
    if asked is None or theirs is None:
        errors["asked"] = ["Choose a teammate of this workspace."]
    elif asked.pk == by.pk:
        errors["asked"] = ["That is you: ask a teammate, or make the introduction yourself."]
    elif not theirs.can(Role.EDITOR):
        errors["asked"] = [f"{member_name(asked)} is a viewer here and cannot make "
                           "introductions in Backstory."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    refusal = _ask_refusal(workspace, person)
    if refusal:
        raise DomainError(refusal, field_errors={"person": [refusal]})
    if IntroRequest.objects.filter(workspace=workspace, person=person, for_person=for_person,
                                   asked=asked, status=IntroRequestStatus.PENDING).exists():
        already = (f"You already asked {member_name(asked)} for this introduction; it is "
                   "waiting for their answer.")
        raise DomainError(already, field_errors={"asked": [already]})
    request = IntroRequest.objects.create(
        workspace=workspace, person=person, for_person=for_person, requested_by=recorded_actor(by),
        asked=asked, note=(note or "").strip())
    activity_record(workspace, by=by, action="intro_request.created", obj=request, person=person,
                    data={"summary": f"{member_name(asked)} was asked to introduce "
                                     f"{for_person.name}"})
    return request


def _pending_for(workspace: Workspace, by, request: IntroRequest) -> IntroRequest:
    if request.workspace_id != workspace.id:
        raise DomainError("That request is not in this workspace.")
    locked = IntroRequest.objects.select_for_update(of=("self",)).select_related(
        "person", "for_person", "requested_by").get(pk=request.pk)
    if recorded_actor(by) is None or locked.asked_id != by.pk:
        raise DomainError("Only the teammate who was asked can answer this request.")
    if locked.status != IntroRequestStatus.PENDING:
        raise DomainError(f"This request was already answered "
                          f"({locked.get_status_display().lower()}).")
    return locked


@transaction.atomic
def intro_request_accept(workspace: Workspace, *, by: Actor, request: IntroRequest,
                         reason: str = "") -> IntroRequest:
    """The asked teammate says yes: the request becomes an introduction they make, with
    the person who asked for it as the first person (their yes is recorded at once)."""
    derived_refresh(workspace)  # a write: the data version goes up
    locked = _pending_for(workspace, by, request)
    asker = member_name(locked.requested_by) if locked.requested_by else "A teammate"
    reason = (reason or "").strip() or locked.note or (
        f"{asker} asked for an introduction to {locked.person.name}.")
    introduction = introduction_start(workspace, by=by, person_a=locked.for_person,
                                      person_b=locked.person, reason=reason, a_requested=True)
    locked.status = IntroRequestStatus.ACCEPTED
    locked.answered_at = timezone.now()
    locked.introduction = introduction
    locked.save(update_fields=["status", "answered_at", "introduction", "updated_at"])
    activity_record(workspace, by=by, action="intro_request.accepted", obj=locked,
                    person=locked.person,
                    data={"summary": f"Introduction of {locked.for_person.name} accepted"})
    return locked


@transaction.atomic
def intro_request_decline(workspace: Workspace, *, by: Actor, request: IntroRequest,
                          note: str = "") -> IntroRequest:
    """The asked teammate says no, with a note for the one who asked (why, or who else)."""
    derived_refresh(workspace)  # a write: the data version goes up
    locked = _pending_for(workspace, by, request)
    note = (note or "").strip()
    if not note:
        raise DomainError("Add a note for your teammate: why not, or who could help instead.",
                          field_errors={"decline_note": ["Required."]})
    locked.status = IntroRequestStatus.DECLINED
    locked.answered_at = timezone.now()
    locked.decline_note = note
    locked.save(update_fields=["status", "answered_at", "decline_note", "updated_at"])
    activity_record(workspace, by=by, action="intro_request.declined", obj=locked,
                    person=locked.person,
                    data={"summary": f"Introduction of {locked.for_person.name} declined"})
    return locked
