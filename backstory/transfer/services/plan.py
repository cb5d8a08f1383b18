"""Planning an import: what each row of a file would do, without writing anything.

Rows stream through in chunks: each is mapped to a candidate (transfer.mapping),
matched (transfer.dedupe), and given an action — create, update (which fields), merge
into an earlier row, possible duplicate, unchanged or skip (why). The writer
(services.write) then applies a planned chunk in bulk; a dry run only plans.
"""

from __future__ import annotations

import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from backstory.interactions.models import ActionItem, Interaction
from backstory.people import normalize
from backstory.people.models import Person
from backstory.workspaces.models import Workspace

from ..dedupe import Match, Matcher, Target
from ..formats.base import (
    ActionRecord,
    ContactRecord,
    ForeignRecord,
    InteractionRecord,
    OrganizationRecord,
    ParsedRow,
    TeamRecord,
)
from ..mapping import EXTRA_FIELDS, Candidate, candidate_from_record
from ..models import BatchStatus, ImportObject
from ..sheets import _REGISTRY, workbook_key, workspace_model

FIELD_LABELS = {
    "title": "title", "organization": "organisation", "team": "team", "met_on": "met on",
    "name": "name", "name_prefix": "name parts", "given_name": "name parts",
    "additional_names": "name parts", "family_name": "name parts", "name_suffix": "name parts",
    "birthday": "birthday", "notes": "notes", "circle": "circle", "direction": "direction",
    "preferred_channel": "channel", "preferred_format": "format", "best_time": "best time",
    "beat": "beat", "outlet": "outlet", "wants": "looking for", "offers": "can offer",
    "how_we_met": "how we met", "cadence_min_days": "follow-up window",
    "cadence_max_days": "follow-up window", "cadence_off": "follow-up",
}
KIND_LABELS = {"email": "e-mail", "phone": "phone", "linkedin": "LinkedIn", "url": "link",
               "address": "address", "other": "contact"}


@dataclass
class PersonChange:
    """What an import changes on one existing person, and how to put it back."""

    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name → (old, new)
    contacts: list = field(default_factory=list)  # mapping.Contact to add
    tags: list[str] = field(default_factory=list)

    def labels(self) -> list[str]:
        out = []
        for name in self.fields:
            label = FIELD_LABELS.get(name, name)
            if label not in out:
                out.append(label)
        kinds = Counter(c.kind for c in self.contacts)
        for kind, count in kinds.items():
            noun = KIND_LABELS.get(kind, kind)
            out.append(f"+{count} {noun}{'s' if count > 1 and not noun.endswith('s') else ''}")
        if self.tags:
            out.append(f"+{len(self.tags)} tag{'s' if len(self.tags) > 1 else ''}")
        return out

    def __bool__(self) -> bool:
        return bool(self.fields or self.contacts or self.tags)


@dataclass
class PersonState:
    """An existing person as the planner sees it: row, org name, contact keys, tags."""

    person: Person
    org_name: str
    team_name: str
    contact_keys: set[tuple[str, str]]
    tag_names: set[str]


@dataclass
class Planned:
    """One row's plan (and, after writing, its outcome)."""

    line: int
    sheet: str
    record_type: str  # person | interaction | action | organization | team | other
    action: str  # create | update | merge | duplicate | unchanged | skip
    label: str = ""
    message: str = ""
    target: Target | None = None
    candidate: Candidate | None = None
    match: Match | None = None
    change: PersonChange | None = None
    merged_into_line: int | None = None
    record: Any = None
    choice: str = ""
    undo: dict = field(default_factory=dict)
    state: PersonState | None = None
    people: list[Target] = field(default_factory=list)  # an interaction's participants
    extra: list[Planned] = field(default_factory=list)  # people an event brings along
    when: datetime | None = None  # an interaction's time, in the workspace's zone
    # Set by the writer for records that are not people.
    object_id: int | None = None

    @property
    def where(self) -> str:
        return f"{self.sheet}, row {self.line}" if self.sheet else f"line {self.line}"


