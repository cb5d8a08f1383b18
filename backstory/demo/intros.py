"""Demo data for introductions and opportunities: every state, one that led to a hire.

``seed_intros`` goes through the real services. It brings its own cast (people with
clear wants and offers, and who-introduced-whom chains), because matching needs words
to match on; people passed in `people` take part as extra candidates only.
"""

from __future__ import annotations

import random
import zoneinfo
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from backstory.demo.clock import working_time
from backstory.interactions.services import InteractionFields, interaction_log
from backstory.intros import services
from backstory.intros.models import Introduction, Opportunity, OpportunityKind
from backstory.people.models import Circle, Person
from backstory.people.services import PersonFields, person_create
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Workspace

CAST: dict[str, PersonFields] = {
    "grace": PersonFields(
        name="Grace Kim", title="Former CMO", circle=Circle.MENTOR, direction="up",
        offers="career advice for communicators\nintroductions across fintech",
        how_we_met="Mentoring programme of the comms association"),
    "omar": PersonFields(
        name="Omar Haddad", title="VP Marketing", circle=Circle.INDUSTRY, direction="up",
        wants="a senior product marketing manager for the payments launch",
        offers="hiring for product marketing\nfintech go-to-market advice"),
    "lena": PersonFields(
        name="Lena Fischer", title="Product marketer", circle=Circle.JOB_SEEKER,
        direction="down",
        wants="a senior product marketing role in fintech or payments\nmentoring on B2B "
              "launches",
        offers="launch playbooks\nGerman-language copy review", tags=["fintech", "pmm"]),
    "sam": PersonFields(
        name="Sam Ortiz", title="Developer advocate", circle=Circle.COMMUNITY,
        wants="speaking slots at developer conferences about open data and maps",
        offers="community meetups in Lisbon", tags=["speaking", "open-data"]),
    "priya": PersonFields(
        name="Priya Nair", title="Support engineer", circle=Circle.INTERNAL, direction="down",
        wants="her first conference talk on accessibility\nmentoring on public speaking",
        offers="accessibility audits of docs and apps", tags=["accessibility"]),
    "jonas": PersonFields(
        name="Jonas Berg", title="Head of operations", circle=Circle.CUSTOMER,
        offers="customer reference for logistics prospects\ncan talk to prospects about "
               "the API rollout"),
    "mei": PersonFields(
        name="Mei Tanaka", title="Content strategist", circle=Circle.INDUSTRY,
        direction="across",
        wants="a head of content role at a climate-tech company",
        offers="editorial calendars\nB2B content strategy", tags=["content", "climate"]),
    "felix": PersonFields(
        name="Felix Wagner", title="Founder", circle=Circle.INDUSTRY,
        wants="a customer reference in logistics for our Series A diligence\nintroductions "
              "to climate investors",
        offers="climate-tech founder network"),
    "hannah": PersonFields(
        name="Hannah Lee", title="Events producer", circle=Circle.INDUSTRY,
        wants="speakers on accessibility and inclusive design",
        offers="speaking slots at the Inclusive Design Summit"),
    "noah": PersonFields(
        name="Noah Williams", title="Data journalist turned analyst", circle=Circle.INDUSTRY,
        wants="a data-visualisation freelance project",
        offers="chart reviews\nintroductions to newsroom data teams", tags=["data"]),
    "zoe": PersonFields(
        name="Zoe Martin", title="Engineering manager", circle=Circle.INDUSTRY,
        wants="senior engineers who care about accessibility",
        offers="mentoring for engineers moving into management"),
}
# Who introduced the user to whom: Grace → Omar, Grace → Lena, Omar → Felix, Felix → Mei.
INTRODUCED_BY = {"omar": "grace", "lena": "grace", "felix": "omar", "mei": "felix"}


def _create_cast(workspace: Workspace, by: Actor, taken: set[str]) -> dict[str, Person]:
    cast: dict[str, Person] = {}
    for key in ("grace", "omar", "lena", "felix", "mei", "sam", "priya", "jonas", "hannah",
                "noah", "zoe"):
        fields = CAST[key]
        name = fields.name
        n = 2
        while name.lower() in taken:
            name, n = f"{fields.name} {n}", n + 1
        taken.add(name.lower())
        introducer = cast.get(INTRODUCED_BY.get(key, ""))
        cast[key] = person_create(workspace, by=by, data=replace(
            fields, name=name, introduced_by=introducer))
    return cast


