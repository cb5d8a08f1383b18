"""Every read of interactions and action items, scoped to one workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from backstory.core.errors import NotFound
from backstory.core.http import int_param
from backstory.people.models import Person, Tag
from backstory.workspaces.models import Workspace

from .models import ActionItem, Interaction, Participation
from .visibility import _user_id, notes_visible, notes_visible_q, visible_notes  # noqa: F401

# Private notes ---------------------------------------------------------------------------
#
# The one rule for who reads an interaction's notes, used by every page, search, export,
# backup and the API: the notes of a touch marked private are its author's alone (not
# even the workspace owner's, except in the owner's full backup). The touch itself —
# kind, time, people, place, summary — stays shared.


def private_notes_of(workspace: Workspace, viewer, *, limit: int) -> QuerySet[Interaction]:
    """The viewer's own private notes in the workspace, newest first (what their search
    looks through, since the shared index leaves private notes out)."""
    author = _user_id(viewer)
    if author is None:
        return Interaction.objects.none()
    return (Interaction.objects.filter(workspace=workspace, notes_private=True,
                                       created_by_id=author)
            .exclude(notes="").order_by("-occurred_at", "-id")[:limit])


def _with_people(qs: QuerySet[Interaction]) -> QuerySet[Interaction]:
    return qs.prefetch_related(
        Prefetch("participants", queryset=Person.objects.only("id", "name", "workspace_id")
                 .order_by("name")),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
    )


def interaction_get(workspace: Workspace, interaction_id: int) -> Interaction:
    found = _with_people(Interaction.objects.filter(workspace=workspace, pk=interaction_id)).first()
    if found is None:
        raise NotFound("No such interaction in this workspace.")
    return found


def interactions_recent(workspace: Workspace, *, kind: str = "") -> QuerySet[Interaction]:
    qs = Interaction.objects.filter(workspace=workspace)
    if kind:
        qs = qs.filter(kind=kind)
    return _with_people(qs.order_by("-occurred_at", "-id"))


def interactions_for_person(workspace: Workspace, person: Person, limit: int = 200) -> list[
    Interaction
]:
    """The person's touches, newest first, read through the (person, time) index."""
    ids = list(
        Participation.objects.filter(workspace=workspace, person=person)
        .order_by("-occurred_at")
        .values_list("interaction_id", flat=True)[:limit]
    )
    found = {
        i.pk: i
        for i in _with_people(Interaction.objects.filter(workspace=workspace, pk__in=ids))
    }
    return [found[i] for i in ids if i in found]


def interaction_count_for_person(workspace: Workspace, person: Person) -> int:
    return Participation.objects.filter(workspace=workspace, person=person).count()


@dataclass
class ActionFilter:
    state: str = "open"  # open | done | all
    person_id: int | None = None


def action_item_get(workspace: Workspace, item_id: int) -> ActionItem:
    item = ActionItem.objects.filter(workspace=workspace, pk=item_id).select_related(
        "person"
    ).first()
    if item is None:
        raise NotFound("No such action item in this workspace.")
    return item


def action_items(workspace: Workspace, filters: ActionFilter) -> QuerySet[ActionItem]:
    qs = ActionItem.objects.filter(workspace=workspace).select_related("person", "interaction")
    if filters.state == "open":
        qs = qs.filter(done_at__isnull=True).order_by(F("due_on").asc(nulls_last=True), "id")
    elif filters.state == "done":
        qs = qs.filter(done_at__isnull=False).order_by("-done_at", "-id")
    else:
        qs = qs.order_by(F("done_at").desc(nulls_first=True), "due_on", "id")
    if filters.person_id:
        qs = qs.filter(person_id=filters.person_id)
    return qs


def action_items_open_for_person(workspace: Workspace, person: Person) -> list[ActionItem]:
    return list(
        ActionItem.objects.filter(workspace=workspace, person=person, done_at__isnull=True)
        .select_related("person")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )


def action_items_due(workspace: Workspace, *, by: date, limit: int = 50) -> list[ActionItem]:
    return list(
        ActionItem.objects.filter(workspace=workspace, done_at__isnull=True, due_on__lte=by)
        .select_related("person")
        .order_by("due_on", "id")[:limit]
    )


@dataclass
class TimelineEntry:
    when: datetime
    kind: str  # "interaction" | "action"
    obj: object

    @property
    def rank(self) -> int:
        return 0 if self.kind == "interaction" else 1


@dataclass
class TimelinePage:
    entries: list[TimelineEntry]
    older: str  # where the next (older) page starts; "" when there is none


TIMELINE_PAGE = 20


def _timeline_cursor(entry: TimelineEntry) -> str:
    return f"{entry.when.isoformat()}~{entry.rank}~{entry.obj.pk}"


def _parse_timeline_cursor(text: str) -> tuple[datetime, int, int] | None:
    try:
        when, rank, pk = text.split("~")
        moment = datetime.fromisoformat(when)
        position = (moment, int_param(rank), int_param(pk))
    except ValueError:
        return None
    if moment.tzinfo is None or position[1] not in (0, 1) or position[2] is None:
        return None
    return position


def person_timeline(workspace: Workspace, person: Person, *, limit: int = TIMELINE_PAGE,
                    before: str = "") -> TimelinePage:
    """One page of a person's timeline of touches and action items, newest first, from
    ``before`` (a cursor from the previous page) on. Entries are ordered by time, touches
    before action items at the same moment, then by id — the cursor is that position, so
    pages neither repeat nor skip an entry whatever is logged meanwhile. Read through the
    (person, time) indexes: five queries whatever the length of the history."""
    touches = Participation.objects.filter(workspace=workspace, person=person)
    items = ActionItem.objects.filter(workspace=workspace, person=person).annotate(
        when=Coalesce("done_at", "created_at"))
    cursor = _parse_timeline_cursor(before) if before else None
    if cursor is not None:
        moment, rank, pk = cursor
        if rank == 0:
            touches = touches.filter(Q(occurred_at__lt=moment)
                                     | Q(occurred_at=moment, interaction_id__lt=pk))
            items = items.filter(when__lte=moment)
        else:
            touches = touches.filter(occurred_at__lt=moment)
            items = items.filter(Q(when__lt=moment) | Q(when=moment, id__lt=pk))
    ids = list(touches.order_by("-occurred_at", "-interaction_id")
               .values_list("interaction_id", flat=True)[:limit + 1])
    found = {i.pk: i for i in _with_people(
        Interaction.objects.filter(workspace=workspace, pk__in=ids).order_by())}
    entries = [TimelineEntry(found[i].occurred_at, "interaction", found[i])
               for i in ids if i in found]
    entries += [TimelineEntry(a.when, "action", a)
                for a in items.order_by("-when", "-id")[:limit + 1]]
    entries.sort(key=lambda e: (e.when, -e.rank, e.obj.pk), reverse=True)
    page = entries[:limit]
    older = _timeline_cursor(page[-1]) if len(entries) > limit else ""
    return TimelinePage(entries=page, older=older)