class Planner:
    def __init__(self, workspace: Workspace, *, overrides: dict | None = None,
                 self_emails: set[str] | None = None):
        self.workspace = workspace
        self.overrides = overrides or {}
        self.self_emails = {normalize.normalize_email(e) for e in (self_emails or set()) if e}
        self.matcher = Matcher.for_workspace(workspace)
        self.refs: dict[str, Target] = {}
        self.zone = _zone(workspace)
        self._interaction_keys: set[tuple] | None = None
        self._action_keys: set[tuple] | None = None
        self.interaction_refs: dict[str, Planned] = {}
        # A Backstory workbook's workspace key (run_import sets it once the file names
        # it): its rows are distinct records, known by the IDs in the file.
        self.origin = ""
        self._known: dict[str, dict[str, int]] = {}

    def known(self, object_type: str, ref: str) -> int | None:
        """The record of this workspace that a workbook's ID stands for, if any: the
        record itself when the workbook is this workspace's own, else what an earlier
        import of the same workspace's workbook created from that ID."""
        if not (self.origin and ref and object_type):
            return None
        if object_type not in self._known:
            self._known[object_type] = known_refs(self.workspace, self.origin, object_type)
        return self._known[object_type].get(ref)

    # Chunks ---------------------------------------------------------------------------

    def plan_chunk(self, rows: list[ParsedRow]) -> list[Planned]:
        planned: list[Planned] = []
        for row in rows:
            plan = self._plan(row)
            planned.extend(plan.extra)
            planned.append(plan)
        self._diff_updates(planned)
        return planned

    def _plan(self, row: ParsedRow) -> Planned:
        if row.record is None:
            return Planned(line=row.line, sheet=row.sheet, record_type="other",
                           action="skip", label=row.label, message=row.error)
        override = self.overrides.get((row.sheet, row.line), "")
        record = row.record
        if isinstance(record, ContactRecord):
            return self._plan_person(row, record, override)
        if override == "skip":
            return Planned(line=row.line, sheet=row.sheet, record_type=_type(record),
                           action="skip", label=_label(record), message="you chose to skip it")
        if isinstance(record, InteractionRecord):
            return self._plan_interaction(row, record)
        if isinstance(record, ActionRecord):
            return self._plan_action(row, record)
        if isinstance(record, OrganizationRecord):
            problem = normalize.web_url_problem(record.website) if record.website else ""
            if problem:  # the same rule as people.services for the organisation form
                record.website = ""
                record.warnings.append(f"website: {problem}; left out")
            return Planned(line=row.line, sheet=row.sheet, record_type="organization",
                           action="update", label=record.name, record=record,
                           message="; ".join(record.warnings))
        if isinstance(record, TeamRecord):
            return Planned(line=row.line, sheet=row.sheet, record_type="team",
                           action="update", label=f"{record.name} ({record.organization})",
                           record=record, message="; ".join(record.warnings))
        if isinstance(record, ForeignRecord):
            plan = Planned(line=row.line, sheet=row.sheet, record_type=record.sheet_key,
                           action="create", record=record, label=row.sheet)
            known = self.known(_sheet_object_type(record.sheet_key),
                               _cell_ref(record.values.get("id")))
            if known is not None:
                plan.action, plan.message, plan.object_id = "unchanged", \
                    "already in Backstory", known
            return plan
        return Planned(line=row.line, sheet=row.sheet, record_type="other", action="skip",
                       message="this kind of row cannot be imported")

    # People ---------------------------------------------------------------------------

    def _plan_person(self, row: ParsedRow, record: ContactRecord, override: str) -> Planned:
        candidate = candidate_from_record(record)
        if isinstance(candidate, str):
            return Planned(line=row.line, sheet=row.sheet, record_type="person",
                           action="skip", label=row.label, message=candidate)
        known = self.known("person", candidate.ref) if not override else None
        if known is not None and known in self.matcher.by_id:
            override = f"update:{known}"
        plan = self.plan_candidate(candidate, line=row.line, sheet=row.sheet,
                                   override=override)
        if known is not None and plan.match is not None:
            plan.match.how = "ID"  # the page reads "(same ID)"
        if candidate.ref and plan.target is not None:
            self.refs.setdefault(candidate.ref, plan.target)
        return plan

    def plan_candidate(self, candidate: Candidate, *, line: int, sheet: str = "",
                       override: str = "") -> Planned:
        plan = Planned(line=line, sheet=sheet, record_type="person", action="create",
                       label=candidate.name, candidate=candidate,
                       message="; ".join(candidate.warnings), choice=override)
        if override == "skip":
            plan.action, plan.message = "skip", "you chose to skip it"
            return plan
        match: Match | None
        if override == "create":
            match = None
        elif override.startswith("update:"):
            match = self._chosen(override)
            if match is None:
                plan.action = "skip"
                plan.message = "the person you chose to update is no longer here"
                return plan
        else:
            match = self.matcher.match(candidate)
            if match is not None and self.origin and match.target.is_new:
                # Two rows of a Backstory workbook are two records, however alike.
                match = None
        plan.match = match
        if match is None:
            plan.target = self.matcher.new_target(candidate, line=line, sheet=sheet)
            return plan
        target = match.target
        if not match.confident:
            plan.action = "duplicate"
            plan.target = self.matcher.new_target(candidate, line=line, sheet=sheet)
            return plan
        plan.target = target
        self.matcher.add(target, candidate)
        if target.is_new:
            plan.merged_into_line = target.line
        if target.is_new and target.person_id is None:
            plan.action = "merge"
            merge_candidates(target.candidate, candidate)
            target.name, target.name_key = target.candidate.name, target.candidate.name_key
            return plan
        plan.action = "update"
        return plan

    def _chosen(self, override: str) -> Match | None:
        try:
            person_id = int(override.split(":", 1)[1])
        except ValueError:
            return None
        target = self.matcher.by_id.get(person_id)
        if target is None:
            return None
        return Match(target, "your choice", confident=True)

    def _diff_updates(self, planned: list[Planned]) -> None:
        ids = {p.target.person_id for p in planned
               if p.action == "update" and p.target and p.target.person_id}
        if not ids:
            return
        states = load_states(self.workspace, ids)
        for plan in planned:
            if plan.action != "update" or plan.target is None:
                continue
            state = states.get(plan.target.person_id)
            if state is None:
                plan.action, plan.message = "skip", "the matching person was deleted meanwhile"
                continue
            change = diff(state, plan.candidate)
            apply_to_state(state, change)
            plan.change, plan.state = change, state
            if not change:
                plan.action = "unchanged"

    # Interactions and action items ---------------------------------------------------

    def interaction_keys(self) -> set[tuple]:
        if self._interaction_keys is None:
            rows = Interaction.objects.filter(workspace=self.workspace).values_list(
                "occurred_at", "kind", "summary")
            self._interaction_keys = {_interaction_key(*r) for r in rows.iterator(
                chunk_size=5000)}
        return self._interaction_keys

    def action_keys(self) -> set[tuple]:
        if self._action_keys is None:
            rows = ActionItem.objects.filter(workspace=self.workspace).values_list(
                "text", "person_id")
            self._action_keys = {(t.casefold(), p) for t, p in rows.iterator(chunk_size=5000)}
        return self._action_keys

    def aware(self, value: datetime | date) -> datetime:
        if isinstance(value, datetime):
            return value if timezone.is_aware(value) else value.replace(tzinfo=self.zone)
        return datetime.combine(value, time(12, 0)).replace(tzinfo=self.zone)

    def _plan_interaction(self, row: ParsedRow, record: InteractionRecord) -> Planned:
        plan = Planned(line=row.line, sheet=row.sheet, record_type="interaction",
                       action="create", record=record, message="; ".join(record.warnings))
        if not isinstance(record.occurred_at, date):
            plan.action, plan.message = "skip", "this interaction has no date we can read"
            return plan
        when = self.aware(record.occurred_at)
        plan.when = when
        plan.label = f"{record.summary or record.kind} — {when.astimezone(self.zone):%d %b %Y}"
        people: list[Target] = []
        missing = []
        for ref in record.people_refs:
            target = self.refs.get(ref)
            if target is None:
                missing.append(ref)
            elif target not in people:
                people.append(target)
        extra_rows: list[Planned] = []
        for attendee in record.attendees:
            emails = {normalize.normalize_email(e) for e, _ in attendee.emails}
            if emails & self.self_emails:
                continue
            candidate = candidate_from_record(attendee)
            if isinstance(candidate, str):
                continue
            sub = self.plan_candidate(candidate, line=row.line, sheet=row.sheet)
            sub.label = f"{candidate.name} (in “{record.summary or 'event'}”)"
            extra_rows.append(sub)
            if sub.target is not None and sub.target not in people:
                people.append(sub.target)
        if missing:
            plan.message = "; ".join(filter(None, [plan.message, "people with IDs " + ", ".join(
                missing) + " are not in the People sheet"]))
        plan.people, plan.extra = people, extra_rows
        if not people:
            plan.action = "skip"
            plan.message = ("none of the people in this interaction could be found"
                            if record.people_refs or record.attendees else
                            "nobody else is in this event (no attendees or organiser), so "
                            "there is no one to log a touch with")
            return plan
        if self.origin and record.ref:
            # Known by its ID in the workbook, never by its time and text: two talks at
            # the same minute with different people are two interactions.
            known = self.known("interaction", record.ref)
            if known is not None:
                plan.action, plan.message = "unchanged", "already in Backstory"
                plan.object_id = known
        else:
            key = _interaction_key(when, record.kind, record.summary)
            if key in self.interaction_keys():
                plan.action, plan.message = "unchanged", "already in Backstory"
            else:
                self.interaction_keys().add(key)
        if record.ref:
            self.interaction_refs[record.ref] = plan
        return plan

    def _plan_action(self, row: ParsedRow, record: ActionRecord) -> Planned:
        plan = Planned(line=row.line, sheet=row.sheet, record_type="action", action="create",
                       record=record, label=record.text, message="; ".join(record.warnings))
        if record.done_at is not None:
            plan.when = self.aware(record.done_at)
        target = self.refs.get(record.person_ref) if record.person_ref else None
        if target is None and record.person_name:
            name_key = normalize.normalize_name(record.person_name)
            found = self.matcher.by_name.get(name_key) or []
            target = found[0] if len(found) == 1 else None
        plan.target = target
        if self.origin and record.ref:
            # Known by its ID: two action items with the same text are two action items.
            known = self.known("actionitem", record.ref)
            if known is not None:
                plan.action, plan.message = "unchanged", "already in Backstory"
                plan.object_id = known
            return plan
        person_key = target.person_id if target else None
        key = (record.text.casefold(), person_key)
        if person_key is not None and key in self.action_keys():
            plan.action, plan.message = "unchanged", "already in Backstory"
        else:
            self.action_keys().add(key)
        return plan


