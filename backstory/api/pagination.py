"""Cursor pagination for every list: ``?limit=`` (1–200, 50 by default) and the opaque
``next_cursor`` of the page before (``?cursor=``); the last page has none. No list counts
its rows: a page reads ``limit + 1`` rows to know whether another follows, so a page
costs the same whatever the size of the workspace.

A cursor is opaque to callers: today it holds the position in the list's order; send it
back unchanged with the same filters.
"""

from __future__ import annotations

import base64
import json

from ninja import Field, Schema
from pydantic import create_model

from .errors import ApiError

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 10**9


class PageParams(Schema):
    """The paging parameters of every list (``params: PageParams = Query(...)``)."""

    cursor: str | None = Field(None, max_length=200,
                               description="next_cursor of the page before; none for the first")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="rows per page")


def page_of(item: type[Schema], name: str | None = None) -> type[Schema]:
    """The page schema of a list of ``item``: ``{"items": [...], "next_cursor": …}``."""
    model_name = name or item.__name__.removesuffix("Out") + "Page"
    return create_model(model_name, __base__=Schema,
                        items=(list[item], ...), next_cursor=(str | None, None))


def _encode(offset: int) -> str:
    raw = json.dumps({"o": offset}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        offset = json.loads(raw)["o"]
    except (ValueError, TypeError, KeyError):
        offset = None
    if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET:
        raise ApiError(400, "That cursor is not one this API gave: send next_cursor as it "
                            "came, or leave it out for the first page.",
                       field_errors={"cursor": ["Not a cursor of this list."]})
    return offset


def paginate(rows, params: PageParams, *, read=None) -> dict:
    """A page of ``rows`` (a queryset in the list's order, or a list). ``read(rows)``,
    when given, turns the page's rows into what the page shows (e.g. to add counts)."""
    start = _decode(params.cursor)
    found = list(rows[start:start + params.limit + 1])
    more = len(found) > params.limit
    found = found[:params.limit]
    return {"items": read(found) if read else found,
            "next_cursor": _encode(start + params.limit) if more else None}
