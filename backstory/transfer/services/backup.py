"""Backup and restore of a whole workspace, generic over every model with a workspace.

A backup holds every row of every model that has a ``workspace`` foreign key (and the
many-to-many tables between them), so records of apps added later are carried without
changing this code. Rows are written in a stable order (models by dependency, then by
label; rows by primary key) and refer to each other by their position in that order,
never by database id — so a restore gets new ids, and backup → restore → backup gives
the same content. Users are referred to by user name. Memberships (who may open the
workspace) and invitations are not part of a backup: access belongs to the installation.

File: gzip of one header line (format, version, counts, SHA-256 of the body) and the
JSON body. A truncated or changed file is refused before anything is written; a restore
goes into an empty workspace, in one transaction.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import hashlib
import io
import json
import secrets
import zlib
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone

from backstory.core.derived import derived_rebuild
from backstory.core.errors import DomainError
from backstory.core.words import counts_text
from backstory.interactions.models import Interaction
from backstory.interactions.selectors import notes_visible
from backstory.people import normalize
from backstory.people.models import ContactPoint, Organization, Person
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Activity, Invitation, Membership, Workspace

from ..models import BatchStatus, ImportBatch, ImportObject, ImportRow

FORMAT = "backstory-backup"
VERSION = 1
# Who may use the workspace is not its network: members and invitations (whose links are
# one installation's) stay where they are.
EXCLUDED = {Membership, Invitation}
# Links to a user that only a member of the workspace may fill (a person's relationship
# owner): a restore clears them, with a note, where that user is not a member here.
MEMBERS_ONLY = {("people.Person", "owner")}
# Kept with the server, not in a backup: webhooks hold secrets for other systems, and
# their delivery log would send old events again on the restoring server. An owner
# registers them again after a restore (named by label: webhooks sits above transfer).
# API tokens are keys to this server (a restored hash would let an old token in on
# another), and the stored answers of retried requests are the server's own bookkeeping:
# members make new tokens after a restore.
NOT_BACKED_UP = {"webhooks.Webhook", "webhooks.Delivery", "webhooks.DeliveryAttempt",
                 "api.ApiToken", "api.IdempotentRequest"}
# Audit entries a brand-new workspace already has; a restore replaces them.
CREATION_ACTIONS = {"workspace.created", "member.added", "member.role_changed"}
# Values a backup never carries: a path on the server (an uploaded file waiting for its
# preview stays on the server it was uploaded to) is written and restored as this.
NOT_CARRIED = {("transfer.ImportBatch", "stored_path"): ""}
# Sections of older versions that held only derived values (a restore recomputes every
# derived value anyway): skipped, not refused. The person-word index replaced both.
RETIRED = {"people.NameToken", "intros.MatchTerm"}
# Secrets a backup holds only as "there was one": a restore makes new ones.
SECRETS = {("followups.FollowupPrefs", "feed_token")}


def _column_map_shape(value: Any) -> None:
    """A batch's column map as the mapping page writes it (the page reads it back)."""
    if not isinstance(value, dict) or set(value) - {"mapping", "date_order"}:
        raise ValidationError("not a column map")
    _mapping_shape(value.get("mapping") or {}, remembered=False)
    if value.get("date_order") not in (None, "DMY", "MDY"):
        raise ValidationError("a date order other than DMY or MDY")


def _mapping_shape(value: Any, *, remembered: bool = True) -> None:
    if not isinstance(value, dict) or not all(
            isinstance(v, str) and (k.isdigit() or (remembered and k == "_date_order"))
            for k, v in value.items()):
        raise ValidationError("not a map of column numbers to fields")


