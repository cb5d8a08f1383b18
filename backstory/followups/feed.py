"""The private calendar feed (RFC 5545): due follow-ups and open action items.

Calendar apps poll it, so reminders reach the user with no scheduler at all. The people
are the member's own (their relationships, ``followups.Relationship``). A person who
is due or overdue appears today (the feed is rebuilt on every fetch, so the event moves
with the days until the user gets in touch); a fresh one appears on the day their window
opens, if that is within the next 90 days; a snoozed one on the day the snooze ends.
Open action items appear on their due day (overdue ones today).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Case, Q, Value
from icalendar import Calendar, Event, vText

from backstory.interactions.models import ActionItem
from backstory.workspaces.models import Workspace

from . import selectors
from .cadence import (
    State,
    dated_state_case,
    dated_state_q,
    days_since,
    member_window,
    reach_out_q,
    workspace_tz,
)
from .sentences import reason_text

HORIZON_DAYS = 90
MAX_EVENTS = 1000


def _event(*, uid: str, day: date, summary: str, description: str, url: str,
           category: str, now: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("categories", [category])
    event.add("transp", "TRANSPARENT")
    return event


def build_feed(workspace: Workspace, *, user, now: datetime) -> bytes:
    today = selectors.local_today(workspace, now)
    site = settings.SITE_URL
    cal = Calendar()
    cal.add("prodid", "-//Backstory//Follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(f"Backstory · {workspace.name}"))
    cal.add("x-wr-timezone", vText(workspace.time_zone))
    cal.add("x-published-ttl", vText("PT1H"))

    horizon = today + timedelta(days=HORIZON_DAYS)
    defaults = selectors.cadence_defaults(workspace)
    tz = workspace_tz(workspace)
    # The member's own relationships, read from their stored window dates by cadence's
    # expressions: no state computed for everyone.
    rows = (
        selectors.due_relationships(workspace, user.pk)
        .filter(reach_out_q(today=today)
                | (dated_state_q(State.FRESH, today) & Q(followup_opens_on__lte=horizon))
                | (dated_state_q(State.SNOOZED, today) & Q(snoozed_until__lte=horizon)))
        .annotate(fu_state=Case(*dated_state_case(today), default=Value(State.OVERDUE)))
        .order_by("person__name", "person_id")
        .values_list("person_id", "person__name", "person__circle", "person__cadence_min_days",
                     "person__cadence_max_days", "person__cadence_off", "cadence_min_days",
                     "cadence_max_days", "cadence_off", "last_touch_at", "snoozed_until",
                     "followup_opens_on", "fu_state")[:MAX_EVENTS]
    )
    for (pk, name, circle, lo, hi, off, own_lo, own_hi, own_off, last_touch, snoozed, opens,
         state) in rows:
        window = member_window(circle=circle, person_min=lo, person_max=hi, person_off=off,
                               own_min=own_lo, own_max=own_hi, own_off=own_off,
                               defaults=defaults)
        if state == State.FRESH:
            day = opens
        elif state == State.SNOOZED:
            day = snoozed
        else:
            day = today
        reason = reason_text(
            state=state, days=days_since(today=today, tz=tz, last_touch_at=last_touch),
            window=window, last_kind=None, snoozed_until=snoozed)
        cal.add_component(_event(
            uid=f"followup-{pk}@backstory", day=day,
            summary=f"Follow up with {name}",
            description=f"{State.LABELS[state]}: {reason}.",
            url=f"{site}/people/{pk}/", category="Follow-up", now=now,
        ))

    items = (
        ActionItem.objects.filter(workspace=workspace, done_at__isnull=True,
                                  due_on__isnull=False,
                                  due_on__lte=today + timedelta(days=HORIZON_DAYS * 4))
        .select_related("person")
        .order_by("due_on", "id")[:MAX_EVENTS]
    )
    for item in items:
        day = max(item.due_on, today)
        if item.snoozed_until and item.snoozed_until > day:
            day = item.snoozed_until
        note = f"Due {item.due_on:%-d %b %Y}"
        if item.due_on < today:
            note = f"Overdue since {item.due_on:%-d %b %Y}"
        if item.person:
            note += f" · for {item.person.name}"
        cal.add_component(_event(
            uid=f"action-{item.pk}@backstory", day=day, summary=item.text,
            description=note + ".", url=f"{site}/actions/{item.pk}/edit/",
            category="Action item", now=now,
        ))
    return cal.to_ical()
