"""Every write of follow-ups: snoozes, suggestions, cadence defaults, goals, digest and
calendar-feed settings. Digests themselves are sent by ``digest.py``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.interactions.models import ActionItem
from backstory.interactions.services import action_item_create
from backstory.people.models import Circle, Person
from backstory.workspaces.actors import recorded_actor
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import activity_record

from . import selectors
from .cadence import BUILTIN_WINDOWS, Window
from .models import (
    CadenceDefault,
    DigestFrequency,
    FollowupPrefs,
    Relationship,
    SuggestionDecision,
    SuggestionKind,
)

MAX_SNOOZE_DAYS = 366


def _same_workspace(workspace: Workspace, obj, what: str) -> None:
    if obj.workspace_id != workspace.id:
        raise DomainError(f"That {what} is not in this workspace.")


def _check_snooze(until: date | None, today: date) -> None:
    if until is None:
        return
    if until <= today:
        raise DomainError("Snooze until a day after today.",
                          field_errors={"until": ["Choose a later day."]})
    if until > today + timedelta(days=MAX_SNOOZE_DAYS):
        raise DomainError("Snooze for a year at most.",
                          field_errors={"until": ["A year at most."]})


def _member(by):
    user = recorded_actor(by)
    if user is None:
        raise DomainError("A snooze is a member's own: sign in (or name the member with --as).")
    return user


def _relationship(workspace: Workspace, user, person: Person) -> Relationship:
    """The member's relationship with the person (made when they have none yet)."""
    relationship, _ = Relationship.objects.select_for_update().get_or_create(
        workspace=workspace, user=user, person=person)
    return relationship


@transaction.atomic
def followup_snooze(
    workspace: Workspace, *, by, person: Person, until: date | None, today: date
) -> date | None:
    """Snooze the signed-in member's follow-up with a person until a day (None wakes
    it); returns the previous value so that the caller can offer an undo. A snooze is
    the member's own (``Relationship.snoozed_until``); teammates are not affected."""
    _same_workspace(workspace, person, "person")
    _check_snooze(until, today)
    relationship = _relationship(workspace, _member(by), person)
    previous = relationship.snoozed_until
    relationship.snoozed_until = until
    relationship.save(update_fields=["snoozed_until"])
    derived_refresh(workspace, people=[person])
    activity_record(
        workspace, by=by, action="followup.snoozed" if until else "followup.unsnoozed",
        obj=person, person=person,
        data={"until": until.isoformat() if until else None,
              "previous": previous.isoformat() if previous else None},
    )
    return previous


@transaction.atomic
def followup_snooze_restore(
    workspace: Workspace, *, by, person: Person, previous: date | None
) -> None:
    """Undo a snooze: put back what was there before (no date checks: it was valid)."""
    _same_workspace(workspace, person, "person")
    relationship = _relationship(workspace, _member(by), person)
    relationship.snoozed_until = previous
    relationship.save(update_fields=["snoozed_until"])
    derived_refresh(workspace, people=[person])
    activity_record(workspace, by=by, action="followup.snooze_undone", obj=person,
                    person=person, data={"until": previous.isoformat() if previous else None})


@transaction.atomic
def relationship_window_set(
    workspace: Workspace, *, by, person: Person, min_days: int | None,
    max_days: int | None, off: bool,
) -> Relationship:
    """The member's own follow-up window with a person (both None: the person's, else
    the circle's) and their own reminders switch."""
    _same_workspace(workspace, person, "person")
    for name, value in (("min_days", min_days), ("max_days", max_days)):
        if value is not None and not 1 <= value <= 3650:
            raise DomainError("A window is 1 to 3650 days.",
                              field_errors={name: ["Between 1 and 3650 days."]})
    if min_days is not None and max_days is not None and min_days > max_days:
        raise DomainError("The window cannot close before it opens.",
                          field_errors={"max_days": ["At least the first number."]})
    relationship = _relationship(workspace, _member(by), person)
    relationship.cadence_min_days, relationship.cadence_max_days = min_days, max_days
    relationship.cadence_off = off
    relationship.save(update_fields=["cadence_min_days", "cadence_max_days", "cadence_off"])
    derived_refresh(workspace, people=[person])
    activity_record(workspace, by=by, action="followup.window_set", obj=person, person=person,
                    data={"min_days": min_days, "max_days": max_days, "off": off})
    relationship.refresh_from_db()
    return relationship


