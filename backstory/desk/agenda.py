"""Today's agenda: whom to reach out to, the action items, the first meetings to book, the
people to widen the circle with, the weekly habit, and the tips, pitches and introductions
that need a move — one read for the Today page, `backstory today` and the digest, in a fixed
number of queries whatever the size of the workspace.

It combines the follow-ups, stories and intros apps, so it sits above all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from backstory.followups.selectors import (
    FirstMeeting,
    Habit,
    ReachOut,
    Suggestion,
    action_items_for_today,
    cadence_defaults,
    first_meetings,
    habit,
    prefs_get,
    reach_out_list,
    widen_suggestions,
)
from backstory.interactions.models import ActionItem
from backstory.intros.selectors import IntroRequests, intro_requests_for_today, today_outcomes
from backstory.people.selectors import do_not_contact_marks
from backstory.stories.selectors import today_moves
from backstory.workspaces.models import Workspace

MOVES_LIMIT = 12


@dataclass
class Agenda:
    today: date
    reach_out: list[ReachOut]
    reach_out_total: int
    action_items: list[ActionItem]
    first_meetings: list[FirstMeeting]
    widen: list[Suggestion]
    habit: Habit
    # Tips, pitches and introductions that need a move (stories.selectors.TodayRow).
    moves: list = field(default_factory=list)
    # Room for sections that later work adds (tips, pitches…) without a new shape.
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.reach_out or self.action_items or self.first_meetings)



def today_agenda(workspace: Workspace, *, user, today: date, now: datetime) -> Agenda:
    """Everything Today shows, in a fixed number of queries."""
    defaults = cadence_defaults(workspace)
    prefs = prefs_get(workspace, user)
    reach_out, total = reach_out_list(workspace, today=today, defaults=defaults, user=user)
    moves = story_moves(workspace, today=today)
    # A pitch follow-up is both an action item and a move: show it once, as the move.
    shown = {row.action_item_id for row in moves if row.action_item_id}
    meetings = first_meetings(workspace, today=today, now=now, user=user)
    widen = widen_suggestions(workspace, today=today, now=now)
    items = [i for i in action_items_for_today(workspace, today=today) if i.pk not in shown]
    # Nobody marked do not contact is suggested, and an action item about them shows the
    # mark (one query, whatever the lists hold).
    barred = do_not_contact_marks(workspace, [
        x.person.pk for x in (*reach_out, *meetings, *widen, *items) if x.person is not None])
    for item in items:
        if item.person is not None:
            item.person.do_not_contact_at, item.person.do_not_contact_reason = \
                barred.get(item.person.pk, (None, ""))
    return Agenda(
        today=today,
        reach_out=[r for r in reach_out if r.person.pk not in barred],
        reach_out_total=total - sum(1 for r in reach_out if r.person.pk in barred),
        moves=moves,
        action_items=items,
        first_meetings=[m for m in meetings if m.person.pk not in barred],
        widen=[w for w in widen if w.person is None or w.person.pk not in barred],
        habit=habit(workspace, user=user, today=today, now=now, prefs=prefs),
        extra={"intro_requests": intro_requests(workspace, user=user, now=now)},
    )


def intro_requests(workspace: Workspace, *, user, now: datetime) -> IntroRequests:
    """Teammates' requests for an introduction that wait for this member's answer, and
    the answers to their own requests of the last two weeks (two queries)."""
    return intro_requests_for_today(workspace, user=user, now=now)


def story_moves(workspace: Workspace, *, today: date, limit: int = MOVES_LIMIT) -> list:
    """Tips, pitches and introductions that need a move today, soonest first, each with
    its reason (the stories and intros apps say what needs a move)."""
    rows = (today_moves(workspace, today=today, limit=limit)
            + today_outcomes(workspace, today=today, limit=limit))
    rows.sort(key=lambda row: (row.due_on or today, row.kind, row.title))
    return rows[:limit]
