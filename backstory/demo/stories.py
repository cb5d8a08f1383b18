"""Demo data for the tips board: colleagues' tips → pitches → coverage, and the ones parked.

``seed_stories`` goes through the real services. It uses the internal colleagues and
journalists it is given (or finds in the workspace) and adds a small cast of its own
where there are not enough, so it works on an empty workspace as well as after the
main demo step. Dates are relative to `today` so the demo always looks current.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from backstory.demo.clock import working_time
from backstory.interactions.services import InteractionFields, interaction_log
from backstory.people.models import Circle, Person
from backstory.people.services import PersonFields, person_create
from backstory.stories import services
from backstory.stories.models import Tip, TipKind
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Workspace

COLLEAGUES = [
    PersonFields(name="Dana Reyes", title="Enterprise account director", circle=Circle.INTERNAL,
                 direction="across", wants="customer proof points for enterprise deals",
                 offers="early word on big customer wins"),
    PersonFields(name="Marcus Chen", title="HR business partner", circle=Circle.INTERNAL,
                 direction="across", offers="people stories from across the company"),
    PersonFields(name="Ines Duarte", title="Customer success lead", circle=Circle.INTERNAL,
                 direction="across", offers="what customers are saying before it is public"),
    PersonFields(name="Tobias Kraft", title="VP Engineering", circle=Circle.INTERNAL,
                 direction="up", offers="engineering milestones and awards"),
]
JOURNALISTS = [
    PersonFields(name="Alex Morgan", title="Senior reporter", circle=Circle.MEDIA,
                 beat="enterprise software, customers, cloud", outlet="TechDaily"),
    PersonFields(name="Jordan Blake", title="Features editor", circle=Circle.MEDIA,
                 beat="workplace culture, people, human interest features",
                 outlet="The Weekly Review"),
    PersonFields(name="Riya Shah", title="Product reporter", circle=Circle.MEDIA,
                 beat="mobile apps, product launches, consumer technology",
                 outlet="Gadget Wire"),
    PersonFields(name="Chris Okafor", title="Business correspondent", circle=Circle.MEDIA,
                 beat="business news, pricing, industry, regulation", outlet="Market Ledger"),
]


@dataclass
class _Cast:
    colleagues: list[Person]
    journalists: list[Person]


def _cast(workspace: Workspace, by: Actor, people: Sequence[Person] | None) -> _Cast:
    pool = list(people) if people is not None else list(
        Person.objects.filter(workspace=workspace, archived_at__isnull=True).order_by("id"))
    colleagues = [p for p in pool if p.circle == Circle.INTERNAL][:4]
    journalists = [p for p in pool if p.circle == Circle.MEDIA and (p.beat or p.outlet)][:4]
    taken = {p.name.lower() for p in pool}
    _fill(workspace, by, colleagues, COLLEAGUES, taken)
    _fill(workspace, by, journalists, JOURNALISTS, taken)
    return _Cast(colleagues=colleagues, journalists=journalists)


def _fill(workspace: Workspace, by: Actor, found: list[Person], cast: list[PersonFields],
          taken: set[str]) -> None:
    """Add cast members until there are four, never reusing a name already in the pool."""
    for round_ in range(1, 4):
        for fields in cast:
            if len(found) >= 4:
                return
            name = fields.name if round_ == 1 else f"{fields.name} {round_}"
            if name.lower() in taken:
                continue
            taken.add(name.lower())
            found.append(person_create(workspace, by=by, data=replace(fields, name=name)))


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _coffee(workspace, by: Actor, person: Person, day: date, summary: str):
    return interaction_log(workspace, by=by, data=InteractionFields(
        kind="coffee", occurred_at=working_time(day, 10, workspace.time_zone), people=[person],
        summary=summary))


def _backdate(tip: Tip, days_ago: int, today: date) -> None:
    # Demo only: the board's "new for 10 days" needs a past status date; the services
    # always stamp "now", which is right for everything but a replayed history.
    Tip.objects.filter(pk=tip.pk).update(
        status_changed_at=_at(today - timedelta(days=days_ago), 9))


def seed_stories(workspace: Workspace, *, by: Actor, rng: random.Random,
                 people: Sequence[Person] | None = None,
                 today: date | None = None) -> dict[str, int]:
    """Tips in every column, pitches in every state, coverage and a thank-you to take.

    Returns counts of what was created: {"tips": …, "pitches": …, "covered": …}.
    """
    today = today or timezone.localdate()
    cast = _cast(workspace, by, people)
    dana, marcus, ines, tobias = cast.colleagues[:4]
    alex, jordan, riya, chris = cast.journalists[:4]

    def ago(days: int) -> date:
        return today - timedelta(days=days + rng.randint(0, 1))

    # Warm relationships with two journalists, so the suggestions have something to rank.
    for days in (70, 35, 12):
        _coffee(workspace, by, alex, ago(days), "Catch-up on enterprise stories")
    _coffee(workspace, by, jordan, ago(50), "Lunch: what features she is looking for")

    # 1. A customer story from Sales → pitched to Alex → covered. The thank-you is left as
    #    a suggestion for the user to take.
    chat = _coffee(workspace, by, dana, ago(45), "Coffee with Dana — Acme onboarding win")
    acme = services.tip_create(workspace, by=by, data=services.TipFields(
        title="Acme Logistics cut onboarding from six weeks to three days with our API",
        kind=TipKind.CUSTOMER_STORY, heard_on=ago(45), happens_on=ago(20),
        sources=[dana], interaction=chat,
        details="Dana closed the renewal last week. Acme's COO is happy to be quoted; "
                "the case study goes live with their Q2 results.",
    ))
    services.tip_move(workspace, by=by, tip=acme, status="researching")
    pitch = services.pitch_create(
        workspace, by=by, tip=acme, journalist=alex, sent_on=ago(30), follow_up_days=4,
        angle="You wrote about onboarding as the hidden cost of enterprise software — Acme "
              "has the numbers, and their COO will talk on the record.")
    services.pitch_move(workspace, by=by, pitch=pitch, status="replied", on=ago(28))
    services.pitch_move(workspace, by=by, pitch=pitch, status="accepted", on=ago(27))
    services.pitch_record_coverage(
        workspace, by=by, pitch=pitch, outlet=alex.outlet or "TechDaily", published_on=ago(18),
        url="https://techdaily.example/acme-onboarding",
        headline="How Acme Logistics got new customers live in three days")

    # 2. An older customer story, covered and thanked already.
    older = services.tip_create(workspace, by=by, data=services.TipFields(
        title="Brightwell Foods halved delivery emissions using route planning",
        kind=TipKind.CUSTOMER_STORY, heard_on=ago(110), happens_on=ago(80), sources=[ines],
    ))
    pitch = services.pitch_create(
        workspace, by=by, tip=older, journalist=chris, sent_on=ago(95),
        angle="Sustainability with a business case: the numbers behind Brightwell's routes.")
    services.pitch_record_coverage(workspace, by=by, pitch=pitch,
                                   outlet=chris.outlet or "Market Ledger", published_on=ago(78),
                                   url="https://marketledger.example/brightwell-routes")
    services.tip_thank_source(workspace, by=by, tip=older, person=ines)

    # 3. A human-interest story pitched six days ago — no reply yet (a follow-up on Today).
    marathon = services.tip_create(workspace, by=by, data=services.TipFields(
        title="Support engineer Priya ran the Berlin marathon for the children's hospital",
        kind=TipKind.HUMAN_INTEREST, heard_on=ago(14), sources=[marcus],
        details="Raised €12,000. Her team ran the last 5 km with her.",
    ))
    services.pitch_create(
        workspace, by=by, tip=marathon, journalist=jordan, sent_on=today - timedelta(days=6),
        follow_up_days=4,
        angle="For your 'people behind the product' series: a support engineer who turned "
              "her first marathon into a fundraiser.")

    # 4. A product launch: one journalist passed, another replied.
    launch = services.tip_create(workspace, by=by, data=services.TipFields(
        title="Offline mode ships in the mobile app next month",
        kind=TipKind.NEWS, heard_on=ago(9), happens_on=today + timedelta(days=24),
        sources=[tobias],
    ))
    passed = services.pitch_create(
        workspace, by=by, tip=launch, journalist=chris, sent_on=ago(7),
        angle="A business angle: offline mode opens field-service customers.")
    services.pitch_move(workspace, by=by, pitch=passed, status="declined", on=ago(5))
    replied = services.pitch_create(
        workspace, by=by, tip=launch, journalist=riya, sent_on=ago(6),
        angle="You reviewed three field apps last month — ours now works with no signal.")
    services.pitch_move(workspace, by=by, pitch=replied, status="replied", on=ago(4))

    # 5. An early warning, being researched.
    services.tip_move(workspace, by=by, status="researching", tip=services.tip_create(
        workspace, by=by, data=services.TipFields(
            title="Heads-up: customers hear about the Q3 price change on the 15th",
            kind=TipKind.HEADS_UP, heard_on=ago(3), happens_on=today + timedelta(days=12),
            sources=[ines, dana],
            details="Prepare the reactive statement and the FAQ before it reaches the press.",
        )))

    # 6. An award next week, still new (shows on Today: happens soon).
    services.tip_create(workspace, by=by, data=services.TipFields(
        title="Platform team shortlisted for the Green Code award",
        kind=TipKind.EMPLOYEE_ACHIEVEMENT, heard_on=ago(2),
        happens_on=today + timedelta(days=5), sources=[tobias],
    ))

    # 7. A tip left new for ten days (Today: research it or park it).
    stale = services.tip_create(workspace, by=by, data=services.TipFields(
        title="Intern cohort built an accessibility checker for our docs",
        kind=TipKind.HUMAN_INTEREST, heard_on=today - timedelta(days=10), sources=[marcus],
    ))
    _backdate(stale, 10, today)

    # 8. Parked and declined ones.
    services.tip_move(workspace, by=by, status="parked", tip=services.tip_create(
        workspace, by=by, data=services.TipFields(
            title="Open-data meetup in Lisbon could host our maps team",
            kind=TipKind.EVENT, heard_on=ago(30), sources=[tobias],
        )))
    services.tip_move(workspace, by=by, status="declined", tip=services.tip_create(
        workspace, by=by, data=services.TipFields(
            title="Rumoured reorganisation of the EMEA sales team",
            kind=TipKind.HEADS_UP, heard_on=ago(21), sources=[dana],
            details="Internal only; not a story we pitch.",
        )))

    tips = Tip.objects.filter(workspace=workspace)
    return {
        "tips": tips.count(),
        "pitches": sum(t.pitches.count() for t in tips),
        "covered": tips.filter(status="covered").count(),
    }