def _headers_shape(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("not a list of column headers")


# JSON values that pages and importers read back as they are: checked for their shape.
JSON_SHAPES = {("transfer.ImportBatch", "column_map"): _column_map_shape,
               ("transfer.ColumnMap", "mapping"): _mapping_shape,
               ("transfer.ColumnMap", "headers"): _headers_shape}
# Ids inside JSON values (audit entries name the batch, tip or merged person): written as
# positions like every link, restored as ids of the restored records (or null).
JSON_LINKS = {("workspaces.Activity", "data"): {"batch": "transfer.ImportBatch",
                                                "tip": "stories.Tip",
                                                "merged_id": "people.Person"}}


# What a person counts in a workspace, in this order. The other tables (the person-word
# index, link tables, import rows…) are indexes or parts of these records: summaries leave
# them out.
SUMMARY_MODELS = [
    "people.Person", "people.Organization", "people.Team", "people.Tag",
    "interactions.Interaction", "interactions.ActionItem", "stories.Tip", "stories.Pitch",
    "intros.Introduction", "intros.Opportunity", "transfer.ImportBatch", "workspaces.Activity",
]


def summary_text(counts: dict[str, int]) -> str:
    """'162 people, 1,511 interactions, 6 pitches' for counts by model label."""
    return counts_text((apps.get_model(label), counts.get(label, 0))
                       for label in SUMMARY_MODELS)


# Which models, in which order ------------------------------------------------------------


def _has_workspace(model) -> bool:
    field = next((f for f in model._meta.concrete_fields if f.name == "workspace"), None)
    return field is not None and field.is_relation and field.related_model is Workspace


def backup_models() -> list[type[models.Model]]:
    """Every model with a workspace, plus the M2M tables between them, in a stable
    dependency order (a model comes after the models its required links point at)."""
    included = [m for m in apps.get_models() if _has_workspace(m) and m not in EXCLUDED
                and m._meta.label not in NOT_BACKED_UP and not m._meta.proxy]
    for model in list(included):
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            # Links between the workspace's records, and to its members (the teammates
            # who were at a touch: each linked by user name, as authors are).
            if through._meta.auto_created and (field.related_model in included
                                               or field.related_model is get_user_model()):
                included.append(through)
    labels = {m: m._meta.label for m in included}
    remaining = sorted(included, key=lambda m: labels[m])
    ordered: list[type[models.Model]] = []
    while remaining:
        for model in remaining:
            needs = {f.related_model for f in model._meta.concrete_fields
                     if f.is_relation and not f.null and f.related_model in remaining
                     and f.related_model is not model}
            if not needs:
                ordered.append(model)
                remaining.remove(model)
                break
        else:
            names = ", ".join(labels[m] for m in remaining)
            raise DomainError(f"These models need each other and cannot be ordered: {names}.")
    return ordered


def _fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name != "workspace"]


def _generic_pointer(model) -> bool:
    names = {f.name for f in model._meta.concrete_fields}
    return {"object_type", "object_id"} <= names


def _base_queryset(model, workspace: Workspace):
    if _has_workspace(model):
        return model._base_manager.filter(workspace=workspace)
    # An M2M table: the rows whose first link belongs to the workspace.
    fk = next(f for f in model._meta.concrete_fields if f.is_relation)
    return model._base_manager.filter(**{f"{fk.name}__workspace": workspace})


# Writing -----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if timezone.is_aware(value) \
            else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _private_notes_left_out(names: list[str], viewer):
    """For the rows of interactions in a member's own backup: someone else's private
    notes written as empty (interactions.selectors.notes_visible is the rule)."""
    notes, private, author = (names.index(n) for n in ("notes", "notes_private",
                                                        "created_by_id"))

    def leave_out(values: tuple) -> tuple:
        record = Interaction(notes=values[notes], notes_private=values[private],
                             created_by_id=values[author])
        if notes_visible(record, viewer):
            return values
        return (*values[:notes], "", *values[notes + 1:])
    return leave_out


