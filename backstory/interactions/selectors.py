"""Every read of interactions and action items, scoped to one workspace."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from backstory.core.http import int_param
from backstory.people.models import Person, Tag
from backstory.workspaces.models import Workspace

from .models import ActionItem, Interaction, InteractionKind, Participation


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
class Candidate:
    """Someone a name in a quick-log line can mean, with what tells them apart."""

    pk: int
    name: str
    title: str = ""
    organization: str = ""
    last_touch_at: datetime | None = None


@dataclass
class QuicklogRow:
    """One name of the line as the preview shows it: matched, to choose (``options``;
    ``chosen`` once the user picked someone, ``creating`` for a new person) or unknown."""

    index: int
    match: object  # quicklog.NameMatch
    creating: bool
    options: list[Candidate]
    chosen: int | None


@dataclass
class Repeat:
    """An interaction (or tip) already saved that a line looks the same as."""

    what: str  # interaction | tip
    pk: int
    when: datetime | date
    kind_label: str
    names: list[str]
    text: str

    def message(self) -> str:
        day = f"{self.when:%a %-d %b %Y}"
        names = " and ".join(self.names)
        said = f" “{self.text}”" if self.text else ""
        if self.what == "tip":
            return (f"This looks like a repeat: the tip{said} from {names} is already on "
                    f"the Tips board, heard on {day}.")
        return (f"This looks like a repeat: {self.kind_label.lower()} with {names} on {day}"
                f"{' with the same notes' + said if said else ', without notes,'} is "
                "already logged.")


@dataclass
class QuicklogPreview:
    """A parsed quick-log line with its names matched against the workspace's people.

    ``choices`` (name index → person id) settles ambiguous names; ``create`` (name
    indices) turns unknown names (or an ambiguous one, by choice) into new people.
    ``candidates`` are the people the names can mean, by id; ``chosen`` the indices of
    ambiguous names the user settled; ``repeat`` an interaction or tip already saved that
    the line would repeat.
    """

    parsed: object  # quicklog.ParsedLine
    matches: list  # list[quicklog.NameMatch]
    create: set[int]
    candidates: dict[int, Candidate] = field(default_factory=dict)
    chosen: set[int] = field(default_factory=set)
    repeat: Repeat | None = None

    @property
    def signature(self) -> str:
        return "|".join(self.parsed.names)

    @property
    def kind_label(self) -> str:
        """The kind in the words the rest of the app uses ("Lunch or dinner")."""
        kind = self.parsed.kind
        return InteractionKind(kind).label if kind in InteractionKind.values else ""

    @property
    def unresolved(self) -> list:
        return [m for i, m in enumerate(self.matches)
                if m.status in {"ambiguous", "unknown"} and i not in self.create]

    @property
    def ready(self) -> bool:
        return self.parsed.ok and not self.unresolved

    def rows(self) -> list[QuicklogRow]:
        rows = []
        for i, m in enumerate(self.matches):
            ambiguous = m.status == "ambiguous" or i in self.chosen
            options = [self.candidates[pk] for pk, _ in m.choices
                       if pk in self.candidates] if ambiguous else []
            rows.append(QuicklogRow(index=i, match=m, creating=i in self.create,
                                    options=options,
                                    chosen=m.person_id if i in self.chosen else None))
        return rows


def _quicklog_candidates(workspace: Workspace, names: list[str]) -> list[Candidate]:
    """The people a quick-log line's names can mean, with their title, organisation and
    last touch: everyone with the same full name, and the people who share the most words
    with the names (the name-word index) — three queries whatever the number of names or
    people, not a read of every name in the workspace."""
    from backstory.people import normalize
    from backstory.people.names import name_candidates

    words = {w for name in names for w in normalize.name_tokens(name)}
    keys = {normalize.stored_name_keys(name)[0] for name in names} - {""}
    ids = [pk for pk, _ in name_candidates(workspace, words, limit=200)] if words else []
    if not keys and not ids:
        return []
    wanted = Q(name_key__in=keys) if keys else Q()
    if ids:
        wanted = wanted | Q(pk__in=ids) if keys else Q(pk__in=ids)
    rows = (Person.objects.filter(workspace=workspace, archived_at__isnull=True)
            .filter(wanted).order_by("name", "id")
            .values_list("id", "name", "title", "organization__name", "last_touch_at"))
    return [Candidate(pk, name, title, org or "", last) for pk, name, title, org, last in rows]


# Longest values the records a line writes can hold; a longer one is refused by name.
_LIMITS = {"name": Person._meta.get_field("name").max_length,
           "place": Interaction._meta.get_field("place").max_length,
           "tag": Tag._meta.get_field("name").max_length}


def _too_long(parsed, matches) -> list:
    from .quicklog import PartError

    errors = []
    for match in matches:
        if match.status != "matched" and len(match.text) > _LIMITS["name"]:
            errors.append(PartError(
                "people", match.text,
                f"The name of the new person “{match.text[:40]}…” is {len(match.text)} "
                f"characters long; a name has {_LIMITS['name']} at most."))
    if len(parsed.place) > _LIMITS["place"]:
        errors.append(PartError(
            "place", parsed.place, f"The place “{parsed.place[:40]}…” is "
            f"{len(parsed.place)} characters long; a place has {_LIMITS['place']} at most."))
    for tag in parsed.tags:
        if len(tag) > _LIMITS["tag"]:
            errors.append(PartError(
                "tags", tag, f"The tag “#{tag[:40]}…” is {len(tag)} characters long; a tag "
                f"has {_LIMITS['tag']} at most."))
    return errors


def quicklog_repeat(workspace: Workspace, parsed, person_ids: list[int], *,
                    tz) -> Repeat | None:
    """The interaction (same kind, people, day and notes) or, for a `#tip` line, the tip
    (same title, sources and day) that this line would repeat — two queries at most,
    reading one day of the workspace along the (workspace, time) index."""
    from datetime import time, timedelta

    if parsed.intent != "log" or not parsed.ok or parsed.occurred_at is None or not person_ids:
        return None
    people = set(person_ids)
    day = parsed.occurred_at.astimezone(tz).date()
    start = datetime.combine(day, time(0, 0), tzinfo=tz)
    found: dict[int, set[int]] = {}
    names: dict[int, str] = {}
    moments: dict[int, datetime] = {}
    for interaction_id, person_id, name, moment in (
        Participation.objects.filter(workspace=workspace, occurred_at__gte=start,
                                     occurred_at__lt=start + timedelta(days=1),
                                     interaction__kind=parsed.kind,
                                     interaction__notes=parsed.notes.strip())
        .values_list("interaction_id", "person_id", "person__name", "occurred_at")
    ):
        found.setdefault(interaction_id, set()).add(person_id)
        names[person_id], moments[interaction_id] = name, moment
    same = sorted(pk for pk, who in found.items() if who == people)
    if same:
        return Repeat("interaction", same[0], moments[same[0]].astimezone(tz),
                      InteractionKind(parsed.kind).label, sorted(names[p] for p in people),
                      parsed.notes.strip())
    if not parsed.is_tip:
        return None
    from backstory.stories.models import TipSource
    from backstory.stories.services.tips import quicklog_tip_title

    title = quicklog_tip_title(parsed.notes or parsed.line)
    tips: dict[int, set[int]] = {}
    names_by_id: dict[int, str] = {}
    for tip_id, person_id, name in (
        TipSource.objects.filter(workspace=workspace, tip__heard_on=day, tip__title=title)
        .values_list("tip_id", "person_id", "person__name")
    ):
        tips.setdefault(tip_id, set()).add(person_id)
        names_by_id[person_id] = name
    same = sorted(pk for pk, who in tips.items() if who == people)
    if same:
        return Repeat("tip", same[0], day, "", sorted(names_by_id[p] for p in people), title)
    return None


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
    matches = quicklog.match_names(parsed.names, [(c.pk, c.name) for c in people])
    by_id = {c.pk: c for c in people}
    create = {i for i in (create or set()) if 0 <= i < len(matches)
              and matches[i].status in {"unknown", "ambiguous"}}
    chosen: set[int] = set()
    for index, person_id in (choices or {}).items():
        if 0 <= index < len(matches) and person_id in by_id and index not in create:
            match = matches[index]
            if match.status == "ambiguous":
                if person_id not in {pk for pk, _ in match.choices}:
                    continue
                chosen.add(index)
            elif match.status == "matched" and match.person_id != person_id:
                continue
            match.status, match.person_id = "matched", person_id
            match.person_name = by_id[person_id].name
    parsed.errors.extend(_too_long(parsed, matches))
    preview = QuicklogPreview(parsed=parsed, matches=matches, create=create,
                              candidates=by_id, chosen=chosen)
    if preview.ready and not create:
        preview.repeat = quicklog_repeat(workspace, parsed,
                                         [m.person_id for m in matches], tz=tz)
    return preview
