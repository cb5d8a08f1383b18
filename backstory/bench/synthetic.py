"""Deterministic synthetic workspaces for the benchmark harness.

``build_workspace(people=50_000)`` writes, with bulk inserts and outside any timing, a
workspace that looks like a long-lived comms team's network: one own organisation with
its departments, thousands of outside organisations, people in every circle with
e-mails, phones and LinkedIn URLs, tags, ten touches per person on average (some with
two people) with Markdown notes of realistic length drawn from the demo's writing, open
and done action items, tips with sources, pitches, introductions and opportunities —
plus one "hub" person with 200 touches, the person page's worst case. The same seed
gives the same workspace.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from backstory.core.bulk import big_batches
from backstory.core.derived import derived_rebuild
from backstory.demo import topics, world
from backstory.interactions.models import ActionItem, Interaction, Participation
from backstory.intros.models import Introduction, Opportunity
from backstory.people.models import ContactPoint, Organization, Person, Tag, Team
from backstory.search.services import search_index_deferred
from backstory.stories.models import Pitch, Tip, TipSource
from backstory.webhooks.models import Delivery
from backstory.webhooks.services import webhook_create
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import user_create

from .team import add_team

HISTORY_DAYS = 540  # 18 months of touches
HUB_TOUCHES = 200

# (circle, weight, cadence-ish spread of last touches in days)
CIRCLES = [("internal", 30), ("media", 15), ("customer", 15), ("industry", 12),
           ("community", 8), ("mentor", 3), ("mentee", 4), ("job_seeker", 3),
           ("friend", 4), ("other", 6)]
KINDS = {
    "internal": ["coffee", "one_on_one", "team_meeting", "cafeteria", "message", "email"],
    "media": ["email", "phone", "coffee", "event", "message"],
    "customer": ["video", "email", "event", "phone", "coffee"],
}
DEFAULT_KINDS = ["coffee", "email", "video", "phone", "message", "event", "social"]
TAGS = ["customer-story", "human-interest", "launch", "board", "speaker", "fintech",
        "payments", "hiring", "podcast", "award", "crisis", "sustainability", "partner",
        "analyst", "alumni", "conference", "newsletter", "intranet", "regional", "exec"]
WANTS = ["a product marketing role in fintech", "speaking slots at payments conferences",
         "a customer reference in logistics", "a mentor in investor relations",
         "data on late payments for a feature", "an intro to a CFO at a retailer",
         "a podcast guest on small-business cash flow", "a job in communications",
         "beta customers for an analytics tool", "an expert on open banking"]
OFFERS = ["intros to regional business editors", "a customer story about forecasting",
          "advice on media training", "a speaking slot at a meetup", "hiring managers in Leeds",
          "analyst briefings", "data from the quarterly SME survey"]


@dataclass
class Built:
    """What the scenarios need to find their pages."""

    workspace: Workspace
    owner: object
    people: int
    interactions: int
    ids: dict[str, int] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)


class _Fill(dict):
    """Leaves unknown placeholders readable instead of raising KeyError."""

    def __missing__(self, key: str) -> str:
        return key


def _note_pool(rng: random.Random, size: int = 1500) -> list[tuple[str, str]]:
    """(summary, notes) pairs written from the demo's topics with random fillings."""
    all_topics = [t for group in (topics.INTERNAL, topics.MEDIA, topics.CUSTOMER,
                                  topics.INDUSTRY, topics.COMMUNITY, topics.MENTOR,
                                  topics.MENTEE, topics.OTHER) for t in group if t.notes]
    teams = [team for team, _, _ in world.TEAMS]
    customers = [c[0] for c in world.CUSTOMERS]
    pool = []
    for _ in range(size):
        topic = rng.choice(all_topics)
        values = _Fill(
            first=rng.choice(world.FIRST_NAMES), team=rng.choice(teams),
            org=rng.choice(customers), beat="fintech and payments",
            customer=rng.choice(customers),
            colleague=f"{rng.choice(world.FIRST_NAMES)} {rng.choice(world.LAST_NAMES)}",
            exec="the COO", product=rng.choice(world.PRODUCTS),
            event=rng.choice(world.EVENTS), city=rng.choice(world.CITIES),
            month=rng.choice(["March", "June", "September", "November"]),
            quarter=rng.choice(["Q1", "Q2", "Q3", "Q4"]), n=rng.randint(2, 9),
            pct=rng.randint(5, 40), days=rng.randint(2, 9),
        )
        formatter = string.Formatter()
        notes = formatter.vformat(rng.choice(topic.notes), (), values)
        summary = formatter.vformat(topic.summary, (), values)
        pool.append((summary[:200], notes))
    return pool