def backup_body(workspace: Workspace, *, viewer=None) -> dict:
    """Every row of the workspace. ``viewer`` None is the full backup (the owner's: every
    private note in it); a member's own backup leaves the others' private notes out."""
    ordered = backup_models()
    by_name = {m._meta.model_name: m for m in ordered}
    positions: dict[type, dict[int, int]] = {}
    for model in ordered:
        pks = _base_queryset(model, workspace).order_by("pk").values_list("pk", flat=True)
        positions[model] = {pk: index for index, pk in enumerate(pks.iterator(chunk_size=5000))}
    users = dict(get_user_model()._base_manager.values_list("pk", "username"))
    body: dict[str, Any] = {
        "workspace": {"name": workspace.name, "time_zone": workspace.time_zone},
        "models": [],
    }
    for model in ordered:
        fields = _fields(model)
        generic = _generic_pointer(model)
        converters = []
        for field in fields:
            related = field.related_model if field.is_relation else None
            if related is None:
                converters.append(_plain)
            elif related in positions:
                converters.append(lambda v, m=related: positions[m].get(v))
            elif related is get_user_model():
                converters.append(lambda v: users.get(v))
            elif field.null:
                converters.append(lambda v: None)
            else:
                raise DomainError(f"{model._meta.label}.{field.name} points at "
                                  f"{related._meta.label}, which a backup does not hold.")
        names = [f.attname for f in fields]
        label = model._meta.label
        for index, field in enumerate(fields):
            if (label, field.name) in NOT_CARRIED:
                converters[index] = lambda v, c=NOT_CARRIED[(label, field.name)]: c
            elif (label, field.name) in SECRETS:
                converters[index] = bool
        for (json_label, json_field), keys in JSON_LINKS.items():
            if json_label == label:
                maps = {key: positions.get(apps.get_model(target), {})
                        for key, target in keys.items()}
                converters[names.index(json_field)] = \
                    lambda v, m=maps: _json_links(v, {k: f.get for k, f in m.items()})
        if model is ImportRow:
            person_positions = positions.get(Person, {})
            undo_index = names.index("undo")
            converters[undo_index] = lambda v, p=person_positions: _undo_map(v, p.get)
        type_index = names.index("object_type") if generic else -1
        id_index = names.index("object_id") if generic else -1
        required_pointer = generic and not model._meta.get_field("object_id").null
        rows = []
        qs = _base_queryset(model, workspace).order_by("pk").values_list(*names)
        own = (_private_notes_left_out(names, viewer) if model is Interaction
               and viewer is not None else None)
        for values in qs.iterator(chunk_size=5000):
            if own is not None:
                values = own(values)
            row = [convert(v) for convert, v in zip(converters, values, strict=True)]
            if generic and row[id_index] is not None:
                target = by_name.get(row[type_index])
                row[id_index] = positions[target].get(row[id_index]) if target else None
                if row[id_index] is None and required_pointer:
                    # e.g. what an import created, after the import was undone: it points
                    # at nothing and cannot be restored.
                    continue
            rows.append(row)
        body["models"].append({"model": model._meta.label, "fields": [f.name for f in fields],
                               "rows": rows})
    return body


