"""Helpers for tests: personas and small factories that go through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from backstory.interactions.models import ActionItem, Interaction
from backstory.interactions.services import (
    InteractionFields,
    action_item_create,
    interaction_log,
)
from backstory.people.models import Person
from backstory.people.services import ContactInput, PersonFields, person_create
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Role, Workspace
from backstory.workspaces.services import membership_add, user_create


@dataclass
class Personas:
    owner: object
    teammate: object
    viewer: object
    outsider: object
    workspace: Workspace
    outsider_workspace: Workspace


def make_personas() -> Personas:
    owner = user_create(username="olivia", password=None)
    teammate = user_create(username="tom", password=None)
    viewer = user_create(username="vera", password=None)
    outsider = user_create(username="oscar", password=None)
    workspace = owner.memberships.get().workspace
    membership_add(workspace, user=teammate, role=Role.EDITOR, by=owner)
    membership_add(workspace, user=viewer, role=Role.VIEWER, by=owner)
    # The teammate and viewer see the shared workspace first.
    for user in (teammate, viewer):
        user.memberships.exclude(workspace=workspace).delete()
    return Personas(
        owner=owner, teammate=teammate, viewer=viewer, outsider=outsider,
        workspace=workspace, outsider_workspace=outsider.memberships.get().workspace,
    )


def make_person(workspace: Workspace, name: str = "Dana Reyes", *, by: Actor = None,
                **fields) -> Person:
    emails = fields.pop("emails", [])
    contacts = [ContactInput("email", e) for e in emails] + fields.pop("contacts", [])
    return person_create(
        workspace, by=by, data=PersonFields(name=name, contacts=contacts, **fields)
    )


def make_interaction(
    workspace: Workspace, people: list[Person], *, by: Actor = None, kind: str = "coffee",
    when: datetime | None = None, notes: str = "", **fields,
) -> Interaction:
    return interaction_log(
        workspace, by=by,
        data=InteractionFields(
            kind=kind, occurred_at=when or timezone.now() - timedelta(days=1), people=people,
            notes=notes, **fields,
        ),
    )


def make_action(workspace: Workspace, text: str = "Send the Q3 report", *, by: Actor = None,
                **fields) -> ActionItem:
    return action_item_create(workspace, by=by, text=text, **fields)


User = get_user_model()


# Query-count guards ------------------------------------------------------------------------
# Every list and detail page runs the same number of SQL queries whatever the size of the
# workspace. The guards build a network at two sizes with ``grow_network`` and hold each
# page to a written-down count with ``assert_query_counts``: a change that adds a query per
# row fails at the larger size, and a change that adds a fixed query updates one number.

GUARD_SIZES = [100, 3000]


@dataclass
class Network:
    """What the guards need to find their pages in a grown workspace."""

    people: list[Person]
    hub: Person  # many touches, tips, introductions
    ids: dict[str, int]


def grow_network(workspace: Workspace, n: int) -> Network:
    """``n`` people with touches, action items, e-mails, tags, wants, introducers, tips
    with sources and pitches, introductions, opportunities with leads, and one "hub"
    person whose history grows with ``n`` — written in bulk, stored values refreshed."""
    import random

    from backstory.bench.network import _insert_touches, build_network
    from backstory.core.derived import derived_rebuild
    from backstory.intros.models import Introduction, Opportunity, OpportunityLead
    from backstory.people.models import ContactPoint, Organization, Tag, Team
    from backstory.stories.models import Pitch, Tip, TipSource

    rng = random.Random(n)
    now = timezone.now()
    today = timezone.localdate()
    people = build_network(workspace, n)
    hub = people[1]
    _insert_touches(workspace, [(hub.pk, "coffee", now - timedelta(days=i, hours=2))
                                for i in range(max(20, n // 12))], now)

    # A few names a user would type into the quick-log.
    for person, name in zip(people[2:6], ["Dana Reyes", "Sam Ortiz", "Dana Scully",
                                          "Priya Raman"], strict=True):
        person.name = name
    tags = Tag.objects.bulk_create([Tag(workspace=workspace, name=f"topic{i}") for i in range(5)])
    links, points = [], []
    for i, person in enumerate(people):
        if i % 3 == 0:
            links.append(Person.tags.through(person_id=person.pk, tag_id=tags[i % 5].pk))
        email = f"person{i - 1 if i % 50 == 49 else i}@example.org"  # some shared: duplicates
        points.append(ContactPoint(workspace=workspace, person=person, kind="email",
                                   value=email, normalized=email, is_primary=True))
        if i % 4 == 0:
            person.wants = "a product marketing role in fintech"
            person.offers = "launch playbooks"
        if i % 10 == 9:
            person.introduced_by_id = people[i - 1].pk
    Person.tags.through.objects.bulk_create(links, batch_size=2000)
    ContactPoint.objects.bulk_create(points, batch_size=2000)
    Person.objects.bulk_update(people, ["name", "wants", "offers", "introduced_by"],
                               batch_size=2000)
    items = list(ActionItem.objects.filter(workspace=workspace).order_by("pk").values_list(
        "pk", flat=True))
    ActionItem.objects.filter(pk__in=items[::3]).update(done_at=now - timedelta(days=2))
    derived_rebuild(workspace)

    media = [p for p in people if p.circle == "media"]
    statuses = ["new", "researching", "pitched", "covered", "parked", "declined"]
    kinds = ["customer_story", "human_interest", "news", "heads_up", "event"]
    tips = []
    for i in range(max(6, n // 25)):
        heard = today - timedelta(days=rng.randint(0, 200))
        happens = heard + timedelta(days=rng.randint(-5, 60))
        tips.append(Tip(workspace=workspace, title=f"Tip {i}", kind=kinds[i % len(kinds)],
                        status=statuses[i % len(statuses)], heard_on=heard, happens_on=happens,
                        lead_days=(happens - heard).days,
                        status_changed_at=now - timedelta(days=rng.randint(0, 100))))
    tips = Tip.objects.bulk_create(tips, batch_size=2000)
    sources, pitches = [], []
    for i, the_tip in enumerate(tips):
        givers = [hub] if i % 5 == 0 else rng.sample(people, 2)
        sources += [TipSource(workspace=workspace, tip=the_tip, person=p, position=k)
                    for k, p in enumerate(givers)]
        if the_tip.status in ("pitched", "covered"):
            pitches.append(Pitch(workspace=workspace, tip=the_tip, journalist=media[i % len(media)],
                                 angle="An angle for your readers", status="sent",
                                 sent_on=today - timedelta(days=i % 9)))
    TipSource.objects.bulk_create(sources, batch_size=2000)
    Pitch.objects.bulk_create(pitches, batch_size=2000)

    intro_states = ["proposed", "asked_a", "a_agreed", "asked_b", "introduced", "declined"]
    intros = []
    for i in range(max(6, n // 25)):
        a, b = rng.sample(people[2:], 2)
        state = intro_states[i % len(intro_states)]
        intros.append(Introduction(
            workspace=workspace, person_a=hub if i % 5 == 0 else a, person_b=b, reason="Why",
            status=state, status_changed_at=now - timedelta(days=i % 60),
            introduced_on=today - timedelta(days=20) if state == "introduced" else None,
            outcome="connected" if state == "introduced" and i % 2 else ""))
    intros = Introduction.objects.bulk_create(intros, batch_size=2000)
    opportunities = Opportunity.objects.bulk_create([
        Opportunity(workspace=workspace, kind="job", title=f"Product marketing role {i}",
                    keywords="fintech product marketing", contact=people[3], brought_by=hub)
        for i in range(max(3, n // 500))])
    OpportunityLead.objects.bulk_create([
        OpportunityLead(workspace=workspace, opportunity=opportunities[0], person=p)
        for p in people[4: 4 + max(3, n // 100)]])

    own = Organization.objects.get(workspace=workspace, is_own=True)
    other = Organization.objects.filter(workspace=workspace, is_own=False).first()
    return Network(people=people, hub=hub, ids={
        "hub": hub.pk, "own_org": own.pk, "org": other.pk,
        "team": Team.objects.filter(workspace=workspace).order_by("pk")[0].pk,
        "interaction": Interaction.objects.filter(workspace=workspace).order_by("-pk")[0].pk,
        "tip": tips[0].pk, "intro": intros[0].pk, "opportunity": opportunities[0].pk,
    })


def count_queries(client, url: str, **headers) -> int:
    """The SQL queries of one GET (after a first request, so that one-time work such as a
    session or a cache does not count)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured)


def assert_query_counts(client, expected: dict[str, int], **headers) -> None:
    """Every page of ``expected`` runs exactly its number of queries; the failure lists
    every page that does not, so one run shows the whole picture."""
    found = {url: count_queries(client, url, **headers) for url in expected}
    wrong = {url: (expected[url], n) for url, n in found.items() if n != expected[url]}
    assert not wrong, "Query counts changed (page: expected → found):\n" + "\n".join(
        f"  {url}: {want} → {got}" for url, (want, got) in wrong.items())


def capped_fill_today(workspace: Workspace, user) -> bool:
    """Whether the people at the urgency cap alone fill Today's reach-out candidates: the
    agenda then skips ranking the others, one query fewer (a fixed number either way)."""
    from backstory.followups.selectors import RANK_CANDIDATES, capped_relationships
    from backstory.workspaces.clock import workspace_today

    return (capped_relationships(workspace, user.pk, workspace_today(workspace)).count()
            >= RANK_CANDIDATES)