def build_workspace(*, people: int, seed: int = 2026, touches_per_person: int = 10,
                    username: str | None = None, now: datetime | None = None,
                    members: int = 1) -> Built:
    """Create a user and a workspace of ``people`` people; returns what scenarios need.
    ``members`` > 1 makes it a team workspace: the touches spread across the members
    (``team.add_team``), the pages measured as its owner."""
    # The search triggers step aside during the bulk insert; the index is built once after.
    with search_index_deferred(), big_batches(), transaction.atomic():
        built = _build(people, seed, touches_per_person, username or f"bench{people}",
                       now or timezone.now())
        if members > 1:
            add_team(built.workspace, members, owner=built.owner)
    # Bulk inserts bypass the services: compute the stored values (and ANALYZE) once.
    derived_rebuild(built.workspace)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A real database is long past its bulk load: vacuum now (visibility map for
        # index-only scans, statistics) rather than let autovacuum do it mid-measurement.
        # (Not inside a transaction, e.g. a test's: VACUUM cannot run there.)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return built


def _build(n: int, seed: int, per_person: int, username: str, now: datetime) -> Built:
    rng = random.Random(seed)
    owner = user_create(username=username, password=None)
    workspace = owner.memberships.get().workspace

    own = Organization.objects.create(workspace=workspace, name=world.OWN_ORGANISATION["name"],
                                      is_own=True, website=world.OWN_ORGANISATION["website"])
    teams = Team.objects.bulk_create([
        Team(workspace=workspace, organization=own, name=name, notes=note)
        for name, note, _ in world.TEAMS
    ])
    outside_count = max(20, n // 12)
    suffixes = ["Ltd", "Group", "Partners", "Media", "Labs", "& Co", "Holdings", "Studio"]
    outlets = [o[0] for o in world.OUTLETS]
    outside = Organization.objects.bulk_create([
        Organization(workspace=workspace,
                     name=(outlets[i] if i < len(outlets) else
                           f"{rng.choice(world.LAST_NAMES)} {rng.choice(suffixes)} {i}"),
                     kind="media" if i < len(outlets) else "company")
        for i in range(outside_count)
    ], batch_size=5000)
    media_orgs = outside[: len(outlets)]
    tags = Tag.objects.bulk_create([Tag(workspace=workspace, name=t) for t in TAGS])

    circles = [c for c, w in CIRCLES for _ in range(w)]
    titles = [t for _, _, roles in world.TEAMS for t, _ in roles]
    beats = [beat for _, _, roles in world.OUTLETS for _, beat in roles]
    rows = []
    for i in range(n):
        circle = circles[i % len(circles)] if i else "media"
        first, last = rng.choice(world.FIRST_NAMES), rng.choice(world.LAST_NAMES)
        person = Person(
            workspace=workspace, name=f"{first} {last}", circle=circle,
            title=rng.choice(titles), direction=rng.choice(["up", "across", "down", ""]),
            wants=rng.choice(WANTS) if i % 4 == 0 else "",
            offers=rng.choice(OFFERS) if i % 5 == 0 else "",
            notes=(f"Met at {rng.choice(world.EVENTS)} in {rng.choice(world.CITIES)}."
                   if i % 3 == 0 else ""),
        )
        if circle == "internal":
            person.organization, person.team = own, teams[i % len(teams)]
        elif circle == "media":
            person.organization = media_orgs[i % len(media_orgs)]
            person.beat, person.outlet = rng.choice(beats), person.organization.name
        else:
            person.organization = outside[rng.randrange(len(outside))]
        if i % 10 == 3:
            person.owner = owner  # leads some relationships (the list filters by owner)
        if i % 50 == 7:
            person.archived_at = now - timedelta(days=rng.randint(1, 300))
        rows.append(person)
    people = Person.objects.bulk_create(rows, batch_size=5000)

    contacts, tag_links = [], []
    for i, p in enumerate(people):
        slug = p.name.lower().replace(" ", ".").replace("'", "")
        email = f"{slug}{i}@example.org"
        contacts.append(ContactPoint(workspace=workspace, person=p, kind="email", value=email,
                                     normalized=email, is_primary=True))
        if i % 3 == 0:
            phone = f"+44 20 7{i % 1000:03d} {i % 10000:04d}"
            contacts.append(ContactPoint(workspace=workspace, person=p, kind="phone",
                                         value=phone, normalized=phone.replace(" ", "")))
        if i % 2 == 0:
            url = f"https://www.linkedin.com/in/{slug.replace('.', '-')}-{i}"
            contacts.append(ContactPoint(workspace=workspace, person=p, kind="linkedin",
                                         value=url, normalized=url[12:]))
        if i % 4 == 0:
            tag_links.append(Person.tags.through(person_id=p.pk,
                                                 tag_id=tags[i % len(tags)].pk))
    ContactPoint.objects.bulk_create(contacts, batch_size=5000)
    Person.tags.through.objects.bulk_create(tag_links, batch_size=5000)

    touches = _touches(rng, people, per_person, now)
    _insert_touches(workspace, touches, now, _note_pool(rng))

    today = timezone.localdate(now)
    ActionItem.objects.bulk_create([
        ActionItem(workspace=workspace, person=p, text=f"Send {p.name} the quarterly brief",
                   due_on=today + timedelta(days=rng.randint(-20, 30)),
                   done_at=now - timedelta(days=rng.randint(0, 90)) if k % 3 else None)
        for k, p in enumerate(people[::3])
    ], batch_size=5000)
    hub = people[0]
    _stories(workspace, rng, people, hub, today, now)
    interactions = sum(1 for _ in touches)
    built = Built(workspace=workspace, owner=owner, people=n, interactions=interactions)
    built.ids = {"hub": hub.pk, "person": people[n // 2].pk, "own_org": own.pk,
                 "org": outside[1].pk, "team": teams[1].pk,
                 "interaction": Interaction.objects.filter(workspace=workspace)
                 .order_by("-occurred_at").values_list("pk", flat=True)[10],
                 "tip": Tip.objects.filter(workspace=workspace).order_by("pk")[0].pk,
                 "intro": Introduction.objects.filter(workspace=workspace)
                 .order_by("pk")[0].pk,
                 "opportunity": Opportunity.objects.filter(workspace=workspace)
                 .order_by("pk")[0].pk}
    built.ids["webhook"] = _webhook(workspace, owner, now)
    built.words = {"name": people[n // 3].name.split()[1], "note_word": "forecasting",
                   "tag": tags[0].name,
                   "first": people[n // 3].name.split()[0][:3]}
    return built


def _webhook(workspace, owner, now: datetime) -> int:
    """A webhook with a full delivery log (500 deliveries)."""
    hook = webhook_create(workspace, by=owner, url="https://hooks.example/backstory",
                          events=["interaction.logged", "person.created"])
    Delivery.objects.bulk_create([
        Delivery(workspace=workspace, webhook=hook, event_id=f"evt_bench{k}",
                 event="interaction.logged", body="{}" * 200, status="delivered",
                 attempts=1 + k % 3, response_status=200, response_excerpt="ok",
                 delivered_at=now - timedelta(minutes=k))
        for k in range(500)], batch_size=500)
    return hook.pk


def _touches(rng: random.Random, people: list[Person], per_person: int,
             now: datetime) -> list[tuple[list[int], str, datetime]]:
    """(people, kind, when): ``per_person`` touches per person on average — every 9th
    person never contacted — some touches with two people; the hub gets 200."""
    out = []
    count = len(people)
    mean = per_person * 9 // 8  # every 9th person has none: the others make up for them
    for i, person in enumerate(people):
        if i % 9 == 4:
            continue
        kinds = KINDS.get(person.circle, DEFAULT_KINDS)
        times = HUB_TOUCHES if i == 0 else rng.randint(mean // 2, mean * 3 // 2)
        for _ in range(times):
            when = now - timedelta(days=rng.triangular(0, HISTORY_DAYS, 20),
                                   hours=rng.randint(0, 10))
            with_whom = [person.pk]
            if rng.random() < 0.15:
                other = people[rng.randrange(count)].pk
                if other != person.pk:
                    with_whom.append(other)
            out.append((with_whom, rng.choice(kinds), when))
    return out


def _insert_touches(workspace: Workspace, touches, stamp: datetime,
                    notes: list[tuple[str, str]]) -> None:
    """Interactions and participations with executemany: model instances and
    bulk_create take minutes for half a million rows."""
    ops, qn = connection.ops, connection.ops.quote_name
    i_cols = [f.column for f in Interaction._meta.concrete_fields]
    p_cols = [f.column for f in Participation._meta.concrete_fields if f.column != "id"]
    created = ops.adapt_datetimefield_value(stamp)
    base = {"created_at": created, "updated_at": created, "workspace_id": workspace.pk,
            "place": "", "duration_minutes": None, "value": "", "created_by_id": None,
            "notes_private": False}
    places = ["", "", "Kings Cross office", "Bean & Leaf", "Zoom", "Level 3 kitchen"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {qn(Interaction._meta.db_table)}")
        first = (cursor.fetchone()[0] or 0) + 1
        rows, links = [], []
        for n, (with_whom, kind, when) in enumerate(touches):
            at = ops.adapt_datetimefield_value(when)
            summary, text = notes[n % len(notes)]
            row = {**base, "id": first + n, "kind": kind, "occurred_at": at,
                   "summary": summary, "notes": text, "place": places[n % len(places)],
                   "duration_minutes": 30 if kind in ("coffee", "one_on_one") else None,
                   "value": ("given", "received", "")[n % 3]}
            rows.append([row[c] for c in i_cols])
            for person_id in with_whom:
                link = {"workspace_id": workspace.pk, "interaction_id": first + n,
                        "person_id": person_id, "occurred_at": at}
                links.append([link[c] for c in p_cols])
        for model, columns, data in ((Interaction, i_cols, rows),
                                     (Participation, p_cols, links)):
            sql = (f"INSERT INTO {qn(model._meta.db_table)} "
                   f"({', '.join(qn(c) for c in columns)}) "
                   f"VALUES ({', '.join(['%s'] * len(columns))})")
            for start in range(0, len(data), 20000):
                cursor.executemany(sql, data[start:start + 20000])
        for statement in ops.sequence_reset_sql(no_style(), [Interaction, Participation]):
            cursor.execute(statement)


def _stories(workspace, rng, people, hub, today, now) -> None:
    """Tips from colleagues (one per 25 people), pitches to journalists, introductions
    (one per 50) and open opportunities (one per 500)."""
    internal = [p for p in people if p.circle == "internal" and p.archived_at is None]
    media = [p for p in people if p.circle == "media" and p.archived_at is None]
    statuses = ["new", "researching", "pitched", "covered", "parked", "declined"]
    kinds = ["customer_story", "human_interest", "employee_achievement", "heads_up", "news",
             "event"]
    tips = []
    for k in range(max(10, len(people) // 25)):
        heard = today - timedelta(days=rng.randint(0, HISTORY_DAYS))
        happens = heard + timedelta(days=rng.randint(-5, 60)) if k % 2 else None
        status = statuses[k % len(statuses)]
        tips.append(Tip(
            workspace=workspace, title=f"{rng.choice(kinds).replace('_', ' ').title()}: "
            f"{rng.choice(world.CUSTOMERS)[0]} and {rng.choice(world.PRODUCTS)}",
            details="Heard over coffee; worth a look before the quarter closes.",
            kind=kinds[k % len(kinds)], status=status, heard_on=heard, happens_on=happens,
            lead_days=(happens - heard).days if happens else None,
            status_changed_at=now - timedelta(days=rng.randint(0, 200)),
            covered_on=heard + timedelta(days=20) if status == "covered" else None))
    tips = Tip.objects.bulk_create(tips, batch_size=5000)
    sources = [TipSource(workspace=workspace, tip=t,
                         person=hub if k % 10 == 0 else internal[k % len(internal)])
               for k, t in enumerate(tips)]
    TipSource.objects.bulk_create(sources, batch_size=5000)
    pitches = []
    for k, tip in enumerate(t for t in tips if t.status in ("pitched", "covered")):
        status = "accepted" if tip.status == "covered" else ("sent", "replied", "declined")[k % 3]
        sent = tip.heard_on + timedelta(days=3)
        pitches.append(Pitch(
            workspace=workspace, tip=tip, journalist=media[k % len(media)],
            angle="An exclusive look at the numbers for your readers.", status=status,
            sent_on=sent, replied_on=sent + timedelta(days=2) if status != "sent" else None,
            covered_on=tip.covered_on if status == "accepted" else None,
            coverage_outlet=media[k % len(media)].outlet if status == "accepted" else ""))
    Pitch.objects.bulk_create(pitches, batch_size=5000)
    opportunities = Opportunity.objects.bulk_create([
        Opportunity(workspace=workspace, kind=("job", "speaking", "event", "expert")[k % 4],
                    title=f"{rng.choice(WANTS).capitalize()}", keywords="fintech payments",
                    description="Came across my desk this week; who would want this?")
        for k in range(max(5, len(people) // 500))
    ])
    intro_statuses = ["proposed", "asked_a", "a_agreed", "asked_b", "introduced", "declined"]
    intros = []
    for k in range(max(10, len(people) // 50)):
        a, b = people[rng.randrange(len(people))], people[rng.randrange(len(people))]
        if a.pk == b.pk:
            continue
        status = intro_statuses[k % len(intro_statuses)]
        intros.append(Introduction(
            workspace=workspace, person_a=hub if k % 20 == 0 else a, person_b=b,
            reason="Both work on cash-flow tools; worth a coffee.",
            opportunity=opportunities[k % len(opportunities)] if k % 4 == 0 else None,
            status=status, status_changed_at=now - timedelta(days=rng.randint(0, 300)),
            introduced_on=today - timedelta(days=rng.randint(10, 300))
            if status == "introduced" else None,
            outcome=("connected", "helped", "hired", "")[k % 4] if status == "introduced"
            else ""))
    Introduction.objects.bulk_create(intros, batch_size=5000)