def known_refs(workspace: Workspace, origin: str, object_type: str) -> dict[str, int]:
    """{ID in the workbook: record id} for one kind of record, for a workbook of the
    workspace with this key (see Planner.known); only records that still exist."""
    model = workspace_model(object_type)
    if model is None:
        return {}
    if origin == workbook_key(workspace):
        ids = model._base_manager.filter(workspace=workspace).values_list("pk", flat=True)
        return {str(pk): pk for pk in ids.iterator(chunk_size=5000)}
    refs = dict(ImportObject.objects.filter(
        workspace=workspace, object_type=object_type, batch__origin=origin,
        batch__status=BatchStatus.COMMITTED).exclude(ref="").values_list("ref", "object_id"))
    # Every id of the workspace rather than `pk__in` the refs: a big workbook has more
    # IDs than a query may carry.
    alive = set(model._base_manager.filter(workspace=workspace).values_list(
        "pk", flat=True).iterator(chunk_size=5000))
    return {ref: pk for ref, pk in refs.items() if pk in alive}


def _sheet_object_type(key: str) -> str:
    sheet = _REGISTRY.get(key)
    return sheet.object_type if sheet is not None else ""


def _cell_ref(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip().removesuffix(".0")


def _zone(workspace: Workspace):
    try:
        return zoneinfo.ZoneInfo(workspace.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def _interaction_key(when: datetime, kind: str, summary: str) -> tuple:
    return (when.astimezone(zoneinfo.ZoneInfo("UTC")).replace(second=0, microsecond=0),
            kind, (summary or "").casefold())


def _type(record) -> str:
    return {InteractionRecord: "interaction", ActionRecord: "action",
            OrganizationRecord: "organization", TeamRecord: "team"}.get(type(record), "other")


def _label(record) -> str:
    return getattr(record, "summary", "") or getattr(record, "text", "") or getattr(
        record, "name", "")


# Merging and diffing ----------------------------------------------------------------------


def merge_candidates(into: Candidate, other: Candidate) -> None:
    """Fold a later row about the same person into the earlier one (same file)."""
    if into.name_is_fallback and not other.name_is_fallback:
        # The earlier row was named after an e-mail or phone; this one has the name.
        into.name, into.name_key, into.blocks = other.name, other.name_key, other.blocks
        into.name_is_fallback = False
        for key in Person.NAME_PARTS:
            into.fields.pop(key, None)
    for key, value in other.fields.items():
        if key == "notes" and into.fields.get("notes") and value not in into.fields["notes"]:
            into.fields["notes"] = f"{into.fields['notes']}\n\n{value}"
        elif not into.fields.get(key):
            into.fields[key] = value
    if not into.organization and other.organization:
        into.organization, into.org_key = other.organization, other.org_key
        into.team = into.team or other.team
    keys = {c.key for c in into.contacts}
    into.contacts += [c for c in other.contacts if c.key not in keys]
    tags = {t.casefold() for t in into.tags}
    into.tags += [t for t in other.tags if t.casefold() not in tags]


_STATE_FIELDS = ["id", "name", *Person.NAME_PARTS, "title", "organization_id", "team_id",
                 "met_on", "birthday_year", "birthday_month", "birthday_day", "notes",
                 *sorted(EXTRA_FIELDS)]


def load_states(workspace: Workspace, ids: set[int]) -> dict[int, PersonState]:
    """What the planner needs of existing people, as plain values (no model instances:
    thousands of updates would spend their time building them)."""
    from types import SimpleNamespace

    from backstory.people.models import ContactPoint

    # Filtered by primary key, with the workspace checked on each row: given both, SQLite
    # picks the workspace index and reads the whole workspace for every chunk.
    rows = (Person.objects.filter(pk__in=ids)
            .values(*_STATE_FIELDS, "workspace_id", "organization__name", "team__name"))
    states = {}
    for row in rows:
        if row.pop("workspace_id") != workspace.pk:
            continue
        org_name, team_name = row.pop("organization__name"), row.pop("team__name")
        person = SimpleNamespace(pk=row["id"], **row)
        states[row["id"]] = PersonState(person, org_name or "", team_name or "", set(), set())
    ids = set(states)
    for person_id, kind, normalized in ContactPoint.objects.filter(
            person_id__in=ids).values_list("person_id", "kind", "normalized"):
        states[person_id].contact_keys.add((kind, normalized))
    through = Person.tags.through
    for person_id, name in through.objects.filter(person_id__in=ids).values_list(
            "person_id", "tag__name"):
        states[person_id].tag_names.add(name.casefold())
    return states


def diff(state: PersonState, candidate: Candidate) -> PersonChange:
    """What the candidate adds to or changes on this person (newer file wins for title
    and organisation; everything else only fills gaps; contacts and tags are added)."""
    person = state.person
    change = PersonChange()
    fields = candidate.fields
    renamed = (not candidate.name_is_fallback and candidate.name != person.name
               and is_placeholder_name(person.name))
    if renamed:  # named after their e-mail or phone until a file gave the real name
        change.fields["name"] = (person.name, candidate.name)
    parts = {k: fields.get(k, "") for k in Person.NAME_PARTS}
    if any(parts.values()) and not any(getattr(person, k) for k in Person.NAME_PARTS) and (
            renamed or normalize.normalize_name(person.name) == candidate.name_key):
        change.fields.update({k: ("", v) for k, v in parts.items() if v})
    title = fields.get("title", "")
    if title and title != person.title:
        change.fields["title"] = (person.title, title)
    if candidate.organization and normalize.normalize_organization(
            state.org_name) != candidate.org_key:
        change.fields["organization"] = (state.org_name, candidate.organization)
    if candidate.team and not state.team_name and (
            not state.org_name or "organization" in change.fields
            or normalize.normalize_organization(state.org_name) == candidate.org_key):
        change.fields["team"] = ("", candidate.team)
    for name in ("met_on", *sorted(EXTRA_FIELDS)):
        value = fields.get(name)
        if value in (None, "", False):
            continue
        current = getattr(person, name)
        empty = current in (None, "", False) or (name == "circle" and current == "other")
        if empty and current != value:
            change.fields[name] = (current, value)
    low = change.fields.get("cadence_min_days", (None, person.cadence_min_days))[1]
    high = change.fields.get("cadence_max_days", (None, person.cadence_max_days))[1]
    if low is not None and high is not None and low > high:
        change.fields.pop("cadence_min_days", None)
        change.fields.pop("cadence_max_days", None)
    if fields.get("birthday_month") and not person.birthday_month:
        change.fields["birthday"] = (
            (person.birthday_year, person.birthday_month, person.birthday_day),
            (fields.get("birthday_year"), fields["birthday_month"], fields["birthday_day"]))
    notes = fields.get("notes", "")
    if notes and notes not in person.notes:
        joined = f"{person.notes}\n\n{notes}" if person.notes else notes
        change.fields["notes"] = (person.notes, joined)
    change.contacts = [c for c in candidate.contacts if c.key not in state.contact_keys]
    change.tags = [t for t in candidate.tags if t.casefold() not in state.tag_names]
    return change


_PHONE_LIKE = re.compile(r"\+?[\d\s().\-/]{7,}")


def is_placeholder_name(name: str) -> bool:
    """A name that is only an e-mail address or a phone number (what an import names
    someone after when the file has no name)."""
    name = name.strip()
    return normalize.is_email(name) or bool(_PHONE_LIKE.fullmatch(name))


def apply_to_state(state: PersonState, change: PersonChange) -> None:
    """Later rows of the same chunk see what earlier rows will change."""
    for name, (_old, new) in change.fields.items():
        if name == "organization":
            state.org_name = new
        elif name == "team":
            state.team_name = new
        elif name == "birthday":
            continue
        else:
            setattr(state.person, name, new)
    state.contact_keys |= {c.key for c in change.contacts}
    state.tag_names |= {t.casefold() for t in change.tags}
