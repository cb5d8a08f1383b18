"""Every read of follow-ups: states, the parts of the Today agenda that are follow-ups,
habit figures, preferences (the agenda itself is put together in ``backstory.desk.agenda``).

Split by job: the state rules are ``cadence``'s expressions over stored columns, the
English sentences ``sentences``, who knows whom ``ties``, the hand-written SQL
``today_sql`` and turning its rows into models ``rows``. A selector never raises
``Http404``: a missing record is ``None``, and the view decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    When,
)

from backstory.interactions.kinds import MEETING_KINDS
from backstory.interactions.models import ActionItem, Interaction, Participation
from backstory.people.models import Organization, Person, Team
from backstory.workspaces.actors import recorded_actor
from backstory.workspaces.clock import workspace_today as local_today  # noqa: F401
from backstory.workspaces.models import Workspace

from . import strength as strength_mod
from . import ties, today_sql
from .cadence import (
    CAP,
    State,
    Unindexed,
    Window,
    annotate_followup,
    awake_q,
    cadence_defaults,
    capped_q,
    days_since,
    followup_state,
    member_window,
    reach_out_q,
    resolve_window,
    urgency,
    urgency_expression,
    workspace_tz,
)
from .models import DigestLog, FollowupPrefs, Relationship, SuggestionKind
from .rows import loaded as _loaded
from .sentences import first_meeting_texts, log_phrase, reason_text

REACH_OUT_LIMIT = 15
RANK_CANDIDATES = 100
URGENCY_CAP = CAP
STRENGTH_LIFT = 1.5
ACTION_LIMIT = 30
FIRST_MEETING_DAYS = 7
DORMANT_AFTER_DAYS = 180
DORMANT_MIN_TOUCHES = 3
DORMANT_PROBE = 500  # the ties that went quiet most recently, among which to pick
RARE_TEAM_DAYS = 180
# Bounded probes of "widen your network" (docs/FOLLOWUPS.md): a team is warm when one of
# its WARM_PROBE most recently touched members is; touches of a team are counted up to
# RARE_TEAM_CAP (a team visited that often is not one you rarely visit).
WARM_PROBE = 20
RARE_TEAM_CAP = 100
CHART_WEEKS = 26
STREAK_LOOKBACK_DAYS = 366

# Kinds of touch that count as meeting someone (for the next-day follow-up).

# How a kind of touch reads inside a sentence ("last coffee 47 days ago").
def people_with_followup(
    workspace: Workspace, *, today: date, qs: QuerySet[Person] | None = None,
    defaults: dict[str, Window] | None = None,
) -> QuerySet[Person]:
    """People annotated with their follow-up state (``fu_state``, ``fu_days``…)."""
    qs = qs if qs is not None else Person.objects.filter(workspace=workspace)
    # Scoped to the workspace whatever ``qs`` holds; as a condition SQLite does not search
    # by, so that it never overrides the plan of the list that ``qs`` describes.
    scoped = qs.alias(fu_workspace=Unindexed("workspace_id")).filter(fu_workspace=workspace.pk)
    return annotate_followup(
        scoped, today=today, tz=workspace_tz(workspace),
        defaults=defaults if defaults is not None else cadence_defaults(workspace),
    )


def _last_kind_subquery(workspace: Workspace):
    return Subquery(
        Participation.objects.filter(workspace=workspace, person_id=OuterRef("pk"))
        .order_by("-occurred_at", "-id")
        .values("interaction__kind")[:1]
    )


def _usual_kind_subquery(workspace: Workspace, user):
    """The kind of touch ``user`` logs most often with the person (the workspace's most
    frequent when they never logged one), as today_sql.people_shown reads it."""
    user_id = getattr(recorded_actor(user), "pk", None)
    return Subquery(
        Participation.objects.filter(workspace=workspace, person_id=OuterRef("pk"))
        .values("interaction__kind")
        .annotate(mine=Sum(Case(When(interaction__created_by_id=user_id, then=1), default=0,
                                output_field=IntegerField())),
                  times=Count("id"), latest=Max("occurred_at"))
        .order_by("-mine", "-times", "-latest")
        .values("interaction__kind")[:1]
    )


@dataclass
class FollowupInfo:
    state: str
    days: int | None
    window: Window
    last_kind: str | None
    snoozed_until: date | None
    reason: str
    due_on: date | None  # the first day of the window
    strength: float = 0.0
    usual_kind: str | None = None
    own_window: bool = False  # the member set a window of their own
    person_window: bool = False  # the person has a window (the team's), not the circle's
    team_last_touch_at: datetime | None = None  # the latest touch of anyone on the team
    touch_count: int = 0  # touches the member took part in
    last_touch_at: datetime | None = None  # the member's own last touch

    @property
    def team_touched_later(self) -> bool:
        """A teammate touched the person after the member did (or the member never did)."""
        return self.team_last_touch_at is not None and (
            self.last_touch_at is None or self.team_last_touch_at > self.last_touch_at)

    @property
    def log_phrase(self) -> str:
        return log_phrase(self.usual_kind)

    @property
    def label(self) -> str:
        return State.LABELS[self.state]

    @property
    def icon(self) -> str:
        return State.ICONS[self.state]

    @property
    def strength_label(self) -> str:
        return strength_mod.strength_label(self.strength)


def person_followup(workspace: Workspace, person_id: int, *, today: date,
                    user=None) -> FollowupInfo | None:
    """The signed-in member's follow-up with one person (their relationship: their last
    touch, window, snooze and strength), with the team's last touch beside it; None when
    the workspace has no such person."""
    tz = workspace_tz(workspace)
    user_id = getattr(recorded_actor(user), "pk", None)
    person = (
        Person.objects.filter(workspace=workspace, pk=person_id)
        .annotate(last_kind=_last_kind_subquery(workspace),
                  usual_kind=_usual_kind_subquery(workspace, user))
        .values("circle", "cadence_min_days", "cadence_max_days", "cadence_off",
                "archived_at", "last_touch_at", "last_kind", "usual_kind")
        .first()
    )
    if person is None:
        return None
    mine = ties.my_relationship(workspace, user, person_id)
    window = member_window(
        circle=person["circle"], person_min=person["cadence_min_days"],
        person_max=person["cadence_max_days"], person_off=person["cadence_off"],
        own_min=mine.cadence_min_days if mine else None,
        own_max=mine.cadence_max_days if mine else None,
        own_off=bool(mine and mine.cadence_off), defaults=cadence_defaults(workspace))
    last_touch = mine.last_touch_at if mine else None
    snoozed = mine.snoozed_until if mine else None
    state = followup_state(today=today, tz=tz, last_touch_at=last_touch, window=window,
                           archived=person["archived_at"] is not None, snoozed_until=snoozed)
    days = days_since(today=today, tz=tz, last_touch_at=last_touch)
    due_on = mine.followup_opens_on if mine else None
    strength = ties.member_strengths(workspace, [person_id], today=today,
                                     user_id=user_id).get((user_id, person_id), 0.0)
    return FollowupInfo(
        state=state, days=days, window=window, last_kind=person["last_kind"],
        snoozed_until=snoozed, due_on=due_on, strength=strength,
        usual_kind=person["usual_kind"],
        own_window=bool(mine and (mine.cadence_min_days or mine.cadence_max_days)),
        person_window=bool(person["cadence_min_days"] or person["cadence_max_days"]),
        team_last_touch_at=person["last_touch_at"],
        touch_count=mine.touch_count if mine else 0, last_touch_at=last_touch,
        reason=reason_text(state=state, days=days, window=window,
                           last_kind=person["last_kind"], snoozed_until=snoozed, today=today),
    )


# Today ------------------------------------------------------------------------------------


@dataclass
class ReachOut:
    person: Person
    state: str
    days: int
    window: Window
    last_kind: str | None
    strength: float
    priority: float
    reason: str
    usual_kind: str | None = None

    @property
    def log_phrase(self) -> str:
        """How the "Log" button's line starts: the kind most often logged with them."""
        return log_phrase(self.usual_kind)

    @property
    def label(self) -> str:
        return State.LABELS[self.state]

    @property
    def icon(self) -> str:
        return State.ICONS[self.state]

    @property
    def strength_label(self) -> str:
        return strength_mod.strength_label(self.strength)