def _body_bytes(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def backup_write(workspace: Workspace, out: BinaryIO, *, viewer=None) -> dict[str, int]:
    """Write the workspace to ``out``; returns how many rows of each model it holds.
    ``viewer``: a member's own backup (backup_body); None: the full backup."""
    body = backup_body(workspace, viewer=viewer)
    data = _body_bytes(body)
    counts = {m["model"]: len(m["rows"]) for m in body["models"]}
    header = {"format": FORMAT, "version": VERSION, "created_at": timezone.now().isoformat(),
              "workspace": workspace.name, "counts": counts,
              "checksum": "sha256:" + hashlib.sha256(data).hexdigest()}
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as archive:
        archive.write(json.dumps(header, sort_keys=True).encode("utf-8") + b"\n")
        archive.write(data)
    return counts


def backup_to_path(workspace: Workspace, path: str | Path, *, viewer=None) -> dict[str, int]:
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as handle:
        counts = backup_write(workspace, handle, viewer=viewer)
    partial.replace(path)
    return counts


# Reading -----------------------------------------------------------------------------------
#
# A backup is untrusted input: its checksum is a plain SHA-256 that anyone can recompute, so
# a valid checksum proves only that the file was not damaged, never that it is ours. Every
# value is checked against its field, every link must point at a record of the backup, no
# server path and no secret is taken from it, and its size is checked while it is read.

_ONE_MB = 1024 * 1024
_DAMAGED = ("This backup file is damaged or incomplete (it may have been cut off while "
            "copying). Nothing was restored.")


def restore_max_bytes() -> int:
    """The largest backup (uncompressed) that a restore reads: BACKSTORY_RESTORE_MAX_MB."""
    return int(getattr(settings, "BACKSTORY_RESTORE_MAX_MB", 512)) * _ONE_MB


def backup_read(source: bytes | BinaryIO) -> tuple[dict, dict]:
    """(header, body) of a backup file; DomainError if it is damaged, changed or too big.

    The file is decompressed in steps and refused as soon as it grows past the limit, so
    that a small file that inflates to gigabytes never reaches memory."""
    limit = restore_max_bytes()
    handle = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    chunks: list[bytes] = []
    digest = hashlib.sha256()
    size = 0
    try:
        with gzip.GzipFile(fileobj=handle, mode="rb") as archive:
            head = archive.readline(_ONE_MB)
            while chunk := archive.read(min(_ONE_MB, limit + 1 - size)):
                size += len(chunk)
                if size > limit:
                    raise DomainError(
                        f"This backup is larger than {limit // _ONE_MB} MB once unpacked, the "
                        "most a restore reads (BACKSTORY_RESTORE_MAX_MB). Nothing was restored.")
                digest.update(chunk)
                chunks.append(chunk)
    except (OSError, EOFError, zlib.error):
        raise DomainError(_DAMAGED) from None
    try:
        header = json.loads(head) if head.endswith(b"\n") else None
    except (ValueError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise DomainError("This is not a Backstory backup file. Nothing was restored.")
    if header.get("version") != VERSION:
        raise DomainError(f"This backup has format version {header.get('version')!r}; this "
                          f"version of Backstory reads version {VERSION}. Nothing was restored.")
    expected = str(header.get("checksum", "")).removeprefix("sha256:")
    if digest.hexdigest() != expected:
        raise DomainError("This backup file does not match its checksum: it was changed or "
                          "damaged after it was written. Nothing was restored.")
    try:
        body = json.loads(b"".join(chunks))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise DomainError("This backup file is damaged: its body is not valid JSON. Nothing "
                          "was restored.") from None
    return header, body


class _Malformed(DomainError):
    def __init__(self, what: str):
        super().__init__(f"This backup file is malformed: {what}. Nothing was restored.")


def _sections(body: Any) -> dict[str, dict]:
    """The body's model sections, checked for shape: {label: {"fields": [...], "rows": [...]}}."""
    if not isinstance(body, dict):
        raise _Malformed("its body is not an object")
    if not isinstance(body.get("workspace", {}), dict):
        raise _Malformed("'workspace' is not an object")
    models_list = body.get("models", [])
    if not isinstance(models_list, list):
        raise _Malformed("'models' is not a list")
    sections: dict[str, dict] = {}
    for index, section in enumerate(models_list, start=1):
        if not isinstance(section, dict) or not isinstance(section.get("model"), str):
            raise _Malformed(f"section {index} of 'models' has no model name")
        label = section["model"]
        names, rows = section.get("fields"), section.get("rows")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise _Malformed(f"{label} has no list of field names")
        if len(set(names)) != len(names):
            raise _Malformed(f"{label} names a field twice")
        if not isinstance(rows, list):
            raise _Malformed(f"{label} has no list of rows")
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, list) or len(row) != len(names):
                raise _Malformed(f"{label} row {number} does not have one value for each of "
                                 f"its {len(names)} fields")
        if label in sections:
            raise _Malformed(f"{label} appears twice")
        sections[label] = {"fields": names, "rows": rows}
    return sections


def _not_empty(workspace: Workspace, ordered) -> str:
    """'' for an empty workspace, else what it holds in words."""
    found = {}
    for model in ordered:
        qs = _base_queryset(model, workspace)
        if model is Activity:
            qs = qs.exclude(action__in=CREATION_ACTIONS)
        found[model._meta.label] = qs.count()
    total = sum(found.values())
    return (summary_text(found) or f"{total:,} records") if total else ""


def _value(field: models.Field, value: Any) -> Any:
    """A plain value from the backup, converted and validated as its field requires."""
    if value is None:
        if not field.null:
            raise ValidationError("a value is required")
        return None
    if isinstance(field, models.BinaryField):
        if not isinstance(value, str):
            raise ValidationError("not base64 text")
        try:
            return base64.b64decode(value, validate=True)
        except (ValueError, binascii.Error):
            raise ValidationError("not base64 text") from None
    if isinstance(field, models.DateTimeField):
        if not isinstance(value, str):
            raise ValidationError("not a date and time")
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError("not a date and time") from None
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    if isinstance(field, models.JSONField):
        return value
    if isinstance(value, dict | list):
        raise ValidationError("a list or object where a single value belongs")
    if isinstance(field, models.BooleanField) and not isinstance(value, bool):
        raise ValidationError("not true or false")
    if isinstance(field, models.IntegerField | models.FloatField | models.DecimalField) \
            and isinstance(value, bool):
        raise ValidationError("not a number")
    if isinstance(field, models.CharField | models.TextField) and not isinstance(value, str):
        raise ValidationError("not text")
    # to_python, choices, blank, length and range (the validators of every integer field).
    return field.clean(value, None)


# What a body that does not have the shape a backup has makes the restore raise.
MALFORMED = (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError,
             ValidationError, IntegrityError, DataError)

def _position(value: Any, count: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < count:
        raise ValidationError("a link to a record the backup does not hold")
    return value


def _where(model, number: int, name: str) -> str:
    return f"{model._meta.label} row {number}, field '{name}'"


@dataclass
class RestoreResult:
    """How many records of each model came back, and what the restore had to change."""

    counts: dict[str, int]
    notes: list[str] = dataclass_field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def backup_restore(workspace: Workspace, *, by: Actor, data: bytes | BinaryIO) -> RestoreResult:
    """Fill an empty workspace with a backup, exactly; all or nothing."""
    try:
        _header, body = backup_read(data)
        sections = _sections(body)
        with transaction.atomic():
            return _restore(workspace, body, sections)
    except ValidationError as error:  # raised with the place attached, see _restore
        raise _Malformed("; ".join(error.messages)) from None
    except MALFORMED as error:
        # The checks above name the place; anything they did not foresee is still a
        # message, never a crash (the checksum proves only that the file is undamaged).
        detail = f"{type(error).__name__}: {error}"[:200]
        raise _Malformed(f"its content is not what a backup holds ({detail})") from None


def _restore(workspace: Workspace, body: dict, sections: dict[str, dict]) -> RestoreResult:
    ordered = backup_models()
    models_by_label = {m._meta.label: m for m in ordered}
    unknown = [label for label in sections
               if label not in models_by_label and label not in RETIRED]
    if unknown:
        raise DomainError("This backup holds records this version of Backstory does not know "
                          f"({', '.join(unknown)}). Nothing was restored.")
    busy = _not_empty(workspace, ordered)
    if busy:
        raise DomainError(f"The workspace '{workspace.name}' is not empty (it has "
                          f"{busy}). Restore into a new, empty workspace. "
                          "Nothing was restored.")
    _restore_workspace(workspace, body.get("workspace", {}))
    Activity.objects.filter(workspace=workspace).delete()
    restorer = _Restorer(workspace, ordered, sections)
    restorer.run()
    # Every stored derived value is recomputed, not trusted: a backup written before
    # one existed restores without it, and anyone can write a backup (the refreshes
    # write only what differs).
    derived_rebuild(workspace)
    # No audit entry of its own: the restored trail is the workspace's history, and a
    # backup of the restored workspace must equal the backup it came from.
    return RestoreResult(counts=restorer.counts, notes=restorer.notes())


def _restore_workspace(workspace: Workspace, info: dict) -> None:
    name, zone = info.get("name") or workspace.name, info.get("time_zone") or workspace.time_zone
    if not isinstance(name, str) or not isinstance(zone, str):
        raise _Malformed("the workspace's name or time zone is not text")
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise _Malformed(f"the time zone {zone[:60]!r} is not one we know") from None
    workspace.name = name.strip()[:Workspace._meta.get_field("name").max_length] or \
        workspace.name
    workspace.time_zone = zone
    workspace.save(update_fields=["name", "time_zone", "updated_at"])


class _Restorer:
    """The rows of a backup put into one workspace, model by model in dependency order."""

    def __init__(self, workspace: Workspace, ordered: list, sections: dict[str, dict]):
        self.workspace = workspace
        self.ordered = ordered
        self.sections = sections
        self.by_name = {m._meta.model_name: m for m in ordered}
        self.users = dict(get_user_model()._base_manager.values_list("username", "pk"))
        self.members = set(Membership.objects.filter(workspace=workspace).values_list(
            "user_id", flat=True))
        # Per model, the new primary key of each backup row (None: the row was left out).
        self.new_pks: dict[type, list[int | None]] = {}
        self.counts: dict[str, int] = {}
        self.deferred: list[tuple] = []
        self.unknown_authors: dict[str, int] = defaultdict(int)
        self.owners_cleared: dict[str, int] = defaultdict(int)
        self.left_out: dict[str, int] = defaultdict(int)
        self.new_feeds = 0

    def run(self) -> None:
        for model in self.ordered:
            self._model(model)
        self._links()
        self._json_data()
        self._undo_data()

    # One model ----------------------------------------------------------------------

    def _model(self, model) -> None:
        label = model._meta.label
        section = self.sections.get(label, {"fields": [], "rows": []})
        fields = {f.name: f for f in _fields(model)}
        names = section["fields"]
        missing = [n for n in names if n not in fields]
        if missing:
            raise DomainError(f"This backup's {label} has fields this version does not know "
                              f"({', '.join(missing)}). Nothing was restored.")
        generic = _generic_pointer(model)
        objects, rows, positions, later = [], [], [], defaultdict(list)
        for number, row in enumerate(section["rows"], start=1):
            mine: dict[str, list] = defaultdict(list)  # this row's links made after insert
            obj = self._row(model, fields, names, row, number, mine, len(objects))
            if generic and obj is not None:
                obj = self._pointer(model, obj, number, mine, len(objects))
            if obj is None:
                positions.append(None)
                self.left_out[label] += 1
                continue
            for name, links in mine.items():
                later[name] += links
            positions.append(len(objects))
            objects.append(obj)
            rows.append(row)
        _check_links(model, objects)
        try:
            model._base_manager.bulk_create(objects, batch_size=500)
        except (IntegrityError, DataError) as error:
            raise _Malformed(f"its {model._meta.verbose_name_plural} break a rule of the "
                             f"database ({str(error).splitlines()[0][:200]})") from None
        self.new_pks[model] = [None if p is None else objects[p].pk for p in positions]
        _restore_timestamps(model, objects, names, rows, fields)
        for name, links in later.items():
            self.deferred.append((model, objects, name, fields.get(name), links))
        self.counts[label] = len(objects)

    def _row(self, model, fields, names, row, number, later, index):
        obj = model(workspace=self.workspace) if _has_workspace(model) else model()
        label = model._meta.label
        kept: dict[str, str] = {}  # author names to keep, set after the row's own fields
        for name, value in zip(names, row, strict=True):
            field = fields[name]
            related = field.related_model if field.is_relation else None
            try:
                if (label, name) in NOT_CARRIED:
                    setattr(obj, field.attname, NOT_CARRIED[(label, name)])
                elif (label, name) in SECRETS:
                    # The backup says only whether there was one: a new one is made here.
                    fresh = secrets.token_urlsafe(32) if value else None
                    self.new_feeds += bool(fresh)
                    setattr(obj, field.attname, fresh)
                elif name == "object_id" and value is None and _generic_pointer(model):
                    setattr(obj, field.attname, None)  # a pointer at nothing: see _pointer
                elif related is None:
                    setattr(obj, field.attname, _value(field, value))
                    if (label, name) in JSON_SHAPES:
                        JSON_SHAPES[(label, name)](value)
                elif related is get_user_model() and (label, name) in MEMBERS_ONLY:
                    self._member(obj, field, value)
                elif related is get_user_model():
                    if not self._author(obj, field, value, kept):
                        return None
                elif value is None:
                    if not field.null:
                        raise ValidationError("a value is required")
                    setattr(obj, field.attname, None)
                elif related in self.new_pks and related is not model:
                    target = self.new_pks[related][_position(value, len(
                        self.new_pks[related]))]
                    if target is None and not field.null:
                        return None  # it points at a row that was left out
                    setattr(obj, field.attname, target)
                elif related in self.ordered:
                    _position(value, len(self.sections.get(related._meta.label, {}).get(
                        "rows", [])))
                    later[name].append((index, value))  # linked after insert
                    setattr(obj, field.attname, None)
                else:
                    setattr(obj, field.attname, None)
            except ValidationError as error:
                raise ValidationError(f"{_where(model, number, name)}: "
                                      f"{'; '.join(error.messages)}") from None
        for name, value in kept.items():
            setattr(obj, name, value)
        return obj

    def _author(self, obj, field, value, kept: dict[str, str]) -> bool:
        """Link a user by name; where the user is not here, keep the name in the model's
        ``<field>_name`` (Activity.actor_name) if it has one. False: leave the row out (a
        record that cannot exist without its user, such as a member's settings, when
        that user is not a member of this workspace)."""
        if value is not None and not isinstance(value, str):
            raise ValidationError("a user name that is not text")
        user_id = self.users.get(value) if value else None
        setattr(obj, field.attname, user_id)
        name_field = f"{field.name}_name"
        if not field.null and user_id not in self.members:
            # A member's own record (settings, digests) acts for that user: only for a
            # member of this workspace, never for any user a backup names.
            return False
        if user_id is None and value:
            self.unknown_authors[value] += 1
            if hasattr(obj, name_field):
                kept[name_field] = value[:150]
        return True

    def _member(self, obj, field, value) -> None:
        """Link a member of this workspace by name, or nobody (noted) when the backup
        names a user who is not one."""
        if value is not None and not isinstance(value, str):
            raise ValidationError("a user name that is not text")
        user_id = self.users.get(value) if value else None
        if value and user_id not in self.members:
            self.owners_cleared[value] += 1
            user_id = None
        setattr(obj, field.attname, user_id)

    def _pointer(self, model, obj, number, later, index):
        """A generic pointer (object_type, object_id) to a record of the backup."""
        nullable = model._meta.get_field("object_id").null
        if obj.object_id is None:
            # What a backup of an older version wrote for a record that an undone import
            # had created: it cannot come back, and nothing else needs it.
            return obj if nullable else None
        target = self.by_name.get(obj.object_type)
        if target is None:
            if not nullable:
                return None
            obj.object_id = None
            return obj
        try:
            if target in self.new_pks:
                new = self.new_pks[target][_position(obj.object_id, len(self.new_pks[target]))]
                if new is None and not nullable:
                    return None
                obj.object_id = new
            else:
                _position(obj.object_id, len(self.sections.get(target._meta.label, {}).get(
                    "rows", [])))
                later["object_id"].append((index, obj.object_id))
        except ValidationError as error:
            raise ValidationError(f"{_where(model, number, 'object_id')}: "
                                  f"{'; '.join(error.messages)}") from None
        return obj

    # After every model ----------------------------------------------------------------

    def _links(self) -> None:
        for model, objects, name, field, links in self.deferred:
            changed, dropped = [], []
            for index, value in links:
                obj = objects[index]
                if name == "object_id":
                    target = self.by_name.get(obj.object_type)
                    new = self.new_pks.get(target, [])[value] if target in self.new_pks \
                        else None
                    obj.object_id = new
                    if new is None and not model._meta.get_field("object_id").null:
                        dropped.append(obj.pk)
                        continue
                else:
                    setattr(obj, field.attname, self.new_pks[field.related_model][value])
                changed.append(obj)
            if dropped:
                model._base_manager.filter(pk__in=dropped).delete()
                self.counts[model._meta.label] -= len(dropped)
                self.left_out[model._meta.label] += len(dropped)
            attname = "object_id" if name == "object_id" else field.attname
            model._base_manager.bulk_update(changed, [attname], batch_size=500)

    def _json_data(self) -> None:
        for (label, name), keys in JSON_LINKS.items():
            model = apps.get_model(label)
            converters = {}
            for key, target in keys.items():
                new = self.new_pks.get(apps.get_model(target), [])
                converters[key] = lambda v, n=new: n[v] if isinstance(v, int) and not \
                    isinstance(v, bool) and 0 <= v < len(n) else None
            has_key = models.Q()
            for key in keys:
                has_key |= models.Q(**{f"{name}__has_key": key})
            changed = []
            for obj in model._base_manager.filter(workspace=self.workspace).filter(has_key):
                value = getattr(obj, name)
                mapped = _json_links(value, converters)
                if mapped != value:
                    setattr(obj, name, mapped)
                    changed.append(obj)
            model._base_manager.bulk_update(changed, [name], batch_size=500)

    def _undo_data(self) -> None:
        """Undo records carry person ids (a team's leader before and after): written as
        positions in the backup, they become this workspace's ids; anything else is
        dropped, and import_undo checks them again before it applies them."""
        people = self.new_pks.get(Person, [])
        changed = []
        for row in ImportRow.objects.filter(workspace=self.workspace).exclude(undo={}):
            undo = _undo_map(row.undo, lambda v: people[v] if isinstance(v, int)
                             and not isinstance(v, bool) and 0 <= v < len(people) else None)
            if undo != row.undo:
                row.undo = undo
                changed.append(row)
        ImportRow.objects.bulk_update(changed, ["undo"], batch_size=500)

    def notes(self) -> list[str]:
        notes = []
        if self.unknown_authors:
            names = ", ".join(sorted(self.unknown_authors)[:5])
            more = len(self.unknown_authors) - 5
            count = sum(self.unknown_authors.values())
            notes.append(
                f"{count} records were written by users who do not exist here ({names}"
                f"{f' and {more} more' if more > 0 else ''}): the history keeps their names, "
                "but the records are no longer linked to a user.")
        if self.owners_cleared:
            names = ", ".join(sorted(self.owners_cleared)[:5])
            more = len(self.owners_cleared) - 5
            count = sum(self.owners_cleared.values())
            notes.append(
                f"{count} {'person' if count == 1 else 'people'} had a relationship owner who "
                f"is not a member of this workspace ({names}"
                f"{f' and {more} more' if more > 0 else ''}): they have no owner now.")
        for label, count in sorted(self.left_out.items()):
            model = apps.get_model(label)
            if model is ImportObject:
                notes.append(f"{count} records of imports that point at records no longer "
                             "there (e.g. after an undo) were left out.")
            else:
                notes.append(f"{count} {model._meta.verbose_name_plural} were left out: they "
                             "belong to users who are not members of this workspace, or to "
                             "records the backup does not hold.")
        if self.new_feeds:
            notes.append(f"{self.new_feeds} calendar feeds have new addresses (a backup does "
                         "not carry them): subscribe again from Settings.")
        waiting = ImportBatch.objects.filter(
            workspace=self.workspace,
            status__in=[BatchStatus.PREVIEW, BatchStatus.MAPPING]).count()
        if waiting:
            notes.append(f"{waiting} imports were waiting for review: their uploaded files "
                         "are not in a backup, so upload those files again.")
        return notes


def _json_links(value: Any, converters: dict) -> Any:
    """A JSON object with the ids it holds under known keys passed through their
    converter (see JSON_LINKS); anything else as it is."""
    if not isinstance(value, dict) or not converters.keys() & value.keys():
        return value
    return {k: converters[k](v) if k in converters and v is not None else v
            for k, v in value.items()}


def _undo_map(undo: Any, convert) -> Any:
    """An undo record with the person ids it holds (a team's leader) passed through
    ``convert``; the rest as it is."""
    if not isinstance(undo, dict) or "team" not in undo:
        return undo
    out = dict(undo)
    for side in ("before", "after"):
        values = undo.get(side)
        if isinstance(values, dict) and values.get("leader") is not None:
            out[side] = {**values, "leader": convert(values["leader"])}
    return out


def _check_links(model, objects) -> None:
    """A backup is untrusted input: links are shown as live links, so they pass the same
    rule as the person and organisation forms (http and https only)."""
    for number, obj in enumerate(objects, start=1):
        if model is ContactPoint and obj.kind in ("url", "linkedin"):
            value, what = obj.value, "link"
        elif model is Organization and obj.website:
            value, what = obj.website, "website"
        else:
            continue
        problem = normalize.web_url_problem(value)
        if problem:
            raise DomainError(f"This backup's {model._meta.verbose_name} {number} has a "
                              f"{what} that cannot be kept: {problem}. Nothing was restored.")


def _restore_timestamps(model, objects, names, rows, fields) -> None:
    """bulk_create stamps auto_now fields with the current time; put the saved ones back."""
    auto = [n for n in names if getattr(fields[n], "auto_now", False)
            or getattr(fields[n], "auto_now_add", False)]
    if not auto or not objects:
        return
    positions = [names.index(n) for n in auto]
    for obj, row in zip(objects, rows, strict=True):
        for name, index in zip(auto, positions, strict=True):
            setattr(obj, fields[name].attname, _value(fields[name], row[index]))
    model._base_manager.bulk_update(objects, [fields[n].attname for n in auto], batch_size=500)