@transaction.atomic
def action_item_snooze(
    workspace: Workspace, *, by, item: ActionItem, until: date | None, today: date
) -> date | None:
    derived_refresh(workspace)  # a write: the data version goes up
    _same_workspace(workspace, item, "action item")
    _check_snooze(until, today)
    previous = item.snoozed_until
    item.snoozed_until = until
    item.save(update_fields=["snoozed_until", "updated_at"])
    activity_record(
        workspace, by=by, action="action.snoozed" if until else "action.unsnoozed", obj=item,
        person=item.person,
        data={"text": item.text, "until": until.isoformat() if until else None,
              "previous": previous.isoformat() if previous else None},
    )
    return previous


@transaction.atomic
def first_meeting_accept(
    workspace: Workspace, *, by, person: Person, today: date, now: datetime | None = None
) -> list[ActionItem]:
    """Turn the next-day follow-up suggestion for a first meeting into action items."""
    derived_refresh(workspace)  # a write: the data version goes up
    _same_workspace(workspace, person, "person")
    now = now or timezone.now()
    meeting = next((m for m in selectors.first_meetings(workspace, today=today, now=now,
                                                         user=recorded_actor(by),
                                                         limit=50)
                    if m.person.pk == person.pk), None)
    if meeting is None:
        raise DomainError(f"There is no follow-up to suggest for {person.name} any more.")
    try:
        with transaction.atomic():
            SuggestionDecision.objects.create(
                workspace=workspace, person=person, kind=SuggestionKind.FIRST_MEETING,
                decision=SuggestionDecision.Decision.ACCEPTED,
                decided_by=recorded_actor(by),
            )
    except IntegrityError:
        raise DomainError("That suggestion was already taken care of.") from None
    items = [
        action_item_create(workspace, by=by, text=text, due_on=meeting.due_on, person=person)
        for text in meeting.texts
    ]
    activity_record(workspace, by=by, action="suggestion.accepted", obj=person, person=person,
                    data={"kind": SuggestionKind.FIRST_MEETING, "items": meeting.texts})
    return items


@transaction.atomic
def first_meeting_dismiss(workspace: Workspace, *, by, person: Person) -> None:
    derived_refresh(workspace)  # a write: the data version goes up
    _same_workspace(workspace, person, "person")
    _, created = SuggestionDecision.objects.get_or_create(
        workspace=workspace, person=person, kind=SuggestionKind.FIRST_MEETING,
        defaults={"decision": SuggestionDecision.Decision.DISMISSED,
                  "decided_by": recorded_actor(by)},
    )
    if created:
        activity_record(workspace, by=by, action="suggestion.dismissed", obj=person,
                        person=person, data={"kind": SuggestionKind.FIRST_MEETING})