@dataclass
class FirstMeeting:
    person: Person
    interaction_id: int
    kind: str
    met_on: date
    due_on: date
    texts: list[str]


@dataclass
class Suggestion:
    kind: str  # cold_team | dormant | never_met
    title: str
    reason: str
    person: Person | None = None
    team: Team | None = None


@dataclass
class Habit:
    streak: int
    touched_today: bool
    week_count: int
    weekly_goal: int
    weeks: list[tuple[date, int]]

    @property
    def goal_met(self) -> bool:
        return self.week_count >= self.weekly_goal > 0

    @property
    def goal_percent(self) -> int:
        if self.weekly_goal <= 0:
            return 100
        return min(100, round(100 * self.week_count / self.weekly_goal))


def due_relationships(workspace: Workspace, user_id: int | None) -> QuerySet[Relationship]:
    """The member's relationships, as the reach-out list and the due count read them: the
    one place to add a condition on whom Today may suggest."""
    return Relationship.objects.filter(workspace=workspace, user_id=user_id)


def capped_relationships(workspace: Workspace, user_id: int | None,
                         today: date) -> QuerySet[Relationship]:
    """The member's due people whose urgency is at its cap. A window reaches its cap after
    it opens, so "capped" already means "due": without the condition on the opening day
    the planner walks the (member, last touch) index and stops at the first rows it needs
    (4 ms at 50,000 people) instead of sorting every due row (40 ms)."""
    return due_relationships(workspace, user_id).filter(awake_q(today), capped_q(today))


