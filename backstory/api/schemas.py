"""Schema pieces every router shares: the base of every request body and query, the
reference to another record, ids in paths."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from ninja import Path, Schema
from pydantic import field_validator

from backstory.core.http import MAX_ID

# A record's id in a path: a whole number a database column can hold (anything else is
# a 422, never a database error).
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
# Dates and times outside these years are no one's touch or birthday, and would overflow
# the date arithmetic of follow-up windows.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200


def _check(value):
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("Null characters are not allowed.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("Not valid text (a lone surrogate).") from None
    elif isinstance(value, (date, datetime)):
        if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValueError(f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}.")
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            _check(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key)
            _check(item)
    return value


class InSchema(Schema):
    """The base of every request body and query schema: text without null characters or
    broken characters, dates in a sane range — what a form would refuse too."""

    @field_validator("*", mode="after")
    @classmethod
    def _sane(cls, value):
        return _check(value)


class Ref(Schema):
    """Another record, by id and name."""

    id: int
    name: str
