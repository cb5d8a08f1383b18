"""Follow-ups: my Today agenda (desk.agenda.today_agenda, the same read as the Today page,
`backstory today` and the digest) and snoozing a person's follow-up."""

from datetime import date

from django.utils import timezone
from ninja import Field, Router

from backstory.desk.agenda import today_agenda
from backstory.followups import services
from backstory.followups.selectors import person_followup
from backstory.people import selectors as people_selectors
from backstory.workspaces.clock import workspace_today

from ..errors import ERRORS
from ..schemas import PathId, Ref, Schema
from .actions import ActionItemOut, SnoozeIn

router = Router(tags=["follow-ups"])


class ReachOutOut(Schema):
    person: Ref
    state: str
    days: int | None
    reason: str
    last_kind: str | None


class FirstMeetingOut(Schema):
    person: Ref
    interaction_id: int
    kind: str
    met_on: date
    due_on: date


class SuggestionOut(Schema):
    kind: str
    title: str
    reason: str
    person: Ref | None = None
    team: Ref | None = None


class MoveOut(Schema):
    """A tip, pitch or introduction that needs a move today."""

    kind: str
    title: str
    reason: str
    url: str = Field(..., description="its page in the web app")
    person_id: int | None = None
    person_name: str = ""
    due_on: date | None = None


class HabitOut(Schema):
    streak: int
    touched_today: bool
    week_count: int
    weekly_goal: int


class TodayOut(Schema):
    today: date
    reach_out: list[ReachOutOut]
    reach_out_total: int
    action_items: list[ActionItemOut]
    first_meetings: list[FirstMeetingOut]
    widen: list[SuggestionOut]
    moves: list[MoveOut]
    habit: HabitOut


class FollowupOut(Schema):
    person: Ref
    state: str
    snoozed_until: date | None
    due_on: date | None
    reason: str


@router.get("/today", response={200: TodayOut, **ERRORS}, summary="My Today agenda")
def today(request):
    """Whom to reach out to, the action items due, first meetings, people to widen the
    circle with, the moves of tips, pitches and introductions, and the weekly habit."""
    workspace = request.workspace
    return today_agenda(workspace, user=request.user, today=workspace_today(workspace),
                        now=timezone.now())


def _followup(request, person) -> dict:
    info = person_followup(request.workspace, person.pk,
                           today=workspace_today(request.workspace), user=request.user)
    return {"person": person, "state": info.state, "snoozed_until": info.snoozed_until,
            "due_on": info.due_on, "reason": info.reason}


@router.get("/people/{person_id}/followup", response={200: FollowupOut, **ERRORS},
            summary="A person's follow-up state")
def person_followup_detail(request, person_id: PathId):
    person = people_selectors.person_get(request.workspace, person_id)
    return _followup(request, person)


@router.post("/people/{person_id}/snooze", response={200: FollowupOut, **ERRORS},
             summary="Snooze a person's follow-up until a day (null wakes it)")
def person_snooze(request, person_id: PathId, data: SnoozeIn):
    workspace = request.workspace
    person = people_selectors.person_get(workspace, person_id)
    services.followup_snooze(workspace, by=request.user, person=person, until=data.until,
                             today=workspace_today(workspace))
    return _followup(request, person)