def reach_out_list(
    workspace: Workspace, *, today: date, defaults: dict[str, Window],
    limit: int = REACH_OUT_LIMIT, user=None,
) -> tuple[list[ReachOut], int]:
    """The signed-in member's due and overdue people (``Relationship``), ranked by how
    far into (or past) their window they are and by how strong the relationship is.

    priority = urgency  +  1.5 × strength / (strength + 3)
    urgency  = min((today − window opens) / (window closes − window opens), 1.5)

    Urgency is 0 when the window opens, 1 on its last day and grows past it; it stops
    counting at half a window past the end, because beyond that a tie is dormant (the
    "widen your network" suggestions revive those) and lateness alone should not push
    a barely-known contact above a close one. The strength term (0 to 1.5) lifts close
    relationships: a close colleague at the end of their window comes before a
    long-silent acquaintance, who comes before a close colleague whose window has just
    opened. Who is due and the urgency are read from the member's stored window dates
    by ``cadence``'s expressions: the database picks the ``RANK_CANDIDATES`` most urgent
    (ties: the most recent last touch) — those at the cap straight from the (member, last
    touch) index, the others ranked by urgency — and counts everyone due; the member's
    strength with them comes from ``ties.member_strengths``, the final order is made
    here, and only the people shown are loaded: a fixed number of queries whatever the
    size of the network or of the team (one fewer when the capped alone fill the
    candidates).
    """
    tz = workspace_tz(workspace)
    user_id = getattr(recorded_actor(user), "pk", None)
    due = due_relationships(workspace, user_id).filter(reach_out_q(today=today))
    columns = ("person_id", "person__name", "last_touch_at", "followup_opens_on",
               "followup_closes_on")
    # Past the cap urgency is equal and the latest last touch decides: a walk down the
    # (member, last touch) index. Those come first; the others are ranked by urgency.
    capped = list(capped_relationships(workspace, user_id, today)
                  .order_by("-last_touch_at", "person_id")
                  .values_list(*columns)[:RANK_CANDIDATES])
    # The others only when the capped ones leave room: ranking them means sorting every
    # due row by urgency (25–40 ms at 50,000 people, 20,000 of them due).
    rising = [] if len(capped) >= RANK_CANDIDATES else list(
        due.exclude(capped_q(today)).annotate(rank_urgency=urgency_expression(today))
        .order_by("-rank_urgency", "-last_touch_at", "person_id")
        .values_list(*columns)[:RANK_CANDIDATES - len(capped)])
    total = due.count()
    rows = capped + rising
    scored = []
    for pk, name, last_touch, opens, closes in rows:
        days = days_since(today=today, tz=tz, last_touch_at=last_touch)
        # The window, read back from the stored dates (opens = day of the last touch + min).
        touched_on = today - timedelta(days=days)
        window = Window((opens - touched_on).days, (closes - touched_on).days)
        state = followup_state(today=today, tz=tz, last_touch_at=last_touch, window=window)
        scored.append((pk, name, window, days,
                       urgency(today=today, opens_on=opens, closes_on=closes), state))
    strengths = {pk: score for (_, pk), score in ties.member_strengths(
        workspace, [row[0] for row in scored], today=today, user_id=user_id).items()}
    ranked = sorted(
        ((urgency + STRENGTH_LIFT * strengths.get(pk, 0.0) / (strengths.get(pk, 0.0) + 3.0),
          name, pk, window, days, state) for pk, name, window, days, urgency, state in scored),
        key=lambda r: (-r[0], r[1], r[2]),
    )[:limit]
    shown = {}
    for pk, name, circle, org_id, org_name, last_kind, usual_kind in today_sql.people_shown(
            workspace, [r[2] for r in ranked], user_id=user_id):
        person = _loaded(Person, id=pk, workspace_id=workspace.pk, name=name, circle=circle,
                         organization_id=org_id)
        person.organization = (_loaded(Organization, id=org_id, workspace_id=workspace.pk,
                                       name=org_name) if org_id else None)
        person.last_kind, person.usual_kind = last_kind, usual_kind
        shown[pk] = person
    result = []
    for priority, _name, pk, window, days, state in ranked:
        person = shown[pk]
        result.append(ReachOut(
            person=person, state=state, days=days, window=window,
            last_kind=person.last_kind, strength=strengths.get(pk, 0.0), priority=priority,
            usual_kind=person.usual_kind,
            reason=reason_text(state=state, days=days, window=window,
                               last_kind=person.last_kind),
        ))
    return result, total


