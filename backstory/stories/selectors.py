"""Every read of tips, pitches and source credit, scoped to one workspace.

Each page's reads run a fixed number of queries whatever the data size; the tests in
tests/test_query_counts.py hold them to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone

from backstory.core.errors import NotFound
from backstory.interactions.models import Participation
from backstory.people.models import Circle, Person, Tag
from backstory.workspaces.models import Activity, Workspace

from .models import Pitch, PitchStatus, Tip, TipKind, TipSource, TipStatus
from .ranking import Candidate, Suggestion, rank_journalists
from .transitions import ACTIVE, BOARD_COLUMNS

RESTING_COLUMN_LIMIT = 8
ACTIVE_COLUMN_LIMIT = 10
STALE_NEW_DAYS = 7
SOON_DAYS = 7
THANK_WINDOW_DAYS = 30


def _sources_prefetch() -> Prefetch:
    return Prefetch(
        "tip_sources",
        queryset=TipSource.objects.select_related("person", "person__team",
                                                  "person__organization").order_by("position"),
    )


def _card_prefetches() -> list[Prefetch]:
    """What a board card shows of its sources and pitches: names only, not whole people."""
    return [
        Prefetch("tip_sources", queryset=TipSource.objects.select_related(
            "person", "person__team").only(
            "id", "tip_id", "person_id", "position", "person__id", "person__name",
            "person__team_id", "person__team__id", "person__team__name").order_by("position")),
        Prefetch("pitches", queryset=Pitch.objects.select_related("journalist").only(
            "id", "tip_id", "status", "coverage_url", "covered_on", "coverage_outlet",
            "created_at", "journalist_id", "journalist__id", "journalist__name",
            "journalist__do_not_contact_at", "journalist__do_not_contact_reason")
            .order_by("created_at", "id")),
    ]


def _pitches_prefetch() -> Prefetch:
    return Prefetch(
        "pitches",
        queryset=Pitch.objects.select_related("journalist").order_by("created_at", "id"),
    )


def tip_get(workspace: Workspace, tip_id: int) -> Tip:
    tip = (
        Tip.objects.filter(workspace=workspace, pk=tip_id)
        .select_related("interaction")
        .prefetch_related(_sources_prefetch(), _pitches_prefetch())
        .first()
    )
    if tip is None:
        raise NotFound("No such tip in this workspace.")
    return tip


def pitch_get(workspace: Workspace, pitch_id: int) -> Pitch:
    pitch = (
        Pitch.objects.filter(workspace=workspace, pk=pitch_id)
        .select_related("tip", "journalist", "follow_up_item")
        .first()
    )
    if pitch is None:
        raise NotFound("No such pitch in this workspace.")
    return pitch


# The board ---------------------------------------------------------------------------------


@dataclass
class BoardFilter:
    q: str = ""
    kind: str = ""
    source_id: int | None = None
    early: bool = False

    @property
    def active(self) -> bool:
        return bool(self.q or self.kind or self.source_id or self.early)


@dataclass
class Column:
    status: str
    label: str
    tips: list[Tip]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.tips)


def _early_warning_q() -> Q:
    return Q(kind=TipKind.HEADS_UP, happens_on__isnull=False, heard_on__lt=F("happens_on"))


def _filtered(workspace: Workspace, filters: BoardFilter) -> QuerySet[Tip]:
    qs = Tip.objects.filter(workspace=workspace)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(details__icontains=filters.q))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.source_id:
        qs = qs.filter(tip_sources__person_id=filters.source_id)
    if filters.early:
        qs = qs.filter(_early_warning_q())
    return qs


def _active_sort(tip: Tip):
    # Soonest event first; tips without a date after, newest heard first.
    return (tip.happens_on is None, tip.happens_on or date.max, -tip.heard_on.toordinal(),
            -tip.pk)


def _column_order(status: str) -> list:
    """A column's order in SQL: active columns as ``_active_sort``, resting columns by
    when the tip came to rest, latest first."""
    if status in ACTIVE:
        return [F("happens_on").asc(nulls_last=True), F("heard_on").desc(), F("id").desc()]
    return [F("status_changed_at").desc(), F("id").desc()]


def board(workspace: Workspace, filters: BoardFilter, *,
          resting_limit: int = RESTING_COLUMN_LIMIT,
          active_limit: int = ACTIVE_COLUMN_LIMIT) -> list[Column]:
    """The tips board: the first ``active_limit`` tips of each active column and the
    latest ``resting_limit`` of Covered/Parked/Declined, with every column's count.

    Four queries at any size: the tips (each column's page chosen by a limited subquery
    on the (workspace, status) indexes), their sources, their pitches, the counts.
    """
    base = _filtered(workspace, filters)
    shown = Q()
    for status in BOARD_COLUMNS:
        limit = active_limit if status in ACTIVE else resting_limit
        shown |= Q(pk__in=base.filter(status=status).order_by(*_column_order(status))
                   .values("id")[:limit])
    tips = list(Tip.objects.filter(workspace=workspace).filter(shown)
                .prefetch_related(*_card_prefetches()))
    counts = dict(base.order_by().values_list("status").annotate(n=Count("id", distinct=True)))
    by_status: dict[str, list[Tip]] = {s: [] for s in BOARD_COLUMNS}
    for tip in tips:
        by_status[tip.status].append(tip)
    columns = []
    for status in BOARD_COLUMNS:
        column_tips = by_status[status]
        if status in ACTIVE:
            column_tips.sort(key=_active_sort)
        else:
            column_tips.sort(key=lambda t: (t.status_changed_at, t.pk), reverse=True)
        columns.append(Column(status=status, label=TipStatus(status).label, tips=column_tips,
                              total=counts.get(status, 0)))
    return columns


def tips_list(workspace: Workspace, filters: BoardFilter, status: str) -> QuerySet[Tip]:
    """Every tip of one column, in the column's order, for its "show all" page."""
    return (_filtered(workspace, filters).filter(status=status)
            .order_by(*_column_order(status))
            .prefetch_related(_sources_prefetch(), _pitches_prefetch()))


