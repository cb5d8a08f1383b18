"""Every write to pitches and their coverage: one tip, one journalist, one angle."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.core.events import publish
from backstory.core.versions import Versioned
from backstory.interactions.models import ActionItem
from backstory.interactions.services import action_item_create, action_item_set_done
from backstory.people.models import Person
from backstory.people.services import refuse_if_do_not_contact
from backstory.workspaces.actors import Actor, recorded_actor
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import activity_record

from ..models import Pitch, PitchStatus, Tip, TipStatus
from ..transitions import pitch_move_refusal
from .tips import _change_status, _check_tip, _same_workspace, long_date

MAX_FOLLOW_UP_DAYS = 60


def _locked(pitch: Pitch) -> Pitch:
    """The pitch re-read under a row lock (of the pitch only: PostgreSQL refuses to lock
    the nullable side of the joins)."""
    return (Pitch.objects.select_for_update(of=("self",))
            .select_related("tip", "journalist", "follow_up_item").get(pk=pitch.pk))


def _check_pitch(workspace: Workspace, pitch: Pitch) -> None:
    if pitch.workspace_id != workspace.id:
        raise DomainError("That pitch is not in this workspace.")



def _validate_follow_up(days: int) -> None:
    if days is None or not 1 <= days <= MAX_FOLLOW_UP_DAYS:
        raise DomainError(
            f"Follow up after 1 to {MAX_FOLLOW_UP_DAYS} days.",
            field_errors={"follow_up_days": [f"Between 1 and {MAX_FOLLOW_UP_DAYS} days."]},
        )


def _follow_up_text(pitch: Pitch) -> str:
    return f"Follow up with {pitch.journalist.name} on the pitch “{pitch.tip.title}”"[:300]


def _send(workspace: Workspace, *, by: Actor, pitch: Pitch, on: date) -> None:
    refuse_if_do_not_contact(Person.objects.filter(pk=pitch.journalist_id), "a pitch")
    pitch.status = PitchStatus.SENT
    pitch.sent_on = on
    pitch.follow_up_item = action_item_create(
        workspace, by=by, text=_follow_up_text(pitch),
        due_on=on + timedelta(days=pitch.follow_up_days), person=pitch.journalist,
    )
    pitch.save()
    activity_record(workspace, by=by, action="pitch.sent", obj=pitch, person=pitch.journalist,
                    data={"tip": pitch.tip_id, "title": pitch.tip.title,
                          "summary": f"Pitched “{pitch.tip.title}”"})
    tip = pitch.tip
    if tip.status not in (TipStatus.PITCHED, TipStatus.COVERED):
        _change_status(workspace, by=by, tip=tip, status=TipStatus.PITCHED,
                       why=f"pitch sent to {pitch.journalist.name}")


@transaction.atomic
def pitch_create(
    workspace: Workspace, *, by: Actor, tip: Tip, journalist: Person, angle: str,
    follow_up_days: int = 4, sent_on: date | None = None,
) -> Pitch:
    """Offer a tip to ONE journalist with the angle written for them.

    With `sent_on` the pitch is sent at once: the tip moves to Pitched and a follow-up
    action item falls due `follow_up_days` later unless they reply first.
    """
    derived_refresh(workspace)  # a write: the data version goes up
    _check_tip(workspace, tip)
    _same_workspace(workspace, journalist, "journalist", "journalist")
    refuse_if_do_not_contact(Person.objects.filter(pk=journalist.pk), "a pitch")
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    angle = (angle or "").strip()
    if not angle:
        raise DomainError("Write the angle for this journalist: why it is a story for them.",
                          field_errors={"angle": ["Required — one pitch, one person."]})
    _validate_follow_up(follow_up_days)
    if tip.status == TipStatus.COVERED:
        raise DomainError("This tip is covered already; there is nothing left to pitch.")
    existing = Pitch.objects.filter(tip=tip, journalist=journalist).first()
    if existing is not None:
        raise DomainError(
            f"You already pitched this tip to {journalist.name} "
            f"({existing.get_status_display().lower()}). Open that pitch instead.",
            field_errors={"journalist": [f"{journalist.name} has a pitch for this tip."]},
        )
    if sent_on is not None and sent_on > timezone.localdate():
        raise DomainError("A pitch cannot be sent in the future.",
                          field_errors={"sent_on": ["Today or earlier."]})
    pitch = Pitch.objects.create(
        workspace=workspace, tip=tip, journalist=journalist, angle=angle,
        follow_up_days=follow_up_days,
        created_by=recorded_actor(by),
    )
    activity_record(workspace, by=by, action="pitch.created", obj=pitch, person=journalist,
                    data={"tip": tip.pk, "title": tip.title,
                          "summary": f"Pitch drafted: “{tip.title}”"})
    if sent_on is not None:
        _send(workspace, by=by, pitch=pitch, on=sent_on)
    return pitch


# What the edit forms of a pitch change: its angle, and its coverage (core.versions).
PITCH_VERSION = Versioned("angle", "follow_up_days", what=lambda p: "this pitch")
COVERAGE_VERSION = Versioned(
    "outlet", "published_on", "url", "headline", what=lambda p: "this pitch's coverage",
    sources={"outlet": "coverage_outlet", "published_on": "covered_on", "url": "coverage_url",
             "headline": "coverage_headline"})


@transaction.atomic
def pitch_update(workspace: Workspace, *, by: Actor, pitch: Pitch, angle: str,
                 follow_up_days: int, expected_version: str | None = None) -> Pitch:
    derived_refresh(workspace)  # a write: the data version goes up
    _check_pitch(workspace, pitch)
    PITCH_VERSION.lock(pitch, expected_version)
    angle = (angle or "").strip()
    if not angle:
        raise DomainError("Write the angle for this journalist.",
                          field_errors={"angle": ["Required."]})
    _validate_follow_up(follow_up_days)
    pitch.angle = angle
    if follow_up_days != pitch.follow_up_days:
        pitch.follow_up_days = follow_up_days
        item = pitch.follow_up_item
        if item is not None and not item.is_done and pitch.sent_on:
            item.due_on = pitch.sent_on + timedelta(days=follow_up_days)
            item.save(update_fields=["due_on", "updated_at"])
    pitch.save()
    activity_record(workspace, by=by, action="pitch.updated", obj=pitch,
                    person=pitch.journalist, data={"tip": pitch.tip_id,
                                                   "summary": "Pitch angle edited"})
    return pitch


def _close_follow_up(workspace: Workspace, *, by: Actor, pitch: Pitch) -> None:
    item: ActionItem | None = pitch.follow_up_item
    if item is not None and not item.is_done:
        action_item_set_done(workspace, by=by, item=item, done=True)


@transaction.atomic
def pitch_move(workspace: Workspace, *, by: Actor, pitch: Pitch, status: str,
               on: date | None = None) -> Pitch:
    """Sent, replied, accepted or declined — one step at a time, or refused with a reason."""
    derived_refresh(workspace)  # a write: the data version goes up
    _check_pitch(workspace, pitch)
    pitch = _locked(pitch)
    refusal = pitch_move_refusal(pitch.status, status, journalist=pitch.journalist.name)
    if refusal:
        raise DomainError(refusal)
    if status == PitchStatus.DECLINED and pitch.has_coverage:
        raise DomainError(f"{pitch.journalist.name}'s story ran already. If it was pulled, "
                          "remove the coverage first.")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError("That date is in the future.")
    if status == PitchStatus.SENT:
        if pitch.tip.status == TipStatus.COVERED:
            raise DomainError("This tip is covered already; there is nothing left to pitch.")
        _send(workspace, by=by, pitch=pitch, on=on)
        return pitch
    if pitch.sent_on and on < pitch.sent_on:
        raise DomainError(f"That is before the pitch was sent ({long_date(pitch.sent_on)}).")
    if status == PitchStatus.REPLIED:
        pitch.replied_on = on
    else:
        pitch.decided_on = on
        pitch.replied_on = pitch.replied_on or on
    pitch.status = status
    pitch.save()
    _close_follow_up(workspace, by=by, pitch=pitch)
    verbs = {PitchStatus.REPLIED: "replied to", PitchStatus.ACCEPTED: "took",
             PitchStatus.DECLINED: "passed on"}
    activity_record(workspace, by=by, action=f"pitch.{status}", obj=pitch,
                    person=pitch.journalist, data={
                        "tip": pitch.tip_id, "title": pitch.tip.title,
                        "summary": f"{verbs[status].capitalize()} the pitch “{pitch.tip.title}”",
                    })
    publish(workspace, "pitch.replied", pitch)
    return pitch


@transaction.atomic
def pitch_record_coverage(
    workspace: Workspace, *, by: Actor, pitch: Pitch, outlet: str, published_on: date | None,
    url: str = "", headline: str = "", expected_version: str | None = None,
) -> Pitch:
    """The story ran: the pitch is accepted, the tip is Covered, the source earns credit."""
    derived_refresh(workspace)  # a write: the data version goes up
    _check_pitch(workspace, pitch)
    pitch = _locked(pitch)
    COVERAGE_VERSION.check(pitch, expected_version)
    if pitch.status == PitchStatus.DRAFT:
        raise DomainError("This pitch is still a draft: mark it sent first.")
    if pitch.status == PitchStatus.DECLINED:
        raise DomainError(f"{pitch.journalist.name} passed on this pitch, so it cannot have "
                          "coverage. Record the coverage on the pitch that landed it.")
    errors: dict[str, list[str]] = {}
    url = (url or "").strip()
    outlet = " ".join((outlet or pitch.journalist.outlet or "").split())
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = [f"“{url}” is not a web address (it should start with https://)."]
    if not outlet:
        errors["outlet"] = ["Where did it run? Name the outlet."]
    if published_on is None:
        errors["published_on"] = ["When was it published?"]
    elif published_on > timezone.localdate():
        errors["published_on"] = ["That date is in the future."]
    elif published_on < pitch.tip.heard_on:
        errors["published_on"] = [f"That is before you heard the tip "
                                  f"({long_date(pitch.tip.heard_on)})."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    pitch.coverage_url = url[:500]
    pitch.coverage_outlet = outlet[:200]
    pitch.coverage_headline = " ".join((headline or "").split())[:300]
    pitch.covered_on = published_on
    if pitch.status != PitchStatus.ACCEPTED:
        pitch.status = PitchStatus.ACCEPTED
        pitch.decided_on = pitch.decided_on or published_on
        pitch.replied_on = pitch.replied_on or published_on
    pitch.save()
    _close_follow_up(workspace, by=by, pitch=pitch)
    activity_record(workspace, by=by, action="pitch.covered", obj=pitch,
                    person=pitch.journalist, data={
                        "tip": pitch.tip_id, "title": pitch.tip.title, "outlet": outlet,
                        "url": url, "summary": f"Covered “{pitch.tip.title}” in {outlet}",
                    })
    publish(workspace, "pitch.covered", pitch)
    tip = Tip.objects.select_for_update().get(pk=pitch.tip_id)
    covered = [d for d in tip.pitches.exclude(covered_on=None)
               .values_list("covered_on", flat=True)]
    tip.covered_on = min(covered)
    if tip.status != TipStatus.COVERED:
        _change_status(workspace, by=by, tip=tip, status=TipStatus.COVERED,
                       why=f"covered in {outlet}")
    else:
        tip.save(update_fields=["covered_on", "updated_at"])
    for row in tip.tip_sources.select_related("person"):
        activity_record(workspace, by=by, action="tip.covered", obj=tip, person=row.person,
                        data={"title": tip.title, "outlet": outlet,
                              "summary": f"Their tip “{tip.title}” ran in {outlet}"})
    return pitch


@transaction.atomic
def pitch_remove_coverage(workspace: Workspace, *, by: Actor, pitch: Pitch) -> Pitch:
    """The story was pulled (or recorded by mistake): the tip goes back to Pitched."""
    derived_refresh(workspace)  # a write: the data version goes up
    _check_pitch(workspace, pitch)
    pitch = _locked(pitch)
    if not pitch.has_coverage:
        raise DomainError("This pitch has no coverage to remove.")
    outlet = pitch.coverage_outlet
    pitch.coverage_url = pitch.coverage_outlet = pitch.coverage_headline = ""
    pitch.covered_on = None
    pitch.save()
    activity_record(workspace, by=by, action="pitch.coverage_removed", obj=pitch,
                    person=pitch.journalist, data={
                        "tip": pitch.tip_id, "summary": f"Coverage in {outlet} removed"})
    tip = Tip.objects.select_for_update().get(pk=pitch.tip_id)
    remaining = list(tip.pitches.exclude(covered_on=None).values_list("covered_on", flat=True))
    tip.covered_on = min(remaining) if remaining else None
    if not remaining and tip.status == TipStatus.COVERED:
        _change_status(workspace, by=by, tip=tip, status=TipStatus.PITCHED,
                       why="coverage removed")
    else:
        tip.save(update_fields=["covered_on", "updated_at"])
    return pitch


@transaction.atomic
def pitch_delete(workspace: Workspace, *, by: Actor, pitch: Pitch) -> None:
    derived_refresh(workspace)  # a write: the data version goes up
    _check_pitch(workspace, pitch)
    pitch = _locked(pitch)
    if pitch.status != PitchStatus.DRAFT:
        raise DomainError("Only a draft pitch can be deleted: a sent pitch is part of the "
                          "tip's history. Mark it “They passed” instead.")
    activity_record(workspace, by=by, action="pitch.deleted", obj=pitch,
                    person=pitch.journalist, data={"tip": pitch.tip_id,
                                                   "summary": "Draft pitch deleted"})
    pitch.delete()
