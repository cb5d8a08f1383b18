"""Every write to tips and their sources, and the thank-you for a covered tip.

Status rules come from ``transitions.py``; every change leaves an audit entry whose
``data.summary`` reads as a sentence in a person's history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from backstory.core.derived import derived_refresh
from backstory.core.errors import DomainError
from backstory.core.events import publish
from backstory.core.versions import Versioned
from backstory.interactions.models import ActionItem, Interaction
from backstory.interactions.services import action_item_create
from backstory.people.models import Person
from backstory.workspaces.actors import Actor, recorded_actor
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import activity_record

from ..models import PitchStatus, Tip, TipKind, TipSource, TipStatus
from ..transitions import tip_move_refusal

THANK_DUE_IN_DAYS = 2


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def lead_days(heard_on: date | None, happens_on: date | None) -> int | None:
    """Days of warning a tip gave: from hearing about it to the day it happens."""
    if heard_on is None or happens_on is None:
        return None
    return (happens_on - heard_on).days


@dataclass
class TipFields:
    title: str
    kind: str
    heard_on: date
    sources: Sequence[Person]
    details: str = ""
    happens_on: date | None = None
    interaction: Interaction | None = None


def _same_workspace(workspace: Workspace, obj, field: str, what: str) -> None:
    if obj is not None and obj.workspace_id != workspace.id:
        raise DomainError(f"That {what} is not in this workspace.",
                          field_errors={field: ["Not found in this workspace."]})


def _check_tip(workspace: Workspace, tip: Tip) -> None:
    if tip.workspace_id != workspace.id:
        raise DomainError("That tip is not in this workspace.")


def _validate_tip(workspace: Workspace, data: TipFields) -> list[Person]:
    errors: dict[str, list[str]] = {}
    title = " ".join((data.title or "").split())
    if not title:
        errors["title"] = ["What is the story? Give the tip a one-line title."]
    elif len(title) > 200:
        errors["title"] = [f"Keep the title under 200 characters (it has {len(title)})."]
    if data.kind not in TipKind.values:
        errors["kind"] = [f"“{data.kind}” is not a kind of tip we know."]
    sources = list({p.pk: p for p in data.sources}.values())
    if not sources:
        errors["sources"] = ["Who gave you this tip? Add at least one source."]
    elif any(p.workspace_id != workspace.id for p in sources):
        errors["sources"] = ["One of these sources is not in this workspace."]
    if data.heard_on is None:
        errors["heard_on"] = ["When did you hear about it?"]
    elif data.heard_on > timezone.localdate():
        errors["heard_on"] = [f"{long_date(data.heard_on)} is in the future: when did you "
                              "hear about it?"]
    if data.interaction is not None and data.interaction.workspace_id != workspace.id:
        errors["interaction"] = ["That interaction is not in this workspace."]
    if errors:
        raise DomainError(next(iter(errors.values()))[0], field_errors=errors)
    return sources


def _fill_tip(tip: Tip, data: TipFields) -> None:
    tip.title = " ".join(data.title.split())
    tip.kind = data.kind
    tip.details = (data.details or "").strip()
    tip.heard_on = data.heard_on
    tip.happens_on = data.happens_on
    tip.lead_days = lead_days(data.heard_on, data.happens_on)
    tip.interaction = data.interaction
    try:
        tip.full_clean(exclude=["workspace", "sources", "created_by", "interaction"])
    except ValidationError as error:
        raise DomainError.from_validation_error(error) from None


def _set_sources(workspace: Workspace, tip: Tip, sources: list[Person]) -> None:
    wanted = [p.pk for p in sources]
    tip.tip_sources.exclude(person_id__in=wanted).delete()
    existing = {row.person_id: row for row in tip.tip_sources.all()}
    for position, pk in enumerate(wanted):
        row = existing.get(pk)
        if row is None:
            TipSource.objects.create(workspace=workspace, tip=tip, person_id=pk,
                                     position=position)
        elif row.position != position:
            row.position = position
            row.save(update_fields=["position"])


@transaction.atomic
def tip_create(workspace: Workspace, *, by: Actor, data: TipFields) -> Tip:
    """Capture a story lead from the people who gave it."""
    derived_refresh(workspace)  # a write: the data version goes up
    sources = _validate_tip(workspace, data)
    tip = Tip(workspace=workspace, status=TipStatus.NEW, status_changed_at=timezone.now(),
              created_by=recorded_actor(by))
    _fill_tip(tip, data)
    tip.save()
    _set_sources(workspace, tip, sources)
    for person in sources:
        activity_record(workspace, by=by, action="tip.created", obj=tip, person=person, data={
            "title": tip.title, "kind": tip.kind,
            "summary": f"Gave a tip: “{tip.title}”",
        })
    return tip


# What the edit form of a tip changes (core.versions).
TIP_VERSION = Versioned("title", "kind", "details", "heard_on", "happens_on", "interaction",
                        "sources", what=lambda tip: f"the tip “{tip.title}”")


@transaction.atomic
def tip_update(workspace: Workspace, *, by: Actor, tip: Tip, data: TipFields,
               expected_version: str | None = None) -> Tip:
    derived_refresh(workspace)  # a write: the data version goes up
    _check_tip(workspace, tip)
    TIP_VERSION.lock(tip, expected_version)
    sources = _validate_tip(workspace, data)
    _fill_tip(tip, data)
    tip.save()
    _set_sources(workspace, tip, sources)
    activity_record(workspace, by=by, action="tip.updated", obj=tip, person=sources[0], data={
        "title": tip.title, "summary": f"Tip “{tip.title}” edited",
    })
    return tip


def _change_status(workspace: Workspace, *, by: Actor, tip: Tip, status: str,
                   why: str = "") -> None:
    before = tip.status
    tip.status = status
    tip.status_changed_at = timezone.now()
    tip.save(update_fields=["status", "status_changed_at", "covered_on", "updated_at"])
    first = tip.tip_sources.select_related("person").first()
    activity_record(workspace, by=by, action="tip.moved", obj=tip,
                    person=first.person if first else None, data={
                        "from": before, "to": status, "title": tip.title, "why": why,
                        "summary": f"Tip “{tip.title}” moved to {TipStatus(status).label}",
                    })
    publish(workspace, "tip.moved", tip, before=before)


@transaction.atomic
def tip_move(workspace: Workspace, *, by: Actor, tip: Tip, status: str) -> Tip:
    """Move a tip along the board (the buttons on a card), or refuse with the reason."""
    derived_refresh(workspace)  # a write: the data version goes up
    _check_tip(workspace, tip)
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    refusal = tip_move_refusal(tip.status, status)
    if refusal:
        raise DomainError(refusal)
    if status == TipStatus.PITCHED and not tip.pitches.exclude(
        status=PitchStatus.DRAFT
    ).exists():
        raise DomainError("Pitch it to a journalist first: a tip moves to Pitched when a "
                          "pitch is sent.")
    _change_status(workspace, by=by, tip=tip, status=status)
    return tip


@transaction.atomic
def tip_delete(workspace: Workspace, *, by: Actor, tip: Tip) -> None:
    derived_refresh(workspace)  # a write: the data version goes up
    _check_tip(workspace, tip)
    if tip.pitches.exclude(status=PitchStatus.DRAFT).exists():
        raise DomainError("This tip was pitched, so it is part of your sources' record. "
                          "Park or decline it instead of deleting it.")
    for row in tip.tip_sources.select_related("person"):
        activity_record(workspace, by=by, action="tip.deleted", obj=tip, person=row.person,
                        data={"title": tip.title, "summary": f"Tip “{tip.title}” deleted"})
    tip.delete()


# Quick-log ------------------------------------------------------------------------------

_KIND_WORDS: list[tuple[str, re.Pattern[str]]] = [
    (TipKind.HEADS_UP, re.compile(
        r"\b(heads[- ]?up|warn\w*|risk\w*|leak\w*|complain\w*|lawsuit|outage|layoffs?|"
        r"controvers\w*|crisis|before it breaks)\b", re.I)),
    (TipKind.EMPLOYEE_ACHIEVEMENT, re.compile(
        r"\b(award\w*|promot\w*|achiev\w*|won|wins|winner|anniversary|certif\w*|"
        r"marathon|patent\w*|record)\b", re.I)),
    (TipKind.CUSTOMER_STORY, re.compile(r"\b(customer\w*|client\w*|case stud\w*|user\w*)\b",
                                        re.I)),
    (TipKind.EVENT, re.compile(r"\b(event\w*|conference\w*|summit|meetup\w*|webinar\w*|"
                               r"hackathon\w*|open house)\b", re.I)),
    (TipKind.NEWS, re.compile(r"\b(launch\w*|releas\w*|feature\w*|product\w*|funding|"
                              r"acqui\w*|partnership\w*|earnings|results)\b", re.I)),
    (TipKind.HUMAN_INTEREST, re.compile(r"\b(volunteer\w*|family|charity|story of|"
                                        r"hobby|inspir\w*)\b", re.I)),
]


def tip_kind_guess(text: str) -> str:
    """The kind of tip a quick-log sentence most likely describes (human interest if unsure)."""
    for kind, pattern in _KIND_WORDS:
        if pattern.search(text or ""):
            return kind
    return TipKind.HUMAN_INTEREST


def quicklog_tip_title(text: str) -> str:
    """The title of the tip a quick-log line makes: its text, the first 200 characters."""
    text = " ".join((text or "").replace("#tip", " ").split())
    return text if len(text) <= 200 else text[:197].rsplit(" ", 1)[0] + "…"


def tip_create_from_quicklog(
    workspace: Workspace, *, by: Actor, text: str, sources: Sequence[Person],
    interaction: Interaction | None = None, heard_on: date | None = None,
    happens_on: date | None = None, kind: str | None = None,
) -> Tip:
    """The hook for quick-log's `#tip`: a tip from one sentence, its kind guessed.

    `text` is the sentence without the `#tip` marker; the first 200 characters become the
    title and the whole sentence the details when it is longer.
    """
    text = " ".join((text or "").replace("#tip", " ").split())
    title = quicklog_tip_title(text)
    if heard_on is None:
        heard_on = (timezone.localtime(interaction.occurred_at).date() if interaction
                    else timezone.localdate())
    return tip_create(workspace, by=by, data=TipFields(
        title=title, kind=kind or tip_kind_guess(text), heard_on=heard_on,
        happens_on=happens_on, sources=sources, interaction=interaction,
        details=text if len(text) > 200 else "",
    ))


# Source credit ---------------------------------------------------------------------------


def thank_you_text(tip: Tip, person: Person) -> str:
    """The thank-you action item suggested to the source of a covered tip."""
    outlet = tip.pitches.exclude(coverage_outlet="").values_list(
        "coverage_outlet", flat=True).first()
    where = f" — it ran in {outlet}" if outlet else ""
    return f"Thank {person.name} for the tip “{tip.title}”{where}"[:300]


@transaction.atomic
def tip_thank_source(workspace: Workspace, *, by: Actor, tip: Tip, person: Person,
                     due_on: date | None = None) -> ActionItem:
    """Turn the thank-the-source suggestion of a covered tip into an action item."""
    derived_refresh(workspace)  # a write: the data version goes up
    _check_tip(workspace, tip)
    _same_workspace(workspace, person, "person", "person")
    tip = Tip.objects.select_for_update().get(pk=tip.pk)
    row = TipSource.objects.select_for_update().filter(tip=tip, person=person).first()
    if row is None:
        raise DomainError(f"{person.name} is not a source of this tip.")
    if tip.status != TipStatus.COVERED:
        raise DomainError("Thank the source once the story has run: this tip is not covered "
                          "yet.")
    if row.thank_item_id is not None:
        raise DomainError(f"There is already a thank-you for {person.name} on your list.")
    item = action_item_create(
        workspace, by=by, text=thank_you_text(tip, person), person=person,
        due_on=due_on or timezone.localdate() + timedelta(days=THANK_DUE_IN_DAYS),
    )
    row.thank_item = item
    row.save(update_fields=["thank_item"])
    activity_record(workspace, by=by, action="tip.thanked", obj=tip, person=person,
                    data={"title": tip.title, "summary": f"Thank-you planned for “{tip.title}”"})
    return item
