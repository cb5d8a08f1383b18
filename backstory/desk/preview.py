"""What a quick-log line would save, read before anything is written: the parsed line,
whom each name means, and whether the line repeats a touch or tip already saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q

from backstory.interactions.models import Interaction, InteractionKind, Participation
from backstory.interactions.selectors import notes_visible_q
from backstory.people import normalize
from backstory.people.models import Person, Tag
from backstory.people.names import name_candidates
from backstory.stories.models import TipSource
from backstory.stories.services.tips import quicklog_tip_title
from backstory.workspaces.clock import workspace_tz
from backstory.workspaces.models import Workspace

from . import quicklog
from .quicklog import PartError


@dataclass
class Candidate:
    """Someone a name in a quick-log line can mean, with what tells them apart."""

    pk: int
    name: str
    title: str = ""
    organization: str = ""
    last_touch_at: datetime | None = None
    do_not_contact: str = ""  # the reason, when they are marked do not contact


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

    @property
    def do_not_contact(self) -> list[Candidate]:
        """The people of the line who are marked do not contact (an introduction to them
        is refused; a touch that happened can still be logged)."""
        return [self.candidates[m.person_id] for m in self.matches
                if m.person_id in self.candidates
                and self.candidates[m.person_id].do_not_contact]

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
            .values_list("id", "name", "title", "organization__name", "last_touch_at",
                         "do_not_contact_at", "do_not_contact_reason"))
    return [Candidate(pk, name, title, org or "", last, reason if marked else "")
            for pk, name, title, org, last, marked, reason in rows]


# Longest values the records a line writes can hold; a longer one is refused by name.
_LIMITS = {"name": Person._meta.get_field("name").max_length,
           "place": Interaction._meta.get_field("place").max_length,
           "tag": Tag._meta.get_field("name").max_length}


def _too_long(parsed, matches) -> list:
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
                    tz, viewer=None) -> Repeat | None:
    """The interaction (same kind, people, day and notes) or, for a `#tip` line, the tip
    (same title, sources and day) that this line would repeat — two queries at most,
    reading one day of the workspace along the (workspace, time) index. Someone else's
    private notes are never compared (the answer would tell what they say)."""
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
        .filter(notes_visible_q(viewer, prefix="interaction__"))
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
    choices: dict[int, int] | None = None, create: set[int] | None = None, viewer=None,
) -> QuicklogPreview:
    tz = workspace_tz(workspace)
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
                                         [m.person_id for m in matches], tz=tz, viewer=viewer)
    return preview