def people_strength(workspace: Workspace, person_ids: list[int], *,
                    today: date) -> dict[int, float]:
    """Relationship strength of these people, in one grouped query."""
    return today_sql.people_strength(workspace, person_ids, today=today)


def last_kind_of(workspace: Workspace, person_ids: list[int]) -> dict[int, str]:
    """The kind of each person's latest touch, in one query."""
    if not person_ids:
        return {}
    rows = (
        Person.objects.filter(workspace=workspace, pk__in=person_ids)
        .annotate(last_kind=_last_kind_subquery(workspace))
        .values_list("pk", "last_kind")
    )
    return {pk: kind for pk, kind in rows if kind}


def action_items_for_today(workspace: Workspace, *, today: date,
                           limit: int = ACTION_LIMIT) -> list[ActionItem]:
    """Open action items due today or earlier, minus those snoozed past today."""
    items = []
    for pk, text, due_on, snoozed, person_id, name, interaction_id in today_sql.action_items_due(
            workspace, today=today, limit=limit):
        item = _loaded(ActionItem, id=pk, workspace_id=workspace.pk, text=text, due_on=due_on,
                       done_at=None, snoozed_until=snoozed, person_id=person_id,
                       interaction_id=interaction_id)
        item.person = (_loaded(Person, id=person_id, workspace_id=workspace.pk, name=name)
                       if person_id else None)
        items.append(item)
    return items


_day_start = today_sql.day_start


