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


class VersionConflict(DomainError):
    """The record changed since the version the change was made against."""

    def __init__(self, message: str, *, changed: list[str], current: str,
                 field_errors: dict[str, list[str]]):
        super().__init__(message, field_errors=field_errors)
        self.changed = changed
        self.current = current


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
    message = (f"Someone else saved {what} after you opened it ({named} changed). "
               "Nothing was saved: your version is kept below — check the fields marked "
               "and save again to keep yours.")
    errors = {"__all__": [message]}
    for name in changed:
        errors[name] = [f"Changed meanwhile; it is now {_shown(values[name])}."]
    raise VersionConflict(message, changed=changed, current=version_of(values),
                          field_errors=errors)
