"""ETag / If-Match: the version of a record (``backstory.core.versions``, the one the edit
forms carry) is its ETag; a write sent with ``If-Match`` is made against that version, and
the service refuses it (412, naming what changed) when the record changed meanwhile.
Without If-Match a write is made against whatever is stored, as an older client's."""

from __future__ import annotations

from .errors import ApiError

IF_MATCH_DOC = {"parameters": [{
    "in": "header", "name": "If-Match", "required": False,
    "schema": {"type": "string", "maxLength": 200},
    "description": "The ETag of the record as you read it: a change made meanwhile by "
                   "someone else is not overwritten (412, naming what changed).",
}]}


def quoted(version: str) -> str:
    return f'"{version}"'


def set_etag(response, version: str) -> None:
    """Give the answer the record's version (``response`` is the operation's
    ``response: HttpResponse`` parameter)."""
    response["ETag"] = quoted(version)


def if_match(request) -> str | None:
    """The version the caller's write was made against, or None when they sent none."""
    value = request.headers.get("If-Match", "").strip()
    if not value or value == "*":
        return None
    if "," in value:
        raise ApiError(400, "Send one ETag in If-Match: the one the record was read with.",
                       field_errors={"If-Match": ["One ETag only."]})
    value = value.removeprefix("W/").strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value[:200]