def tips_matching(workspace: Workspace, filters: BoardFilter) -> QuerySet[Tip]:
    """Every tip the board's filters let through, last moved first (the API's list)."""
    return (_filtered(workspace, filters).order_by("-status_changed_at", "-pk")
            .prefetch_related(*_card_prefetches()))


def board_sources(workspace: Workspace, selected: int | None = None,
                  limit: int = 300) -> list[Person]:
    """People who gave at least one tip, for the board's source filter: the first
    ``limit`` by name, with the selected one first whatever its name."""
    first = Case(When(pk=selected, then=Value(0)), default=Value(1)) if selected else Value(1)
    from backstory.followups.cadence import Unindexed

    # Looked up from the sources' rows, not by testing every person of the workspace.
    givers = TipSource.objects.filter(workspace=workspace).values("person_id")
    return list(Person.objects.alias(row_workspace=Unindexed("workspace_id"))
                .filter(row_workspace=workspace.pk, pk__in=givers)
                .order_by(first, "name").only("id", "name")[:limit])


def tip_history(workspace: Workspace, tip: Tip, limit: int = 50) -> list[Activity]:
    pitch_ids = [p.pk for p in tip.pitches.all()]
    return list(
        Activity.objects.filter(workspace=workspace)
        .filter(Q(object_type="tip", object_id=tip.pk)
                | Q(object_type="pitch", object_id__in=pitch_ids))
        .select_related("actor", "person")
        .order_by("-created_at", "-id")[:limit]
    )


# Source credit -----------------------------------------------------------------------------


@dataclass
class SourceCredit:
    person: Person
    tips_given: int
    covered: int
    avg_lead_days: float | None
    last_heard_on: date | None
    early_warnings: int = 0

    @property
    def coverage_rate(self) -> int:
        return round(100 * self.covered / self.tips_given) if self.tips_given else 0


