"""Quick-log: one line of text. ``/quicklog/preview`` answers with what the web's preview
shows (the parsed parts, whom each name means, the candidates of an ambiguous name, a
repeat); ``/quicklog`` saves it, with the same choices (desk.preview, desk.services)."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Router, Status

from backstory.desk.preview import quicklog_preview
from backstory.desk.services import quicklog_commit
from backstory.interactions import selectors as interaction_selectors

from ..errors import ERRORS
from ..idempotency import IDEMPOTENCY_DOC, idempotent
from ..schemas import InSchema, Ref, Schema
from .actions import ActionItemOut
from .interactions import InteractionOut

router = Router(tags=["quick-log"])


class QuicklogIn(InSchema):
    """The line, and how its names are settled: ``choices`` maps a name's index to the
    person it means (one of its candidates); ``create`` lists the indices of names to add
    as new people."""

    line: str = Field(..., max_length=1000)
    choices: dict[int, int] = Field(default_factory=dict, max_length=50)
    create: list[int] = Field(default_factory=list, max_length=50)


class QuicklogSaveIn(QuicklogIn):
    allow_repeat: bool = Field(False, description="save it even though it looks like a "
                                                  "touch already logged")


class CandidateOut(Schema):
    id: int
    name: str
    title: str
    organization: str
    last_touch_at: datetime | None


class NameOut(Schema):
    index: int
    text: str = Field(..., description="the name as typed")
    status: str = Field(..., description="matched, ambiguous or unknown")
    person: Ref | None
    creating: bool
    candidates: list[CandidateOut]


class PartErrorOut(Schema):
    part: str
    message: str


class RepeatOut(Schema):
    what: str
    id: int
    message: str


class QuicklogPreviewOut(Schema):
    line: str
    ready: bool = Field(..., description="a save would go through as it is")
    intent: str
    kind: str | None
    kind_label: str
    occurred_at: datetime | None
    place: str
    notes: str
    tags: list[str]
    follow_up_on: date | None
    names: list[NameOut]
    errors: list[PartErrorOut]
    warnings: list[str]
    repeat: RepeatOut | None


class QuicklogResultOut(Schema):
    summary: str
    interaction: InteractionOut | None
    people: list[Ref]
    created: list[Ref]
    action_items: list[ActionItemOut]
    tip_id: int | None
    introduction_id: int | None


def _settled(data: QuicklogIn) -> tuple[dict[int, int], set[int]]:
    choices = {i: p for i, p in data.choices.items() if 0 <= i < 100 and 1 <= p <= 2**63 - 1}
    return choices, {i for i in data.create if 0 <= i < 100}


@router.post("/quicklog/preview", response={200: QuicklogPreviewOut, **ERRORS},
             summary="Preview a quick-log line (nothing is saved)")
def quicklog_preview_line(request, data: QuicklogIn):
    choices, create = _settled(data)
    preview = quicklog_preview(request.workspace, data.line, now=timezone.now(),
                               choices=choices, create=create)
    parsed = preview.parsed
    names = []
    for row in preview.rows():
        match = row.match
        person = ({"id": match.person_id, "name": match.person_name}
                  if match.status == "matched" and match.person_id else None)
        names.append({
            "index": row.index, "text": match.text, "status": match.status, "person": person,
            "creating": row.creating,
            "candidates": [{"id": c.pk, "name": c.name, "title": c.title,
                            "organization": c.organization, "last_touch_at": c.last_touch_at}
                           for c in row.options]})
    repeat = preview.repeat
    return {
        "line": data.line, "ready": preview.ready, "intent": parsed.intent,
        "kind": parsed.kind, "kind_label": preview.kind_label,
        "occurred_at": parsed.occurred_at, "place": parsed.place, "notes": parsed.notes,
        "tags": parsed.tags,
        "follow_up_on": parsed.follow_up.due_on if parsed.follow_up else None,
        "names": names,
        "errors": [{"part": e.part, "message": e.message} for e in parsed.errors],
        "warnings": list(parsed.warnings),
        "repeat": ({"what": repeat.what, "id": repeat.pk, "message": repeat.message()}
                   if repeat else None),
    }


class _Result:
    """A saved quick-log line as QuicklogResultOut reads it."""

    def __init__(self, request, result):
        self.summary = result.summary()
        self.interaction = (interaction_selectors.interaction_get(
            request.workspace, result.interaction.pk) if result.interaction else None)
        self.people = result.people
        self.created = result.created
        self.action_items = result.action_items
        self.tip_id = result.tip.pk if result.tip is not None else None
        self.introduction_id = (result.introduction.pk if result.introduction is not None
                                else None)


@router.post("/quicklog", response={201: QuicklogResultOut, **ERRORS},
             summary="Save a quick-log line", openapi_extra=IDEMPOTENCY_DOC)
@idempotent(QuicklogResultOut)
def quicklog_save(request, data: QuicklogSaveIn):
    """Saves the line only if it is understood and every name is settled; otherwise 400,
    with what to settle (``field_errors.people``) or the repeat (``field_errors.repeat``)."""
    choices, create = _settled(data)
    result = quicklog_commit(request.workspace, by=request.user, line=data.line,
                             now=timezone.now(), choices=choices, create=create,
                             allow_repeat=data.allow_repeat)
    return Status(201, _Result(request, result))
