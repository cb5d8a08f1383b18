"""Every read of interactions and action items, scoped to one workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from backstory.core.http import int_param
from backstory.people.models import Person, Tag
from backstory.workspaces.models import Workspace

from .models import ActionItem, Interaction, Participation


def _with_people(qs: QuerySet[Interaction]) -> QuerySet[Interaction]:
    return qs.prefetch_related(
        Prefetch("participants", queryset=Person.objects.only("id", "name", "workspace_id")
                 .order_by("name")),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
    )


def interaction_get(workspace: Workspace, interaction_id: int) -> Interaction:
    found = _with_people(Interaction.objects.filter(workspace=workspace, pk=interaction_id)).first()
    if found is None:
        raise Http404("No such interaction in this workspace.")
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
        raise Http404("No such action item in this workspace.")
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


# Quick-log ------------------------------------------------------------------------------


@dataclass
class QuicklogPreview:
    """A parsed quick-log line with its names matched against the workspace's people.

    ``choices`` (name index → person id) settles ambiguous names; ``create`` (name
    indices) turns unknown names into new people.
    """

    parsed: object  # quicklog.ParsedLine
    matches: list  # list[quicklog.NameMatch]
    create: set[int]

    @property
    def signature(self) -> str:
        return "|".join(self.parsed.names)

    @property
    def unresolved(self) -> list:
        return [m for i, m in enumerate(self.matches)
                if m.status == "ambiguous" or (m.status == "unknown" and i not in self.create)]

    @property
    def ready(self) -> bool:
        return self.parsed.ok and not self.unresolved

    def rows(self) -> list[tuple[int, object, bool]]:
        return [(i, m, i in self.create) for i, m in enumerate(self.matches)]


def _quicklog_candidates(workspace: Workspace, names: list[str]) -> list[tuple[int, str]]:
    """(id, name) of the people a quick-log line's names can mean: everyone with the same
    full name, and the people who share the most words with the names (the name-word
    index) — two queries, not a read of every name in the workspace."""
    from backstory.people import normalize
    from backstory.people.names import name_candidates

    words = {w for name in names for w in normalize.name_tokens(name)}
    keys = {normalize.stored_name_keys(name)[0] for name in names} - {""}
    ids = [pk for pk, _ in name_candidates(workspace, words, limit=200)] if words else []
    active = Person.objects.filter(workspace=workspace, archived_at__isnull=True).order_by()
    same = active.filter(name_key__in=keys) if keys else active.none()
    found = dict(same.values_list("id", "name"))
    if ids:
        found.update(active.filter(pk__in=ids).values_list("id", "name"))
    return sorted(found.items(), key=lambda item: (item[1], item[0]))


def quicklog_preview(
    workspace: Workspace, line: str, *, now: datetime,
    choices: dict[int, int] | None = None, create: set[int] | None = None,
) -> QuicklogPreview:
    import zoneinfo

    from . import quicklog

    try:
        tz = zoneinfo.ZoneInfo(workspace.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        tz = zoneinfo.ZoneInfo("UTC")
    parsed = quicklog.parse_line(line, now=now, tz=tz)
    people = _quicklog_candidates(workspace, parsed.names)
    matches = quicklog.match_names(parsed.names, people)
    names_by_id = dict(people)
    create = {i for i in (create or set()) if 0 <= i < len(matches)
              and matches[i].status == "unknown"}
    for index, person_id in (choices or {}).items():
        if 0 <= index < len(matches) and person_id in names_by_id:
            match = matches[index]
            match.status, match.person_id = "matched", person_id
            match.person_name = names_by_id[person_id]
            create.discard(index)
    return QuicklogPreview(parsed=parsed, matches=matches, create=create)