def _credit_annotations() -> dict:
    return {
        "tip_count": Count("tip_sources", distinct=True),
        "tips_covered": Count("tip_sources", filter=Q(tip_sources__tip__status=TipStatus.COVERED),
                              distinct=True),
        "avg_lead": Avg("tip_sources__tip__lead_days"),
        "last_heard": Max("tip_sources__tip__heard_on"),
        "early_warnings": Count(
            "tip_sources",
            filter=Q(tip_sources__tip__kind=TipKind.HEADS_UP,
                     tip_sources__tip__happens_on__isnull=False,
                     tip_sources__tip__heard_on__lt=F("tip_sources__tip__happens_on")),
            distinct=True,
        ),
    }


SOURCE_SORTS = {
    "covered": ("-tips_covered", "-tip_count", "name", "person_id"),
    "tips": ("-tip_count", "-tips_covered", "name", "person_id"),
    "lead": (F("avg_lead").desc(nulls_last=True), "name", "person_id"),
    "recent": (F("last_heard").desc(nulls_last=True), "name", "person_id"),
}


def sources(workspace: Workspace, *, sort: str = "covered", team_id: int | None = None
            ) -> QuerySet:
    """The people who gave tips as rows of credit (person_id, name, tip_count,
    tips_covered, avg_lead, last_heard, early_warnings), in the chosen order.

    Counted from the tips' sources grouped by person — never by testing every person of
    the workspace; ``source_credits`` turns a page of rows into SourceCredit."""
    qs = TipSource.objects.filter(workspace=workspace)
    if team_id:
        qs = qs.filter(person__team_id=team_id)
    return qs.values("person_id").annotate(
        name=Min("person__name"),
        tip_count=Count("tip", distinct=True),
        tips_covered=Count("tip", filter=Q(tip__status=TipStatus.COVERED), distinct=True),
        avg_lead=Avg("tip__lead_days"),
        last_heard=Max("tip__heard_on"),
        early_warnings=Count("tip", filter=Q(tip__kind=TipKind.HEADS_UP,
                                             tip__happens_on__isnull=False,
                                             tip__heard_on__lt=F("tip__happens_on")),
                             distinct=True),
    ).order_by(*SOURCE_SORTS.get(sort, SOURCE_SORTS["covered"]))


def source_credits(workspace: Workspace, rows) -> list[SourceCredit]:
    """SourceCredit for rows of ``sources`` (a page of them), with their people."""
    rows = list(rows)
    people = (Person.objects.filter(workspace=workspace, pk__in=[r["person_id"] for r in rows])
              .select_related("organization", "team").order_by().in_bulk())
    return [SourceCredit(person=people[r["person_id"]], tips_given=r["tip_count"],
                         covered=r["tips_covered"], avg_lead_days=r["avg_lead"],
                         last_heard_on=r["last_heard"], early_warnings=r["early_warnings"])
            for r in rows if r["person_id"] in people]


def credit_of(person: Person) -> SourceCredit:
    """A SourceCredit from a person annotated by ``sources``."""
    return SourceCredit(person=person, tips_given=person.tip_count,
                        covered=person.tips_covered, avg_lead_days=person.avg_lead,
                        last_heard_on=person.last_heard, early_warnings=person.early_warnings)


def source_totals(workspace: Workspace) -> dict:
    totals = Tip.objects.filter(workspace=workspace).aggregate(
        tips=Count("id"), covered=Count("id", filter=Q(status=TipStatus.COVERED)),
        avg_lead=Avg("lead_days"),
    )
    totals["sources"] = (TipSource.objects.filter(workspace=workspace)
                         .values("person_id").distinct().count())
    totals["rate"] = round(100 * totals["covered"] / totals["tips"]) if totals["tips"] else 0
    return totals


def source_credit(workspace: Workspace, person: Person) -> SourceCredit:
    """One person's credit as a source (zeros when they never gave a tip)."""
    found = (Person.objects.filter(workspace=workspace, pk=person.pk)
             .annotate(**_credit_annotations()).first())
    if found is None:
        raise NotFound("No such person in this workspace.")
    return credit_of(found)


