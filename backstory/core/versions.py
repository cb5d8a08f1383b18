"""Lost updates: a change is made against the version of the record it was read from.

An edit form carries the version of the record as it was loaded (a hidden field; the
API can send the same string as an ETag and read it back from If-Match). The service
compares it with the record as stored, inside its transaction with the row locked, and
refuses the save when someone else changed the record meanwhile, naming what changed.

A version is a short digest of each editable value, in the order of their names: two
versions compared field by field say which fields differ, without keeping old copies.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping

from .errors import DomainError

_PREFIX = "v1."
_DIGEST = 4  # bytes per field: a chance in four billion that a change goes unseen


def _digest(value) -> bytes:
    text = json.dumps(value, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=_DIGEST).digest()


def version_of(values: Mapping[str, object]) -> str:
    """The version of a record whose editable values are ``values``."""
    raw = b"".join(_digest(values[name]) for name in sorted(values))
    return _PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def fields_changed(values: Mapping[str, object], version: str) -> list[str]:
    """The names whose value is not what it was in ``version`` (all of them when the
    version cannot be read, e.g. written before a field was added)."""
    names = sorted(values)
    try:
        if not version.startswith(_PREFIX):
            raise ValueError(version)
        body = version[len(_PREFIX):]
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (ValueError, TypeError):
        return names
    if len(raw) != _DIGEST * len(names):
        return names
    return [name for i, name in enumerate(names)
            if raw[i * _DIGEST:(i + 1) * _DIGEST] != _digest(values[name])]


def _message(what: str, named: str) -> str:
    return (f"Someone else saved {what} after you opened it ({named} changed). "
            "Nothing was saved: your version is kept below — check the fields marked "
            "and save again to keep yours.")


def _as_named(label: str) -> str:
    """A form label as it reads inside a sentence ("Job title" → "job title", but
    "LinkedIn and other links" as it is)."""
    word = label.split()[0] if label.split() else label
    return label[:1].lower() + label[1:] if word[1:] == word[1:].lower() else label


class VersionConflict(DomainError):
    """The record changed since the version the change was made against."""

    def __init__(self, message: str, *, changed: list[str], current: str,
                 field_errors: dict[str, list[str]], what: str = "",
                 labels: Mapping[str, str] | None = None):
        super().__init__(message, field_errors=field_errors)
        self.changed = changed
        self.current = current
        self.what = what
        self.labels = dict(labels or {})

    def for_form(self, form) -> DomainError:
        """The refusal in the words of ``form`` (its labels name the changed fields),
        and the form made to save, next time, against the version now stored."""
        if "version" in form.fields:
            form.data = form.data.copy()
            form.data["version"] = self.current
        if not self.what or not any(name in form.fields for name in self.changed):
            return self
        named = ", ".join(dict.fromkeys(
            self.labels.get(n) or (_as_named(str(form[n].label)) if n in form.fields
                                   else n.replace("_", " "))
            for n in self.changed))
        message = _message(self.what, named)
        return VersionConflict(message, changed=self.changed, current=self.current,
                               field_errors={**self.field_errors, "__all__": [message]},
                               what=self.what, labels=self.labels)


def _shown(value) -> str:
    if value in (None, "", [], ()):
        return "empty"
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    return f"“{text[:77]}…”" if len(text) > 80 else f"“{text}”"


def version_check(values: Mapping[str, object], *, expected: str | None, what: str,
                  labels: Mapping[str, str] | None = None) -> None:
    """Refuse a change made against ``expected`` when the record, whose current editable
    values are ``values``, has changed since. ``None`` means the caller sent no version
    (an older client): nothing to compare. Call it with the row locked
    (``select_for_update``) in the transaction that writes the change."""
    if expected is None or version_of(values) == expected:
        return
    changed = fields_changed(values, expected)
    labels = labels or {}
    named = ", ".join(labels.get(n, n.replace("_", " ")) for n in changed)
    message = _message(what, named)
    errors = {"__all__": [message]}
    for name in changed:
        errors[name] = [f"Changed meanwhile; it is now {_shown(values[name])}."]
    raise VersionConflict(message, changed=changed, current=version_of(values),
                          field_errors=errors, what=what, labels=labels)


class Versioned:
    """The version rule for one kind of record, for the services and forms that edit it.

    ``fields`` are the names (as the form names them) of what the edit form changes;
    ``sources`` maps a name to the attribute of the record that holds it when they
    differ (``{"people": "participants"}``). A relation counts by what it points at
    (a foreign key as the record's name, a many-to-many as the sorted names). A refusal
    names a field by its label in ``labels``, else by the form's label for it.
    """

    def __init__(self, *fields: str, sources: Mapping[str, str] | None = None,
                 labels: Mapping[str, str] | None = None, what=str):
        self.fields = fields
        self.sources = dict(sources or {})
        self.labels = dict(labels or {})
        self.what = what

    def values(self, record) -> dict[str, object]:
        values = {}
        for name in self.fields:
            attr = self.sources.get(name, name)
            value = getattr(record, attr)
            if hasattr(value, "all") and callable(value.all):  # a many-to-many
                value = sorted(str(v) for v in value.all())
            elif hasattr(value, "_meta"):  # a foreign key
                value = str(value)
            values[name] = value
        return values

    def of(self, record) -> str:
        """The version an edit form of ``record`` carries."""
        return version_of(self.values(record))

    def lock(self, record, expected: str | None) -> None:
        """Lock the row of ``record`` and re-read it (so that what the edit does not
        change is kept as stored), then refuse the edit when it was made against an
        older version than what is stored. Call it first, inside the transaction."""
        model = type(record)
        record.refresh_from_db(from_queryset=model._base_manager.select_for_update())
        self.check(record, expected)

    def check(self, record, expected: str | None) -> None:
        """``lock`` for a record its caller has just read under a row lock."""
        version_check(self.values(record), expected=expected, what=self.what(record),
                      labels=self.labels)