@transaction.atomic
def cadence_defaults_update(
    workspace: Workspace, *, by, windows: dict[str, Window]
) -> list[str]:
    """Save the workspace's follow-up window per circle; returns the circles changed."""
    errors: dict[str, list[str]] = {}
    for circle, window in windows.items():
        if circle not in Circle.values:
            errors[circle] = [f"'{circle}' is not a circle."]
        elif not 1 <= window.min_days <= window.max_days <= 3650:
            label = Circle(circle).label
            errors[circle] = [f"{label}: the window must start before it ends "
                              f"(between 1 and 3650 days)."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    current = selectors.cadence_defaults(workspace)
    changed = []
    for circle, window in windows.items():
        if current.get(circle) == window:
            continue
        changed.append(circle)
        if window == BUILTIN_WINDOWS.get(circle):
            CadenceDefault.objects.filter(workspace=workspace, circle=circle).delete()
        else:
            CadenceDefault.objects.update_or_create(
                workspace=workspace, circle=circle,
                defaults={"min_days": window.min_days, "max_days": window.max_days,
                          "off": window.off},
            )
    if changed:
        # The stored window dates of the people of these circles follow (one UPDATE).
        derived_refresh(workspace, circles=changed)
        activity_record(workspace, by=by, action="cadence.defaults_updated",
                        data={c: [windows[c].min_days, windows[c].max_days, windows[c].off]
                              for c in changed})
    return changed


def _prefs_for_update(workspace: Workspace, user) -> FollowupPrefs:
    prefs, _ = FollowupPrefs.objects.select_for_update().get_or_create(
        workspace=workspace, user=user)
    return prefs


@transaction.atomic
def weekly_goal_set(workspace: Workspace, *, by, goal: int) -> FollowupPrefs:
    derived_refresh(workspace)  # a write: the data version goes up
    if not 1 <= goal <= 100:
        raise DomainError("A weekly goal is between 1 and 100 touches.",
                          field_errors={"weekly_goal": ["Between 1 and 100."]})
    prefs = _prefs_for_update(workspace, by)
    if prefs.weekly_goal != goal:
        activity_record(workspace, by=by, action="goal.updated",
                        data={"from": prefs.weekly_goal, "to": goal})
        prefs.weekly_goal = goal
        prefs.save(update_fields=["weekly_goal", "updated_at"])
    return prefs


@dataclass
class DigestSettings:
    frequency: str
    at: time
    weekday: int = 0
    address: str = ""


@transaction.atomic
def digest_settings_update(
    workspace: Workspace, *, by, data: DigestSettings, now: datetime | None = None
) -> FollowupPrefs:
    derived_refresh(workspace)  # a write: the data version goes up
    errors: dict[str, list[str]] = {}
    if data.frequency not in DigestFrequency.values:
        errors["frequency"] = ["Choose daily, weekly or no digest."]
    if not 0 <= data.weekday <= 6:
        errors["weekday"] = ["Choose a day of the week."]
    address = data.address.strip()
    if address:
        try:
            validate_email(address)
        except ValidationError:
            errors["address"] = [f"'{address}' is not an e-mail address."]
    elif data.frequency != DigestFrequency.OFF and not getattr(by, "email", ""):
        errors["address"] = ["Where should the digest go? Enter an e-mail address."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    prefs = _prefs_for_update(workspace, by)
    before = (prefs.digest_frequency, prefs.digest_time, prefs.digest_weekday,
              prefs.digest_address)
    prefs.digest_frequency = data.frequency
    prefs.digest_time = data.at.replace(second=0, microsecond=0)
    prefs.digest_weekday = data.weekday
    prefs.digest_address = address
    if before != (prefs.digest_frequency, prefs.digest_time, prefs.digest_weekday,
                  prefs.digest_address):
        # A new schedule starts now: no digest is "missed" for times before it.
        prefs.digest_since = now or timezone.now()
        prefs.save()
        activity_record(workspace, by=by, action="digest.settings_updated",
                        data={"frequency": prefs.digest_frequency,
                              "time": prefs.digest_time.strftime("%H:%M"),
                              "weekday": prefs.digest_weekday})
    return prefs


@transaction.atomic
def feed_token_regenerate(workspace: Workspace, *, by) -> str:
    """A new secret calendar-feed URL; the old one stops working at once."""
    derived_refresh(workspace)  # a write: the data version goes up
    prefs = _prefs_for_update(workspace, by)
    had = bool(prefs.feed_token)
    prefs.feed_token = secrets.token_urlsafe(32)
    prefs.save(update_fields=["feed_token", "updated_at"])
    activity_record(workspace, by=by,
                    action="feed.regenerated" if had else "feed.created")
    return prefs.feed_token


@transaction.atomic
def feed_token_revoke(workspace: Workspace, *, by) -> None:
    derived_refresh(workspace)  # a write: the data version goes up
    prefs = _prefs_for_update(workspace, by)
    if prefs.feed_token:
        prefs.feed_token = None
        prefs.save(update_fields=["feed_token", "updated_at"])
        activity_record(workspace, by=by, action="feed.revoked")