def tips_given_by(workspace: Workspace, person: Person, limit: int = 20) -> list[Tip]:
    return list(
        Tip.objects.filter(workspace=workspace, tip_sources__person=person)
        .order_by("-heard_on", "-id")
        .prefetch_related(_pitches_prefetch())[:limit]
    )


def pitches_to(workspace: Workspace, person: Person, limit: int = 20) -> list[Pitch]:
    return list(
        Pitch.objects.filter(workspace=workspace, journalist=person)
        .select_related("tip").order_by("-created_at", "-id")[:limit]
    )


def tips_from_interaction(workspace: Workspace, interaction_id: int) -> list[Tip]:
    return list(Tip.objects.filter(workspace=workspace, interaction_id=interaction_id)
                .order_by("-id"))


# Journalist suggestions --------------------------------------------------------------------


@dataclass
class JournalistSuggestions:
    suggestions: list[Suggestion]
    people: dict[int, Person]
    already: list[Pitch] = field(default_factory=list)


def journalist_suggestions(workspace: Workspace, tip: Tip, *, today: date,
                           limit: int = 8) -> JournalistSuggestions:
    """Journalists for this tip, ranked by beat/outlet fit and how well the user knows them.

    Four queries: the candidates, their tags, their touches of the past year, and the
    pitches this tip already has (those journalists are left out).
    """
    already = list(tip.pitches.select_related("journalist").order_by("created_at"))
    source_ids = TipSource.objects.filter(tip=tip).values("person_id")
    candidates_qs = (
        Person.objects.filter(workspace=workspace, archived_at__isnull=True,
                              do_not_contact_at__isnull=True)  # never pitched
        .filter(Q(circle=Circle.MEDIA) | ~Q(beat="") | ~Q(outlet=""))
        .exclude(pk__in=[p.journalist_id for p in already])
        .exclude(pk__in=source_ids)
    )
    people = list(candidates_qs.select_related("organization").order_by("name", "id")
                  .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name"))))
    touches: dict[int, list] = {}
    since = timezone.make_aware(datetime.combine(today - timedelta(days=365), time.min))
    for person_id, kind, when in (
        Participation.objects.filter(workspace=workspace, person__in=candidates_qs,
                                     occurred_at__gte=since)
        .values_list("person_id", "interaction__kind", "occurred_at")
    ):
        touches.setdefault(person_id, []).append((kind, when))
    candidates = [
        Candidate(person_id=p.pk, name=p.name, beat=p.beat,
                  outlet=p.outlet or (p.organization.name if p.organization else ""),
                  title=p.title, wants=p.wants, tags=[t.name for t in p.tags.all()],
                  touches=touches.get(p.pk, []), last_touch=p.last_touch_at)
        for p in people
    ]
    ranked = rank_journalists(f"{tip.title} {tip.details}", tip.kind, candidates, today=today)
    return JournalistSuggestions(suggestions=ranked[:limit], people={p.pk: p for p in people},
                                 already=already)


# Today ------------------------------------------------------------------------------------


@dataclass
class TodayRow:
    """One line for the Today page: what to do and why, in plain words."""

    kind: str
    reason: str
    url: str
    title: str
    person_id: int | None = None
    person_name: str = ""
    due_on: date | None = None
    # The action item this row stands for, so that Today can show it once, not twice.
    action_item_id: int | None = None


def _when(days: int) -> str:
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def _ago(days: int) -> str:
    return {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")


def today_moves(workspace: Workspace, *, today: date, limit: int = 20) -> list[TodayRow]:
    """Tips and pitches that need a move today, each with the reason (five queries).

    Kinds: pitch_follow_up, tip_soon, tip_stale, tip_thank, tip_all_passed.
    """
    rows: list[TodayRow] = []
    # A pitch is due for a follow-up when its follow-up action item is due and still open
    # (ticking the item off means "I followed up").
    for pitch in (
        Pitch.objects.filter(workspace=workspace, status=PitchStatus.SENT,
                             follow_up_item__done_at__isnull=True,
                             follow_up_item__due_on__lte=today)
        .select_related("tip", "journalist", "follow_up_item")
        .only("id", "tip_id", "sent_on", "tip__id", "tip__title", "journalist__id",
              "journalist__name", "journalist__outlet", "follow_up_item__id",
              "follow_up_item__due_on")
        .order_by("follow_up_item__due_on", "id")[:limit]
    ):
        outlet = f" ({pitch.journalist.outlet})" if pitch.journalist.outlet else ""
        rows.append(TodayRow(
            kind="pitch_follow_up", title=pitch.tip.title,
            url=reverse("stories:detail", args=[pitch.tip_id]),
            person_id=pitch.journalist_id, person_name=pitch.journalist.name,
            due_on=pitch.follow_up_item.due_on, action_item_id=pitch.follow_up_item_id,
            reason=(f"Pitched “{pitch.tip.title}” to {pitch.journalist.name}{outlet} "
                    f"{_ago((today - pitch.sent_on).days)}, no reply yet — follow up."),
        ))
    # The first source of each tip comes with the tip (one query whether or not any match).
    first_source = TipSource.objects.filter(tip_id=OuterRef("pk")).order_by("position", "id")
    for tip in (
        Tip.objects.filter(workspace=workspace, status__in=[TipStatus.NEW,
                                                           TipStatus.RESEARCHING],
                           happens_on__gte=today, happens_on__lte=today + timedelta(SOON_DAYS))
        .annotate(source_id=Subquery(first_source.values("person_id")[:1]),
                  source_name=Subquery(first_source.values("person__name")[:1]))
        .order_by("happens_on", "id")[:limit]
    ):
        rows.append(TodayRow(
            kind="tip_soon", title=tip.title, url=reverse("stories:detail", args=[tip.pk]),
            due_on=tip.happens_on,
            person_id=tip.source_id, person_name=tip.source_name or "",
            reason=(f"“{tip.title}” happens {_when((tip.happens_on - today).days)} and is "
                    f"still {tip.get_status_display().lower()} — pitch it now or park it."),
        ))
    stale_before = today - timedelta(days=STALE_NEW_DAYS)
    for tip in (
        Tip.objects.filter(workspace=workspace, status=TipStatus.NEW,
                           status_changed_at__date__lte=stale_before)
        .exclude(happens_on__gte=today, happens_on__lte=today + timedelta(SOON_DAYS))
        .order_by("status_changed_at", "id")[:limit]
    ):
        days = (today - tip.status_changed_at.date()).days
        rows.append(TodayRow(
            kind="tip_stale", title=tip.title, url=reverse("stories:detail", args=[tip.pk]),
            reason=f"“{tip.title}” has been new for {days} days — research it or park it.",
        ))
    for row in (
        TipSource.objects.filter(workspace=workspace, tip__status=TipStatus.COVERED,
                                 thank_item__isnull=True,
                                 tip__covered_on__gte=today - timedelta(THANK_WINDOW_DAYS))
        .select_related("tip", "person").only(
            "id", "tip_id", "person_id", "tip__id", "tip__title", "person__id", "person__name")
        .order_by("-tip__covered_on", "id")[:limit]
    ):
        rows.append(TodayRow(
            kind="tip_thank", title=row.tip.title, url=reverse("stories:detail", args=[row.tip_id]),
            person_id=row.person_id, person_name=row.person.name,
            reason=f"Their tip “{row.tip.title}” was covered — thank {row.person.name}.",
        ))
    for tip in (
        Tip.objects.filter(workspace=workspace, status=TipStatus.PITCHED)
        .annotate(open_pitches=Count("pitches", filter=~Q(pitches__status=PitchStatus.DECLINED)),
                  passed=Count("pitches", filter=Q(pitches__status=PitchStatus.DECLINED)))
        .filter(open_pitches=0, passed__gt=0).order_by("status_changed_at", "id")[:limit]
    ):
        rows.append(TodayRow(
            kind="tip_all_passed", title=tip.title, url=reverse("stories:detail", args=[tip.pk]),
            reason=(f"Every journalist you pitched passed on “{tip.title}” — pitch someone "
                    "else or park it."),
        ))
    return rows[:limit]


# Export ------------------------------------------------------------------------------------
