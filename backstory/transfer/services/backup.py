"""Backup and restore of a whole workspace, generic over every model with a workspace.

A backup holds every row of every model that has a ``workspace`` foreign key (and the
many-to-many tables between them), so records of apps added later are carried without
changing this code. Rows are written in a stable order (models by dependency, then by
label; rows by primary key) and refer to each other by their position in that order,
never by database id — so a restore gets new ids, and backup → restore → backup gives
the same content. Users are referred to by user name. Memberships (who may open the
workspace) are not part of a backup: access belongs to the installation.

File: gzip of one header line (format, version, counts, SHA-256 of the body) and the
JSON body. A truncated or changed file is refused before anything is written; a restore
goes into an empty workspace, in one transaction.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import zlib
from collections import defaultdict
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from uuid import UUID

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils import timezone

from backstory.core.errors import DomainError
from backstory.intros.terms import match_terms_refresh
from backstory.people.names import names_refresh
from backstory.workspaces.models import Activity, Membership, Workspace

FORMAT = "backstory-backup"
VERSION = 1
EXCLUDED = {Membership}
# Audit entries a brand-new workspace already has; a restore replaces them.
CREATION_ACTIONS = {"workspace.created", "member.added", "member.role_changed"}


# Which models, in which order ------------------------------------------------------------


def _has_workspace(model) -> bool:
    field = next((f for f in model._meta.concrete_fields if f.name == "workspace"), None)
    return field is not None and field.is_relation and field.related_model is Workspace


def backup_models() -> list[type[models.Model]]:
    """Every model with a workspace, plus the M2M tables between them, in a stable
    dependency order (a model comes after the models its required links point at)."""
    included = [m for m in apps.get_models() if _has_workspace(m) and m not in EXCLUDED
                and not m._meta.proxy]
    for model in list(included):
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created and field.related_model in included:
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


def backup_body(workspace: Workspace) -> dict:
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
        type_index = names.index("object_type") if generic else -1
        id_index = names.index("object_id") if generic else -1
        rows = []
        qs = _base_queryset(model, workspace).order_by("pk").values_list(*names)
        for values in qs.iterator(chunk_size=5000):
            row = [convert(v) for convert, v in zip(converters, values, strict=True)]
            if generic and row[id_index] is not None:
                target = by_name.get(row[type_index])
                row[id_index] = positions[target].get(row[id_index]) if target else None
            rows.append(row)
        body["models"].append({"model": model._meta.label, "fields": [f.name for f in fields],
                               "rows": rows})
    return body


def _body_bytes(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def backup_write(workspace: Workspace, out: BinaryIO) -> dict[str, int]:
    """Write the workspace to ``out``; returns how many rows of each model it holds."""
    body = backup_body(workspace)
    data = _body_bytes(body)
    counts = {m["model"]: len(m["rows"]) for m in body["models"]}
    header = {"format": FORMAT, "version": VERSION, "created_at": timezone.now().isoformat(),
              "workspace": workspace.name, "counts": counts,
              "checksum": "sha256:" + hashlib.sha256(data).hexdigest()}
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as archive:
        archive.write(json.dumps(header, sort_keys=True).encode("utf-8") + b"\n")
        archive.write(data)
    return counts


def backup_to_path(workspace: Workspace, path: str | Path) -> dict[str, int]:
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as handle:
        counts = backup_write(workspace, handle)
    partial.replace(path)
    return counts


# Reading -----------------------------------------------------------------------------------


def backup_read(data: bytes) -> tuple[dict, dict]:
    """(header, body) of a backup file; DomainError if it is damaged or changed."""
    try:
        raw = gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        raise DomainError("This backup file is damaged or incomplete (it may have been cut "
                          "off while copying). Nothing was restored.") from None
    head, sep, payload = raw.partition(b"\n")
    try:
        header = json.loads(head)
    except (ValueError, UnicodeDecodeError):
        header = None
    if not sep or not isinstance(header, dict) or header.get("format") != FORMAT:
        raise DomainError("This is not a Backstory backup file. Nothing was restored.")
    if header.get("version") != VERSION:
        raise DomainError(f"This backup has format version {header.get('version')}; this "
                          f"version of Backstory reads version {VERSION}. Nothing was restored.")
    expected = str(header.get("checksum", "")).removeprefix("sha256:")
    if hashlib.sha256(payload).hexdigest() != expected:
        raise DomainError("This backup file does not match its checksum: it was changed or "
                          "damaged after it was written. Nothing was restored.")
    try:
        body = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise DomainError("This backup file is damaged. Nothing was restored.") from None
    return header, body


def _not_empty(workspace: Workspace, ordered) -> list[str]:
    found = []
    for model in ordered:
        qs = _base_queryset(model, workspace)
        if model is Activity:
            qs = qs.exclude(action__in=CREATION_ACTIONS)
        count = qs.count()
        if count:
            found.append(f"{count} {model._meta.verbose_name_plural}")
    return found


def _value(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return value
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value)
    if isinstance(field, models.DateTimeField):
        parsed = datetime.fromisoformat(value)
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    return field.to_python(value)


# What a body that does not have the shape a backup has makes the restore raise.
MALFORMED = (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError,
             ValidationError, IntegrityError, DataError)


def backup_restore(workspace: Workspace, *, by, data: bytes) -> dict[str, int]:
    """Fill an empty workspace with a backup, exactly; all or nothing.

    The checksum proves only that the file was not damaged by accident (anyone can
    compute one), so a body of the wrong shape is refused with a message, never a crash.
    """
    try:
        return _restore(workspace, by=by, data=data)
    except MALFORMED as error:
        detail = f"{type(error).__name__}: {error}"[:200]
        raise DomainError(f"This backup file is damaged: its content is not what a backup "
                          f"holds ({detail}). Nothing was restored.") from None


@transaction.atomic
def _restore(workspace: Workspace, *, by, data: bytes) -> dict[str, int]:
    header, body = backup_read(data)
    ordered = backup_models()
    models_by_label = {m._meta.label: m for m in ordered}
    busy = _not_empty(workspace, ordered)
    if busy:
        raise DomainError(f"The workspace '{workspace.name}' is not empty (it has "
                          f"{', '.join(busy)}). Restore into a new, empty workspace. "
                          "Nothing was restored.")
    unknown = [m["model"] for m in body.get("models", []) if m["model"] not in models_by_label]
    if unknown:
        raise DomainError("This backup holds records this version of Backstory does not know "
                          f"({', '.join(unknown)}). Nothing was restored.")
    Activity.objects.filter(workspace=workspace).delete()
    info = body.get("workspace", {})
    workspace.name = info.get("name") or workspace.name
    workspace.time_zone = info.get("time_zone") or workspace.time_zone
    workspace.save(update_fields=["name", "time_zone", "updated_at"])
    users = dict(get_user_model()._base_manager.values_list("username", "pk"))
    by_name = {m._meta.model_name: m for m in ordered}
    new_pks: dict[type, list[int]] = {}
    deferred: list[tuple[type, list, str, type, list]] = []
    counts: dict[str, int] = {}
    sections = {m["model"]: m for m in body.get("models", [])}
    for model in ordered:
        section = sections.get(model._meta.label, {"fields": [], "rows": []})
        fields = {f.name: f for f in _fields(model)}
        names = section["fields"]
        missing = [n for n in names if n not in fields]
        if missing:
            raise DomainError(f"This backup's {model._meta.label} has fields this version "
                              f"does not know ({', '.join(missing)}). Nothing was restored.")
        generic = _generic_pointer(model)
        objects, later = [], defaultdict(list)
        for row in section["rows"]:
            obj = model(workspace=workspace) if _has_workspace(model) else model()
            for name, value in zip(names, row, strict=True):
                field = fields[name]
                related = field.related_model if field.is_relation else None
                if related is None:
                    setattr(obj, field.attname, _value(field, value))
                elif related in new_pks and related is not model:
                    setattr(obj, field.attname, None if value is None else new_pks[related][value])
                elif related is get_user_model():
                    setattr(obj, field.attname, users.get(value))
                elif value is not None and related in models_by_label.values():
                    later[name].append((len(objects), value))  # linked after insert
                    setattr(obj, field.attname, None)
                else:
                    setattr(obj, field.attname, None)
            if generic and obj.object_id is not None:
                target = by_name.get(obj.object_type)
                if target is not None and target in new_pks:
                    obj.object_id = new_pks[target][obj.object_id]
                else:
                    later["object_id"].append((len(objects), obj.object_id))
            objects.append(obj)
        model._base_manager.bulk_create(objects, batch_size=500)
        new_pks[model] = [o.pk for o in objects]
        _restore_timestamps(model, objects, names, section["rows"], fields)
        for name, links in later.items():
            deferred.append((model, objects, name, fields.get(name), links))
        counts[model._meta.label] = len(objects)
    for model, objects, name, field, links in deferred:
        changed = []
        for index, value in links:
            obj = objects[index]
            if name == "object_id":
                target = by_name.get(obj.object_type)
                obj.object_id = new_pks[target][value] if target in new_pks else None
                changed.append(obj)
            else:
                setattr(obj, field.attname, new_pks[field.related_model][value])
                changed.append(obj)
        attname = "object_id" if name == "object_id" else field.attname
        model._base_manager.bulk_update(changed, [attname], batch_size=500)
    # A backup written before the stored name keys and match terms existed restores
    # without them (both refreshes write only what differs).
    names_refresh(workspace)
    match_terms_refresh(workspace)
    # No audit entry of its own: the restored trail is the workspace's history, and a
    # backup of the restored workspace must equal the backup it came from.
    return counts


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
