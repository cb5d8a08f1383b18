"""What a write of an interaction says (``InteractionFields``): the one list of its
fields, shared by the web form, the quick-log, the services and every importer (an
import's ``InteractionRecord`` is an ``InteractionFields`` plus how the file names its
people). No model is imported here, so that file readers can build it without the
database.

Adding a field to Interaction: the model (and its migration), this dataclass, the form
and the formats that read or write it — the services store every field of this list
that is a column of Interaction (``stored_values``), one by one or in bulk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backstory.people.models import Person

# Not columns of Interaction: who was there (participations), the tags (a link table) and
# the teammates who were there (a link table).
LINKS = ("people", "tags", "members")


@dataclass
class InteractionFields:
    kind: str
    occurred_at: datetime
    # The people who were there: Person objects (the bulk form also takes their ids).
    people: Sequence[Person | int]
    place: str = ""
    duration_minutes: int | None = None
    summary: str = ""
    notes: str = ""
    # The notes are the author's alone (selectors.visible_notes); only the author sets it.
    notes_private: bool = False
    value: str = ""
    tags: list[str] = field(default_factory=list)
    # Teammates who took part besides the author (members of the workspace); None leaves
    # them as they are (a form that does not show them: a workspace of one member).
    members: Sequence | None = None


COLUMNS = tuple(f.name for f in fields(InteractionFields) if f.name not in LINKS)


def stored_values(data: InteractionFields) -> dict[str, Any]:
    """The columns of Interaction as this write sets them (text without the spaces
    around it; no value is "")."""
    values = {name: getattr(data, name) for name in COLUMNS}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    values["value"] = values.get("value") or ""
    return values