def first_meetings(workspace: Workspace, *, today: date, now: datetime,
                   limit: int = 10, user=None) -> list[FirstMeeting]:
    """People the member met for the first time in the last week whose next-day
    follow-up has not been accepted or dismissed yet."""
    tz = workspace_tz(workspace)
    # The stored first meeting (stored.first_met_refresh) makes this a short walk along
    # the (workspace, first meeting) index.
    rows = today_sql.first_meetings(
        workspace, since=_day_start(today - timedelta(days=FIRST_MEETING_DAYS), tz), now=now,
        limit=limit, kinds=MEETING_KINDS, suggestion_kind=SuggestionKind.FIRST_MEETING,
        user_id=getattr(recorded_actor(user), "pk", None))
    result = []
    for pk, name, circle, first_met_at, interaction_id, kind in rows:
        person = _loaded(Person, id=pk, workspace_id=workspace.pk, name=name, circle=circle,
                         first_met_at=first_met_at)
        met_on = first_met_at.astimezone(tz).date()
        result.append(FirstMeeting(
            person=person, interaction_id=interaction_id, kind=kind, met_on=met_on,
            due_on=max(met_on + timedelta(days=1), today),
            texts=first_meeting_texts(name, kind),
        ))
    return result


def widen_suggestions(workspace: Workspace, *, today: date, now: datetime) -> list[Suggestion]:
    """A team of your own organisation with no warm contact, a dormant tie, and someone
    you have never met in a department you rarely visit.

    Bounded whatever the size of the network: a team is warm when one of its
    ``WARM_PROBE`` most recently touched members is warm, and a team's touches of the
    last six months are counted up to ``RARE_TEAM_CAP`` (docs/FOLLOWUPS.md).
    """
    suggestions: list[Suggestion] = []
    teams, has_stranger = [], set()
    for pk, name, leader_id, leader_name, stranger in today_sql.own_teams(workspace):
        team = _loaded(Team, id=pk, workspace_id=workspace.pk, name=name, leader_id=leader_id)
        if leader_id:
            team.leader = _loaded(Person, id=leader_id, workspace_id=workspace.pk, name=leader_name)
        teams.append(team)
        if stranger:
            has_stranger.add(pk)
    since = now - timedelta(days=RARE_TEAM_DAYS)
    # The WARM_PROBE most recently touched members of each team: warm if one of them is.
    probed, visits = today_sql.team_facts(
        workspace, [t.pk for t in teams], [t.pk for t in teams if t.pk in has_stranger],
        per_team=WARM_PROBE, since=since, cap=RARE_TEAM_CAP)
    scores = people_strength(workspace, [pk for pk, _ in probed], today=today)
    warm_ids = {team_id for pk, team_id in probed
                if scores.get(pk, 0.0) >= strength_mod.WARM}
    cold_teams = [t for t in teams if t.pk not in warm_ids][:50]
    team = cold_teams[today.toordinal() % len(cold_teams)] if cold_teams else None
    # Fewest touches first, then the database's order (name, id).
    rare = sorted((visits.get(t.pk, 0), n, t) for n, t in enumerate(teams)
                  if t.pk in has_stranger)
    rare_team = rare[0][2] if rare and rare[0][0] < RARE_TEAM_CAP else None
    # Asked even without a team (for none), so that the count of queries holds.
    known, stranger = (today_sql.team_members_and_stranger(
        workspace, team_id=team.pk if team else 0,
        stranger_team_id=rare_team.pk if rare_team else 0) if teams else (0, None))

    if team is not None:
        if team.leader_id:
            detail = f"{team.leader.name} leads it — a good first coffee."
        elif known:
            detail = (f"You know {known} "
                      f"{'person' if known == 1 else 'people'} there, none of them warmly.")
        else:
            detail = "Nobody there is in Backstory yet."
        suggestions.append(Suggestion(
            kind="cold_team", title=f"No warm contact in {team.name}", reason=detail, team=team,
        ))

    dormant = today_sql.dormant_ties(
        workspace, before=now - timedelta(days=DORMANT_AFTER_DAYS),
        min_touches=DORMANT_MIN_TOUCHES, limit=3, probe=DORMANT_PROBE)
    if dormant:
        pk, name, last_touch, touches = dormant[today.toordinal() % len(dormant)]
        person = _loaded(Person, id=pk, workspace_id=workspace.pk, name=name,
                         last_touch_at=last_touch)
        months = (now - last_touch).days // 30
        suggestions.append(Suggestion(
            kind="dormant", title=f"Revive a dormant tie: {name}",
            reason=f"{touches} touches together, the last one {months} months ago.",
            person=person,
        ))

    if stranger is not None and rare_team is not None:
        touches = rare[0][0]
        person = Person.from_db("default", ["id", "workspace_id", "name"],
                                [stranger[0], workspace.pk, stranger[1]])
        suggestions.append(Suggestion(
            kind="never_met", title=f"Meet {person.name} ({rare_team.name})",
            reason=(f"You have never met, and {rare_team.name} is a department you rarely "
                    f"visit ({touches} touch{'es' if touches != 1 else ''} in six months)."),
            person=person, team=rare_team,
        ))
    return suggestions