def seed_intros(workspace: Workspace, *, by: Actor, rng: random.Random,
                people: Sequence[Person] | None = None,
                today: date | None = None) -> dict[str, int]:
    """Introductions in every state (one led to a hire) and opportunities with matches.

    Returns counts: {"introductions": …, "opportunities": …, "hired": …}.
    """
    today = today or timezone.localdate()
    pool = list(people) if people is not None else list(
        Person.objects.filter(workspace=workspace).only("name"))
    c = _create_cast(workspace, by, {p.name.lower() for p in pool})

    def ago(days: int) -> date:
        return today - timedelta(days=days + rng.randint(0, 1))

    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=zoneinfo.ZoneInfo(
            workspace.time_zone or "UTC"))

    def dated(made: Introduction, proposed: date, changed: date) -> None:
        """The services stamp the moment of seeding: date the introduction by its story."""
        Introduction.objects.filter(pk=made.pk).update(
            created_at=at(proposed, 9), status_changed_at=at(changed, 10))

    # Value flows both ways in the mentor relationship: the give/receive chart has data.
    for days, value in ((300, "received"), (220, "received"), (160, "gave"), (90, "mutual"),
                        (40, "received"), (10, "gave")):
        interaction_log(workspace, by=by, data=InteractionFields(
            kind="coffee", people=[c["grace"]], value=value, summary="Mentoring coffee",
            occurred_at=working_time(today - timedelta(days=days + rng.randint(0, 2)), 11,
                                     workspace.time_zone)))

    # The job that Lena got: posted by Omar, matched, double opt-in, hired.
    job = services.opportunity_create(workspace, by=by, data=services.OpportunityFields(
        kind=OpportunityKind.JOB, title="Senior product marketing manager, payments",
        organization_name="Fintrack", contact=c["omar"], brought_by=c["grace"],
        keywords="fintech payments product marketing launch",
        description="Own the go-to-market for the new payments product: positioning, "
                    "launch plan, sales enablement. Fintech experience a plus.",
    ))
    lead = services.opportunity_refer(workspace, by=by, opportunity=job, person=c["lena"],
                                      how="intro")
    hire = lead.introduction
    for step, days in (("ask_a", 75), ("a_agreed", 74), ("ask_b", 73), ("introduce", 70)):
        hire = services.introduction_step(workspace, by=by, introduction=hire, step=step,
                                          on=ago(days))
    hire = services.introduction_record_outcome(workspace, by=by, introduction=hire,
                                                outcome="connected", on=ago(60))
    services.introduction_record_outcome(
        workspace, by=by, introduction=hire, outcome="hired", on=ago(30),
        note="Lena starts as senior PMM at Fintrack next month.")
    dated(hire, hire.asked_a_on - timedelta(days=1), hire.introduced_on)

    def intro(a: str, b: str, reason: str, steps: Sequence[tuple[str, int]] = (),
              proposed: int = 2) -> Introduction:
        made = services.introduction_start(workspace, by=by, person_a=c[a], person_b=c[b],
                                           reason=reason)
        for step, days in steps:
            made = services.introduction_step(workspace, by=by, introduction=made,
                                              step=step, on=today - timedelta(days=days))
        days = [d for _step, d in steps]
        dated(made, today - timedelta(days=max(days, default=proposed) + 1),
              today - timedelta(days=min(days, default=proposed)))
        return made

    # Introduced three weeks ago, no outcome yet: the follow-up is due (Today).
    intro("priya", "hannah", "Priya wants her first talk on accessibility; Hannah books "
          "speakers on exactly that.",
          [("ask_a", 26), ("a_agreed", 25), ("ask_b", 24), ("introduce", 21)])
    # They connected; a check-in comes later.
    connected = intro("noah", "zoe", "Noah reviews charts; Zoe's team is building a "
                      "dashboard and needs a second pair of eyes.",
                      [("ask_a", 40), ("a_agreed", 39), ("ask_b", 38), ("introduce", 36)])
    services.introduction_record_outcome(workspace, by=by, introduction=connected,
                                         outcome="connected", on=today - timedelta(days=30))
    # Nothing came of it.
    nothing = intro("sam", "felix", "Both care about open data in Lisbon.",
                    [("ask_a", 90), ("a_agreed", 88), ("ask_b", 88), ("introduce", 85)])
    services.introduction_record_outcome(workspace, by=by, introduction=nothing,
                                         outcome="nothing", on=today - timedelta(days=60))
    # Waiting for the second person, for two days.
    intro("mei", "felix", "Felix is hiring a head of content for his climate start-up.",
          [("ask_a", 6), ("a_agreed", 4), ("ask_b", 2)])
    # The first person said yes: ask the second now (Today).
    intro("lena", "priya", "Lena can review Priya's talk outline; Priya can audit Lena's "
          "launch site for accessibility.", [("ask_a", 3), ("a_agreed", 1)])
    # Asked a week ago, no answer yet (Today: nudge or let go).
    intro("jonas", "felix", "Felix needs a logistics customer reference for his Series A.",
          [("ask_a", 7)])
    # The second person said no.
    intro("sam", "zoe", "Sam is looking for engineers to speak at his meetup.",
          [("ask_a", 20), ("a_agreed", 19), ("ask_b", 18), ("b_declined", 15)])
    # Not asked yet.
    intro("mei", "noah", "Mei wants data stories for her editorial calendar; Noah has "
          "newsroom data contacts.")

    # Opportunities with matching people.
    services.opportunity_create(workspace, by=by, data=services.OpportunityFields(
        kind=OpportunityKind.JOB, title="Head of content, climate-tech start-up",
        organization_name="Greenline", contact=c["felix"], keywords="content climate",
        description="Build the content team and editorial calendar for a climate-tech "
                    "company after its Series A.",
    ))
    services.opportunity_create(workspace, by=by, data=services.OpportunityFields(
        kind=OpportunityKind.SPEAKING,
        title="Speaking slot: 20-minute talk at the Open Data Summit, Lisbon",
        organization_name="Open Data Summit", keywords="speaking conference open data",
        description="Looking for practitioners to talk about open data, maps and "
                    "accessibility.", brought_by=c["sam"],
    ))
    services.opportunity_create(workspace, by=by, data=services.OpportunityFields(
        kind=OpportunityKind.CUSTOMER_REFERENCE,
        title="Customer reference for a logistics prospect",
        keywords="logistics customer reference API",
        description="Sales needs a logistics customer who can talk about the API rollout.",
    ))
    return {
        "introductions": Introduction.objects.filter(workspace=workspace).count(),
        "opportunities": Opportunity.objects.filter(workspace=workspace).count(),
        "hired": Introduction.objects.filter(workspace=workspace, outcome="hired").count(),
    }
