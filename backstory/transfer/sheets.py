"""The record types that Backstory's spreadsheet holds, one sheet each, in a registry.

Exporters (XLSX, CSV) write every registered sheet; the Backstory-spreadsheet importer
reads them back. Another app adds its records with ``register_sheet(MySheet())`` in its
AppConfig.ready(); a sheet that can also be imported implements ``import_rows``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from backstory.interactions.models import ActionItem, Interaction, InteractionKind, Value
from backstory.interactions.selectors import visible_notes
from backstory.people.models import (
    Channel,
    Circle,
    ContactPoint,
    Direction,
    Format,
    Organization,
    OrganizationKind,
    Person,
    Tag,
    Team,
)
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Workspace

# 2: text cells are written as text, without the apostrophe that version 1 put before
# text starting with = + - @ (the importer takes it off only in version 1 files).
FORMAT_VERSION = 2
WORKBOOK_KEY = "Workspace key"  # the About sheet's row that names the workspace


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = "text"  # text | date | datetime | int | bool
    width: int = 18


class Sheet:
    key: str = ""
    title: str = ""
    order: int = 100
    columns: list[Column] = []
    # The model_name of the records a sheet that can be imported creates (its ID column
    # identifies them: see transfer.services.plan.known_refs).
    object_type: str = ""

    def rows(self, workspace: Workspace, viewer=None) -> Iterable[list[Any]]:
        """The rows as ``viewer`` may read them (someone else's private notes left out)."""
        raise NotImplementedError

    # Import: a sheet that can be read back implements
    #   import_rows(*, workspace, by, rows: [(line, Cells)], links: Links) -> [Outcome]
    # and returns one Outcome per row; None means "export only".
    import_rows = None

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


_REGISTRY: dict[str, Sheet] = {}


def workbook_key(workspace: Workspace) -> str:
    """The key a workbook names its workspace by (About sheet): stable for the workspace,
    unguessable from outside, and no database id. Importing a workbook again matches its
    IDs to the records an earlier import of the same workspace's workbook created."""
    from django.utils.crypto import salted_hmac

    return salted_hmac("backstory.transfer.workbook", str(workspace.pk)).hexdigest()[:32]


def register_sheet(sheet: Sheet) -> None:
    _REGISTRY[sheet.key] = sheet


def sheets() -> list[Sheet]:
    return sorted(_REGISTRY.values(), key=lambda s: (s.order, s.key))


def workspace_model(object_type: str):
    """The model (with a workspace) whose model_name is ``object_type``, or None."""
    from django.apps import apps

    return next((m for m in apps.get_models() if m._meta.model_name == object_type
                 and any(f.name == "workspace" for f in m._meta.concrete_fields)), None)


def foreign_types() -> set[str]:
    """The object types that registered sheets import (tips, pitches…)."""
    return {s.object_type for s in _REGISTRY.values()
            if s.object_type and s.import_rows is not None}


def sheet_by_title(title: str) -> Sheet | None:
    wanted = title.strip().casefold()
    return next((s for s in _REGISTRY.values() if s.title.casefold() == wanted), None)


# Helpers ------------------------------------------------------------------------------


def local(value: datetime | None, workspace: Workspace) -> datetime | None:
    """Spreadsheets have no time zones: times are written in the workspace's zone."""
    if value is None:
        return None
    import zoneinfo

    try:
        zone = zoneinfo.ZoneInfo(workspace.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_default_timezone()
    return timezone.localtime(value, zone).replace(tzinfo=None)


def join(values: Iterable[str]) -> str:
    return "; ".join(v for v in values if v)


def with_label(value: str, label: str) -> str:
    return f"{value} ({label})" if label else value


def birthday_text(person: Person) -> str:
    if not (person.birthday_month and person.birthday_day):
        return ""
    if person.birthday_year:
        return f"{person.birthday_year:04d}-{person.birthday_month:02d}-{person.birthday_day:02d}"
    return f"--{person.birthday_month:02d}-{person.birthday_day:02d}"


# Reading a sheet back (the import hooks of registered sheets) -----------------------------


@dataclass(frozen=True)
class Outcome:
    """What an import hook did with one row: the record (None: skipped, message says
    why), and whether it was created now or was there already."""

    object_id: int | None
    message: str = ""
    created: bool = True


class Links:
    """What an import hook needs to link a row: the records of this workspace that the
    workbook's IDs stand for (people, interactions, and each sheet's own records, created
    earlier in this import or by an earlier import of the same workbook)."""

    def __init__(self, *, person, record, aware, batch_id: int):
        self._person, self._record = person, record
        self.aware = aware  # a naive time of the workbook (the workspace's zone) → aware
        self.batch_id = batch_id

    def person(self, ref: str) -> int | None:
        return self._person(ref) if ref else None

    def record(self, object_type: str, ref: str) -> int | None:
        return self._record(object_type, ref) if ref else None


def _key(text: str) -> str:
    from .formats.csvtable import header_key

    return header_key(text)


class Cells:
    """One row of a sheet, read by column header: text exactly as written, dates,
    numbers, IDs, and choices by their label."""

    def __init__(self, values: dict):
        self.values = values

    def text(self, header: str, limit: int = 0) -> str:
        value = self.values.get(_key(header))
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = value.isoformat() if isinstance(value, date) else str(value)
        return text[:limit] if limit else text

    def ref(self, header: str) -> str:
        return self.text(header).strip().removesuffix(".0")

    def refs(self, header: str) -> list[str]:
        return [r.strip().removesuffix(".0") for r in self.text(header).split(";") if r.strip()]

    def date(self, header: str) -> date | None:
        value = self.values.get(_key(header))
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if value in (None, ""):
            return None
        try:
            return date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            raise ValueError(f"{header}: '{value}' is not a date (YYYY-MM-DD)") from None

    def datetime(self, header: str) -> datetime | None:
        value = self.values.get(_key(header))
        if isinstance(value, datetime):
            return value
        if isinstance(value, date):
            return datetime.combine(value, datetime.min.time())
        if value in (None, ""):
            return None
        try:
            return datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"{header}: '{value}' is not a date and time") from None

    def choice(self, header: str, choices, default: str = "") -> str:
        """A choice by its label (as exported) or its value."""
        text = self.text(header).strip()
        if not text:
            return default
        for value, label in choices:
            if text.casefold() in (str(label).casefold(), str(value).casefold()):
                return value
        raise ValueError(f"{header}: '{text}' is not one we know")


def import_each(rows, write) -> list[Outcome]:
    """Run ``write(cells) -> id`` for each row; a row that does not fit its record is
    skipped with the reason (and nothing of it is written), the others go on."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    outcomes = []
    for _line, cells in rows:
        try:
            with transaction.atomic():
                outcomes.append(Outcome(write(cells)))
        except ValueError as problem:
            outcomes.append(Outcome(None, str(problem)))
        except ValidationError as problem:
            outcomes.append(Outcome(None, "; ".join(problem.messages)))
    return outcomes


def save_imported(obj, *, created_at: datetime | None, links: Links, by: Actor, action: str,
                  person_id: int | None = None, data: dict | None = None):
    """Validate and save a record read from a sheet, keep its "Added on", and write its
    audit entry (imported records skip the services' flows: they arrive in the state the
    workbook recorded)."""
    from backstory.workspaces.models import Activity
    from backstory.workspaces.services import activity_record_many

    obj.full_clean()
    obj.save()
    if created_at is not None:
        stamp = links.aware(created_at)
        type(obj)._base_manager.filter(pk=obj.pk).update(created_at=stamp, updated_at=stamp)
    activity_record_many(obj.workspace, [Activity(
        actor=by, action=action, person_id=person_id, object_type=obj._meta.model_name,
        object_id=obj.pk, data={**(data or {}), "batch": links.batch_id})])
    return obj.pk


def _labels(choices) -> dict[str, str]:
    return {value: label for value, label in choices}


CIRCLES, DIRECTIONS = _labels(Circle.choices), _labels(Direction.choices)
CHANNELS, FORMATS = _labels(Channel.choices), _labels(Format.choices)
KINDS, VALUES = _labels(InteractionKind.choices), _labels(Value.choices)
ORG_KINDS = _labels(OrganizationKind.choices)


# The built-in sheets ---------------------------------------------------------------------


class PeopleSheet(Sheet):
    key, title, order = "people", "People", 10
    columns = [
        Column("ID", "int", 8), Column("Name", width=26), Column("Title", width=24),
        Column("Organisation", width=24), Column("Team"), Column("Circle"),
        Column("Direction"), Column("E-mails", width=30), Column("Phones", width=22),
        Column("LinkedIn", width=30), Column("Links", width=26), Column("Tags"),
        Column("Prefers to hear by"), Column("Likes information as"), Column("Best time"),
        Column("Beat"), Column("Outlet"), Column("Looking for", width=30),
        Column("Can offer", width=30), Column("How we met", width=30),
        Column("Met on", "date", 12), Column("Introduced by"),
        Column("Introduced by ID", "int", 8), Column("Birthday", width=12),
        Column("Addresses", width=30), Column("Notes", width=40),
        Column("Follow up after (days)", "int", 10),
        Column("At the latest after (days)", "int", 10),
        Column("No follow-up", "bool", 8), Column("Last touch", "datetime", 17),
        Column("Archived on", "datetime", 17), Column("Added on", "datetime", 17),
        # The member who leads the relationship, by user name (not read back by an
        # import: a workbook may come from another installation's users).
        Column("Relationship owner", width=16),
        Column("Do not contact", width=30),
    ]

    def rows(self, workspace: Workspace, viewer=None) -> Iterator[list[Any]]:
        people = (
            Person.objects.filter(workspace=workspace)
            .select_related("organization", "team", "introduced_by", "owner")
            .prefetch_related(
                Prefetch("contact_points", queryset=ContactPoint.objects.order_by(
                    "kind", "position", "id")),
                Prefetch("tags", queryset=Tag.objects.order_by("name")),
            )
            .order_by("name", "id")
        )
        for p in people.iterator(chunk_size=2000):
            contacts = list(p.contact_points.all())

            def of(kind: str, points=contacts) -> str:
                return join(with_label(c.value, c.label) for c in points if c.kind == kind)

            yield [
                p.pk, p.name, p.title, p.organization.name if p.organization else "",
                p.team.name if p.team else "", CIRCLES.get(p.circle, p.circle),
                DIRECTIONS.get(p.direction, ""), of("email"), of("phone"), of("linkedin"),
                join(with_label(c.value, c.label) for c in contacts
                     if c.kind in ("url", "other")),
                join(t.name for t in p.tags.all()),
                CHANNELS.get(p.preferred_channel, ""), FORMATS.get(p.preferred_format, ""),
                p.best_time, p.beat, p.outlet, p.wants, p.offers, p.how_we_met, p.met_on,
                p.introduced_by.name if p.introduced_by else "", p.introduced_by_id,
                birthday_text(p), of("address"), p.notes, p.cadence_min_days,
                p.cadence_max_days, p.cadence_off, local(p.last_touch_at, workspace),
                local(p.archived_at, workspace), local(p.created_at, workspace),
                p.owner.get_username() if p.owner_id else "",
                p.do_not_contact_reason if p.do_not_contact else "",
            ]


class OrganisationsSheet(Sheet):
    key, title, order = "organisations", "Organisations", 20
    columns = [Column("ID", "int", 8), Column("Name", width=28), Column("Kind"),
               Column("Your organisation", "bool", 10), Column("Website", width=28),
               Column("Notes", width=40)]

    def rows(self, workspace: Workspace, viewer=None) -> Iterator[list[Any]]:
        for org in Organization.objects.filter(workspace=workspace).order_by("name", "id"):
            yield [org.pk, org.name, ORG_KINDS.get(org.kind, org.kind), org.is_own,
                   org.website, org.notes]


class TeamsSheet(Sheet):
    key, title, order = "teams", "Teams", 30
    columns = [Column("ID", "int", 8), Column("Organisation", width=26),
               Column("Team", width=22), Column("Leader", width=22),
               Column("Leader ID", "int", 8), Column("Notes", width=40)]

    def rows(self, workspace: Workspace, viewer=None) -> Iterator[list[Any]]:
        teams = Team.objects.filter(workspace=workspace).select_related("organization", "leader")
        for team in teams.order_by("organization__name", "name", "id"):
            yield [team.pk, team.organization.name, team.name,
                   team.leader.name if team.leader else "", team.leader_id, team.notes]


class InteractionsSheet(Sheet):
    key, title, order = "interactions", "Interactions", 40
    columns = [Column("ID", "int", 8), Column("When", "datetime", 17), Column("Kind"),
               Column("Summary", width=30), Column("People", width=30),
               Column("People IDs", width=12), Column("Place", width=20),
               Column("Duration (minutes)", "int", 10), Column("Value"), Column("Tags"),
               Column("Notes", width=50)]

    def rows(self, workspace: Workspace, viewer=None) -> Iterator[list[Any]]:
        interactions = (
            Interaction.objects.filter(workspace=workspace)
            .prefetch_related(
                Prefetch("participants", queryset=Person.objects.only("id", "name")
                         .order_by("name", "id")),
                Prefetch("tags", queryset=Tag.objects.order_by("name")),
            )
            .order_by("occurred_at", "id")
        )
        for i in interactions.iterator(chunk_size=2000):
            people = list(i.participants.all())
            yield [i.pk, local(i.occurred_at, workspace), KINDS.get(i.kind, i.kind), i.summary,
                   join(p.name for p in people), join(str(p.pk) for p in people), i.place,
                   i.duration_minutes, VALUES.get(i.value, "") if i.value else "",
                   join(t.name for t in i.tags.all()), visible_notes(i, viewer)]


class ActionItemsSheet(Sheet):
    key, title, order = "action_items", "Action items", 50
    columns = [Column("ID", "int", 8), Column("Action", width=40), Column("Due", "date", 12),
               Column("Done on", "datetime", 17), Column("Person", width=24),
               Column("Person ID", "int", 8), Column("Interaction ID", "int", 8),
               Column("Added on", "datetime", 17)]

    def rows(self, workspace: Workspace, viewer=None) -> Iterator[list[Any]]:
        items = ActionItem.objects.filter(workspace=workspace).select_related("person")
        for a in items.order_by("created_at", "id").iterator(chunk_size=2000):
            yield [a.pk, a.text, a.due_on, local(a.done_at, workspace),
                   a.person.name if a.person else "", a.person_id, a.interaction_id,
                   local(a.created_at, workspace)]


for _sheet in (PeopleSheet(), OrganisationsSheet(), TeamsSheet(), InteractionsSheet(),
               ActionItemsSheet()):
    register_sheet(_sheet)


def cell_text(value: Any) -> str:
    """How a value reads in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