def touches_by_day(workspace: Workspace, *, since: date, now: datetime) -> dict[date, int]:
    """Interactions per local day from ``since`` to now (future ones do not count): past
    days from the stored day counts (``stored.TouchDay``), today counted up to now."""
    tz = workspace_tz(workspace)
    today = now.astimezone(tz).date()
    return today_sql.touches_by_day(workspace, since=since, today=today,
                                    today_from=_day_start(today, tz), now=now)


def habit_from_days(days: dict[date, int], *, today: date, weekly_goal: int) -> Habit:
    """Streak: working days in a row with a touch, ending today — or yesterday, because a
    day without a touch is not over until midnight. Networking is a habit of the working
    week: a Saturday or Sunday with a touch counts, one without does not break the
    streak. Weeks run Monday to Sunday."""
    day = today if days.get(today) else today - timedelta(days=1)
    streak = 0
    for _ in range(STREAK_LOOKBACK_DAYS):
        if days.get(day):
            streak += 1
        elif day.weekday() < 5:
            break
        day -= timedelta(days=1)
    this_week = today - timedelta(days=today.weekday())
    weeks = []
    for i in range(CHART_WEEKS - 1, -1, -1):
        monday = this_week - timedelta(weeks=i)
        weeks.append((monday, sum(days.get(monday + timedelta(days=d), 0) for d in range(7))))
    return Habit(streak=streak, touched_today=bool(days.get(today)),
                 week_count=weeks[-1][1], weekly_goal=weekly_goal, weeks=weeks)


def habit(workspace: Workspace, *, user, today: date, now: datetime,
          prefs: FollowupPrefs | None = None) -> Habit:
    prefs = prefs or prefs_get(workspace, user)
    days = touches_by_day(workspace, since=today - timedelta(days=STREAK_LOOKBACK_DAYS), now=now)
    return habit_from_days(days, today=today, weekly_goal=prefs.weekly_goal)


def recent_touches(workspace: Workspace, limit: int = 5) -> list[Interaction]:
    """The latest touches with their people (Today's "Recent touches")."""
    return list(
        Interaction.objects.filter(workspace=workspace).order_by("-occurred_at", "-id")
        .prefetch_related(Prefetch("participants", queryset=Person.objects.only(
            "id", "name", "workspace_id").order_by("name")))[:limit]
    )


# Preferences, feed, digest log ------------------------------------------------------------


def prefs_get(workspace: Workspace, user) -> FollowupPrefs:
    """The member's preferences (unsaved defaults when they never changed any)."""
    found = FollowupPrefs.objects.filter(workspace=workspace, user=user).first()
    return found or FollowupPrefs(workspace=workspace, user=user)


def prefs_by_feed_token(token: str) -> FollowupPrefs | None:
    if not token or len(token) > 64:
        return None
    return (
        FollowupPrefs.objects.filter(feed_token=token)
        .select_related("workspace", "user")
        .first()
    )


def digest_last(workspace: Workspace, user) -> DigestLog | None:
    return DigestLog.objects.filter(workspace=workspace, user=user).order_by(
        "-claimed_at", "-id").first()


def window_for(person: Person, defaults: dict[str, Window]) -> Window:
    return resolve_window(
        circle=person.circle, cadence_min_days=person.cadence_min_days,
        cadence_max_days=person.cadence_max_days, cadence_off=person.cadence_off,
        defaults=defaults,
    )
