"""Every read of introductions, opportunities, matches and the give/receive balance."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from backstory.core.errors import NotFound
from backstory.followups.cadence import Unindexed
from backstory.interactions.models import Participation
from backstory.people.models import ContactPoint, Person
from backstory.stories.selectors import TodayRow
from backstory.workspaces.models import Workspace

from .matching import Document, rank, terms
from .models import (
    Introduction,
    IntroRequest,
    IntroRequestStatus,
    IntroStatus,
    Opportunity,
    OpportunityKind,
    OpportunityLead,
    Outcome,
)
from .terms import candidates

WAITING_NUDGE_DAYS = 5


def _intro_qs(workspace: Workspace) -> QuerySet[Introduction]:
    return Introduction.objects.filter(workspace=workspace).select_related(
        "person_a", "person_b", "person_a__organization", "person_b__organization",
        "opportunity", "follow_up_item",
    )


def _today_intro_qs(workspace: Workspace) -> QuerySet[Introduction]:
    """What a row on Today says about an introduction: names and dates, not whole people."""
    return Introduction.objects.filter(workspace=workspace).select_related(
        "person_a", "person_b", "follow_up_item").only(
        "id", "workspace_id", "status", "outcome", "introduced_on", "asked_a_on", "asked_b_on",
        "status_changed_at", "person_a__id", "person_a__name", "person_b__id",
        "person_b__name", "follow_up_item__id", "follow_up_item__due_on")


def introduction_get(workspace: Workspace, introduction_id: int) -> Introduction:
    found = _intro_qs(workspace).filter(pk=introduction_id).first()
    if found is None:
        raise NotFound("No such introduction in this workspace.")
    return found


INTRO_STATES = {
    "open": Q(status__in=[IntroStatus.PROPOSED, IntroStatus.ASKED_A, IntroStatus.A_AGREED,
                          IntroStatus.ASKED_B]),
    "introduced": Q(status=IntroStatus.INTRODUCED),
    "declined": Q(status=IntroStatus.DECLINED),
    "all": Q(),
}


def introductions_list(workspace: Workspace, *, state: str = "all", q: str = "",
                       outcome: str = "") -> QuerySet[Introduction]:
    qs = _intro_qs(workspace).filter(INTRO_STATES.get(state, Q()))
    if outcome:
        qs = qs.filter(outcome=outcome)
    if q:
        qs = qs.filter(Q(person_a__name__icontains=q) | Q(person_b__name__icontains=q)
                       | Q(reason__icontains=q))
    return qs.order_by("-status_changed_at", "-id")


def introduction_counts(workspace: Workspace) -> dict[str, int]:
    counts = Introduction.objects.filter(workspace=workspace).aggregate(
        all=Count("id"), **{name: Count("id", filter=cond)
                            for name, cond in INTRO_STATES.items() if name != "all"},
        hired=Count("id", filter=Q(outcome=Outcome.HIRED)),
    )
    return counts


def introductions_for_person(workspace: Workspace, person: Person) -> list[Introduction]:
    return list(_intro_qs(workspace).filter(Q(person_a=person) | Q(person_b=person))
                .order_by("-status_changed_at", "-id")[:30])


def primary_emails(workspace: Workspace, people: list[Person]) -> dict[int, str]:
    emails: dict[int, str] = {}
    # Found by person (a few rows), never by walking the workspace's e-mail index.
    for person_id, value in (
        ContactPoint.objects.alias(ws=Unindexed("workspace_id"))
        .filter(ws=workspace.pk, kind="email", person_id__in=[p.pk for p in people])
        .order_by("person_id", "position", "id").values_list("person_id", "value")
    ):
        emails.setdefault(person_id, value)
    return emails


# Chains -----------------------------------------------------------------------------------


@dataclass
class ChainNode:
    person: Person
    children: list[ChainNode] = field(default_factory=list)
    made: list[Introduction] = field(default_factory=list)
    size: int = 1  # the person and everyone below them


@dataclass
class Chains:
    roots: list[ChainNode]
    introductions: list[Introduction]
    # person id → the people who introduced the user to them, nearest first
    via: dict[int, list[Person]]
    hidden: int = 0  # people on chains beyond the ones shown
    more_introductions: bool = False


CHAIN_NODES = 300  # people shown in the trees, largest trees first
CHAIN_INTROS = 30  # introductions listed (the latest)


def chains(workspace: Workspace, *, person_id: int | None = None) -> Chains:
    """Who introduced the user to whom (Person.introduced_by), and the introductions made.

    The trees are worked out from the introduced-by links alone (ids and names, read from
    an index of the links); only the ``CHAIN_NODES`` people shown, their introductions and
    the latest ``CHAIN_INTROS`` introductions are loaded as records. Five queries.
    With ``person_id``, only the tree that holds that person and their introductions.
    """
    linked = Person.objects.filter(workspace=workspace, introduced_by__isnull=False).order_by()
    parent: dict[int, int] = {}
    names: dict[int, str] = {}
    for pk, name, introducer in linked.values_list("id", "name", "introduced_by_id"):
        parent[pk], names[pk] = introducer, name
    names.update(linked.values_list("introduced_by_id", "introduced_by__name").distinct())
    children: dict[int, list[int]] = {pk: [] for pk in names}
    for pk, introducer in parent.items():
        if introducer in children and introducer != pk:
            children[introducer].append(pk)
    order = {pk: (name, pk) for pk, name in names.items()}
    for kids in children.values():
        kids.sort(key=order.__getitem__)
    roots = sorted((pk for pk in names if parent.get(pk) not in children or parent[pk] == pk),
                   key=order.__getitem__)
    # A cycle (A introduced B who introduced A) has no root: break it at its first member.
    reached: set[int] = set()

    def walk(root: int) -> None:
        stack = [root]
        while stack:
            pk = stack.pop()
            if pk in reached:
                continue
            reached.add(pk)
            stack.extend(kid for kid in children[pk] if kid not in reached)

    for root in roots:
        walk(root)
    for pk in sorted(names, key=order.__getitem__):
        if pk not in reached:
            children[parent[pk]].remove(pk)
            roots.append(pk)
            walk(pk)
    size: dict[int, int] = {}

    def measure(root: int) -> int:
        stack, seen_order = [root], []
        while stack:
            pk = stack.pop()
            seen_order.append(pk)
            stack.extend(children[pk])
        for pk in reversed(seen_order):
            size[pk] = 1 + sum(size[kid] for kid in children[pk])
        return size[root]

    for root in roots:
        measure(root)

    def via(pk: int) -> list[Person]:
        path, seen = [], {pk}
        current = parent.get(pk)
        while current is not None and current in names and current not in seen \
                and len(path) < 20:
            path.append(Person(id=current, workspace_id=workspace.pk, name=names[current]))
            seen.add(current)
            current = parent.get(current)
        return path

    if person_id is not None:
        top = via(person_id)
        root_id = top[-1].pk if top else person_id
        roots = [root_id] if root_id in names else []
    else:
        roots = [r for r in roots if children[r]]
    roots.sort(key=lambda pk: (-size[pk], *order[pk]))

    shown: list[int] = []
    for root in roots:
        queue = [root]
        while queue and len(shown) < CHAIN_NODES:
            pk = queue.pop(0)
            shown.append(pk)
            queue.extend(children[pk])
        if len(shown) >= CHAIN_NODES:
            break
    people = Person.objects.filter(workspace=workspace, pk__in=shown).select_related(
        "organization").order_by().in_bulk()
    nodes = {pk: ChainNode(person=people[pk], size=size.get(pk, 1))
             for pk in shown if pk in people}
    for pk, node in nodes.items():
        node.children = [nodes[kid] for kid in children.get(pk, []) if kid in nodes]
    made = Q(person_a_id__in=list(nodes)) | Q(person_b_id__in=list(nodes))
    for intro in _intro_qs(workspace).filter(made).order_by("-status_changed_at", "-id")[
            :CHAIN_NODES]:
        for pk in (intro.person_a_id, intro.person_b_id):
            if pk in nodes:
                nodes[pk].made.append(intro)
    listed = _intro_qs(workspace).order_by("-status_changed_at", "-id")
    if person_id is not None:
        listed = listed.filter(Q(person_a_id=person_id) | Q(person_b_id=person_id))
    intros = list(listed[:CHAIN_INTROS + 1])
    more = len(intros) > CHAIN_INTROS
    intros = intros[:CHAIN_INTROS]
    via_map = {}
    for intro in intros:
        intro.via_a = via_map.setdefault(intro.person_a_id, via(intro.person_a_id))
        intro.via_b = via_map.setdefault(intro.person_b_id, via(intro.person_b_id))
    return Chains(roots=[nodes[r] for r in roots if r in nodes], introductions=intros,
                  via=via_map, hidden=sum(size[r] for r in roots) - len(nodes),
                  more_introductions=more)


def introduced_by_chain(workspace: Workspace, person: Person, limit: int = 10) -> list[Person]:
    """Who introduced the user to this person, then who introduced the user to them…"""
    path: list[Person] = []
    seen = {person.pk}
    current_id = person.introduced_by_id
    while current_id and current_id not in seen and len(path) < limit:
        found = Person.objects.filter(workspace=workspace, pk=current_id).only(
            "id", "name", "introduced_by_id", "workspace_id").first()
        if found is None:
            break
        path.append(found)
        seen.add(found.pk)
        current_id = found.introduced_by_id
    return path


# Opportunities ----------------------------------------------------------------------------


def opportunity_get(workspace: Workspace, opportunity_id: int) -> Opportunity:
    found = (Opportunity.objects.filter(workspace=workspace, pk=opportunity_id)
             .select_related("contact", "brought_by").first())
    if found is None:
        raise NotFound("No such opportunity in this workspace.")
    return found


def opportunities_list(workspace: Workspace, *, state: str = "open", kind: str = "",
                       q: str = "") -> QuerySet[Opportunity]:
    qs = Opportunity.objects.filter(workspace=workspace).select_related("contact", "brought_by")
    if state == "open":
        qs = qs.filter(closed_at__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_at__isnull=False)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q)
                       | Q(organization_name__icontains=q) | Q(keywords__icontains=q))
    return qs.annotate(lead_count=Count("leads")).order_by("-created_at", "-id")


# Opportunities that offer something match what people WANT; requests match what they OFFER.
SEEKING_KINDS = frozenset({OpportunityKind.CUSTOMER_REFERENCE, OpportunityKind.EXPERT})
WEIGHTS_FOR_GIVING = {"wants": 3.0, "tags": 2.0, "title": 1.0, "offers": 0.5}
WEIGHTS_FOR_SEEKING = {"offers": 3.0, "tags": 2.0, "title": 1.0, "wants": 0.5}
FIELD_LABELS = {"wants": "looking for", "offers": "can offer", "tags": "tags",
                "title": "job title"}


def match_weights(kind: str) -> dict[str, float]:
    return WEIGHTS_FOR_SEEKING if kind in SEEKING_KINDS else WEIGHTS_FOR_GIVING


def opportunity_query(opportunity: Opportunity) -> str:
    return " ".join([opportunity.title, opportunity.description, opportunity.keywords,
                     opportunity.keywords])


@dataclass
class MatchRow:
    person: Person
    score: float
    why: list[tuple[str, list[str]]]
    lead: OpportunityLead | None = None
    because: list[tuple[str, list[str]]] | None = None  # (field, phrases as they typed them)

    @property
    def reason(self) -> str:
        """Why this person fits, in words: 'looking for: speaking slots; tags: fintech'."""
        return "; ".join(f"{field}: {', '.join(phrases)}"
                         for field, phrases in (self.because or self.why))


_WORD = re.compile(r"\w+")


def _phrases(text: str, words: list[str]) -> list[str]:
    """The matched words as the person wrote them, neighbours joined into phrases:
    ["product", "marketing", "fintech"] in "a product marketing role in fintech" →
    ["product marketing", "fintech"]."""
    wanted = {w.casefold() for w in words}
    phrases: list[str] = []
    run: list[str] = []
    for token in [*_WORD.findall(text or ""), ""]:
        if token and token.casefold() in wanted:
            run.append(token)
            continue
        if run and " ".join(run).casefold() not in {p.casefold() for p in phrases}:
            phrases.append(" ".join(run))
        run = []
    found = {w.casefold() for p in phrases for w in p.split()}
    return phrases + [w for w in words if w.casefold() not in found]


def opportunity_matches(workspace: Workspace, opportunity: Opportunity, *,
                        limit: int = 25) -> list[MatchRow]:
    """People whose stated wants (or offers, for a request) fit the opportunity, best first.

    Four queries at any size: the candidates from the index of what people mention (the
    people who share the most words with the opportunity, ``intros.terms``), their
    profiles, their tags, and the matches already acted on. Ranking compares the
    candidates with each other.
    """
    query = opportunity_query(opportunity)
    # Neither the contact nor whoever brought the opportunity is matched to it.
    ids = candidates(workspace, terms(query),
                     exclude=[i for i in (opportunity.contact_id, opportunity.brought_by_id) if i])
    # Sorted here, not in SQL: an ORDER BY name would tempt SQLite into reading the whole
    # name index instead of looking up these ids.
    people = sorted(Person.objects.filter(workspace=workspace, pk__in=ids).order_by().only(
        "id", "name", "title", "wants", "offers", "circle", "workspace_id"),
        key=lambda p: (p.name, p.pk))
    # Tag names as plain values: much cheaper than tag objects for hundreds of people.
    tags: dict[int, list[str]] = {}
    for person_id, name in (Person.tags.through.objects.filter(person_id__in=ids)
                            .order_by("tag__name").values_list("person_id", "tag__name")):
        tags.setdefault(person_id, []).append(name)
    documents = [
        Document(key=p.pk, fields={"wants": p.wants, "offers": p.offers, "title": p.title,
                                   "tags": " ".join(tags.get(p.pk, []))})
        for p in people
    ]
    by_id = {p.pk: p for p in people}
    documents_by_id = {d.key: d for d in documents}
    matches = rank(query, documents, match_weights(opportunity.kind))[:limit]
    leads = {lead.person_id: lead for lead in OpportunityLead.objects.filter(
        workspace=workspace, opportunity=opportunity).select_related("introduction",
                                                                     "action_item")}
    weights = match_weights(opportunity.kind)
    rows = []
    for match in matches:
        why = sorted(match.matched.items(), key=lambda kv: -weights.get(kv[0], 0))
        fields = documents_by_id[match.key].fields
        rows.append(MatchRow(person=by_id[match.key], score=round(match.score, 2),
                             why=[(FIELD_LABELS.get(k, k), v) for k, v in why],
                             because=[(FIELD_LABELS.get(k, k), _phrases(fields.get(k, ""), v))
                                      for k, v in why],
                             lead=leads.get(match.key)))
    return rows


# Give and receive --------------------------------------------------------------------------


@dataclass
class MonthBalance:
    month: date
    gave: int = 0
    received: int = 0
    mutual: int = 0

    @property
    def total(self) -> int:
        return self.gave + self.received + self.mutual


@dataclass
class Balance:
    months: list[MonthBalance]
    gave: int
    received: int
    mutual: int

    @property
    def total(self) -> int:
        return self.gave + self.received + self.mutual

    @property
    def peak(self) -> int:
        return max([max(m.gave, m.received) + m.mutual for m in self.months] + [1])

    @property
    def summary(self) -> str:
        if not self.total:
            return "No touch recorded who gave or received value yet."
        if self.gave > self.received:
            return (f"You have given more than you received ({self.gave} to {self.received})"
                    " — asking them for help would feel fair.")
        if self.received > self.gave:
            return (f"They have given you more than you gave back ({self.received} to "
                    f"{self.gave}) — look for a way to help them.")
        return f"Balanced: {self.gave} given, {self.received} received."


def _month_start(value: date) -> date:
    return value.replace(day=1)


def _add_months(value: date, months: int) -> date:
    month = value.month - 1 + months
    return date(value.year + month // 12, month % 12 + 1, 1)


def give_receive_balance(workspace: Workspace, person: Person, *, today: date,
                         months: int = 12) -> Balance:
    """Who gave value in the touches with this person, per month (two queries)."""
    start = _add_months(_month_start(today), -(months - 1))
    base = Participation.objects.filter(workspace=workspace, person=person).exclude(
        interaction__value="")
    totals = {row["interaction__value"]: row["n"] for row in
              base.values("interaction__value").annotate(n=Count("id")).order_by()}
    start_at = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    per_month: dict[date, MonthBalance] = {
        _add_months(start, i): MonthBalance(month=_add_months(start, i)) for i in range(months)
    }
    for row in (base.filter(occurred_at__gte=start_at)
                .annotate(month=TruncMonth("occurred_at"))
                .values("month", "interaction__value").annotate(n=Count("id")).order_by()):
        month = row["month"]
        if isinstance(month, datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        bucket = per_month.get(_month_start(month))
        if bucket is not None:
            setattr(bucket, row["interaction__value"], row["n"])
    return Balance(months=list(per_month.values()), gave=totals.get("gave", 0),
                   received=totals.get("received", 0), mutual=totals.get("mutual", 0))


# Today -------------------------------------------------------------------------------------


def today_outcomes(workspace: Workspace, *, today: date, limit: int = 20) -> list[TodayRow]:
    """Introductions that need a move today, each with the reason (two queries).

    Kinds: intro_outcome (introduced, follow-up due: ask how it went), intro_ask_b (A said
    yes, B not asked yet), intro_waiting (asked someone days ago, no answer).
    """
    rows: list[TodayRow] = []
    for intro in (
        _today_intro_qs(workspace).filter(follow_up_item__done_at__isnull=True,
                                    follow_up_item__due_on__lte=today,
                                    status=IntroStatus.INTRODUCED)
        .order_by("follow_up_item__due_on", "id")[:limit]
    ):
        a, b = intro.person_a, intro.person_b
        since = (today - intro.introduced_on).days if intro.introduced_on else 0
        if intro.outcome == Outcome.CONNECTED:
            reason = (f"{a.name} and {b.name} connected — check whether it helped "
                      f"({since} days since the introduction).")
        else:
            reason = (f"You introduced {a.name} to {b.name} {since} days ago — how did it "
                      "go? Record the outcome.")
        rows.append(TodayRow(
            kind="intro_outcome", title=f"{a.name} ↔ {b.name}",
            url=reverse("intros:detail", args=[intro.pk]), person_id=a.pk, person_name=a.name,
            due_on=intro.follow_up_item.due_on, action_item_id=intro.follow_up_item_id,
            reason=reason,
        ))
    nudge_before = today - timedelta(days=WAITING_NUDGE_DAYS)
    # The page of waiting introductions is chosen from the (workspace, status) index
    # before the people are joined, so that only the rows shown are joined.
    waiting = Introduction.objects.filter(
        workspace=workspace,
        status__in=[IntroStatus.A_AGREED, IntroStatus.ASKED_A, IntroStatus.ASKED_B],
    ).filter(
        Q(status=IntroStatus.A_AGREED)
        | Q(status=IntroStatus.ASKED_A, asked_a_on__lte=nudge_before)
        | Q(status=IntroStatus.ASKED_B, asked_b_on__lte=nudge_before)
    ).order_by("status_changed_at", "id").values("id")[:limit]
    for intro in (
        _today_intro_qs(workspace).filter(pk__in=Subquery(waiting))
        .order_by("status_changed_at", "id")
    ):
        a, b = intro.person_a, intro.person_b
        url = reverse("intros:detail", args=[intro.pk])
        if intro.status == IntroStatus.A_AGREED:
            rows.append(TodayRow(
                kind="intro_ask_b", title=f"{a.name} ↔ {b.name}", url=url, person_id=b.pk,
                person_name=b.name,
                reason=f"{a.name} said yes to meeting {b.name} — ask {b.name} now.",
            ))
            continue
        asked, other, on = ((a, b, intro.asked_a_on) if intro.status == IntroStatus.ASKED_A
                            else (b, a, intro.asked_b_on))
        rows.append(TodayRow(
            kind="intro_waiting", title=f"{a.name} ↔ {b.name}", url=url, person_id=asked.pk,
            person_name=asked.name,
            reason=(f"You asked {asked.name} {(today - on).days} days ago about meeting "
                    f"{other.name} — nudge them or let it go."),
        ))
    return rows[:limit]


# Export ------------------------------------------------------------------------------------


# Requests to a teammate for an introduction ------------------------------------------------

ANSWERED_SHOWN_DAYS = 14
REQUESTS_LIMIT = 20


def _request_qs(workspace: Workspace) -> QuerySet[IntroRequest]:
    return IntroRequest.objects.filter(workspace=workspace).select_related(
        "person", "for_person", "requested_by", "asked", "introduction")


def intro_request_get(workspace: Workspace, request_id: int) -> IntroRequest | None:
    return _request_qs(workspace).filter(pk=request_id).first()


@dataclass
class IntroRequests:
    """What Today shows of the requests: those waiting for my answer, and the answers to
    mine of the last two weeks."""

    to_answer: list[IntroRequest]
    answered: list[IntroRequest]

    def __bool__(self) -> bool:
        return bool(self.to_answer or self.answered)


def intro_requests_for_today(workspace: Workspace, *, user, now: datetime) -> IntroRequests:
    """Two queries, whatever the number of requests."""
    if user is None or not user.is_authenticated:
        return IntroRequests([], [])
    to_answer = list(_request_qs(workspace).filter(
        asked=user, status=IntroRequestStatus.PENDING).order_by("created_at", "id")[
        :REQUESTS_LIMIT])
    answered = list(_request_qs(workspace).filter(
        requested_by=user, answered_at__gte=now - timedelta(days=ANSWERED_SHOWN_DAYS)).exclude(
        status=IntroRequestStatus.PENDING).order_by("-answered_at", "-id")[:REQUESTS_LIMIT])
    return IntroRequests(to_answer, answered)


def intro_requests_for_person(workspace: Workspace, person_id: int) -> list[IntroRequest]:
    """The open requests for an introduction to this person (the person page)."""
    return list(_request_qs(workspace).filter(
        person_id=person_id, status=IntroRequestStatus.PENDING).order_by("-created_at")[
        :REQUESTS_LIMIT])
