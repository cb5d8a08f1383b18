"""Demo steps one and two: the organisations and teams, then the people in them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from backstory.followups.cadence import BUILTIN_WINDOWS
from backstory.people.services import (
    ContactInput,
    PersonFields,
    organization_create,
    person_create,
    team_create,
    team_update,
)

from . import profiles, world
from .context import DemoContext, DemoPerson

WINDOW_DAYS = 540  # the demo's history: about 18 months back from now

# The follow-up window (days) the demo plans last touches against, by circle.
# The demo plans its touches against the real follow-up windows (one source of truth).
CADENCE: dict[str, tuple[int, int]] = {
    circle: (window.min_days, window.max_days) for circle, window in BUILTIN_WINDOWS.items()
}
TIERS: dict[str, list[tuple[str, int]]] = {
    # (tier, weight): how close the relationship is, which sets how often you meet.
    "internal": [("strong", 25), ("regular", 35), ("light", 20), ("dormant", 12), ("never", 8)],
    "media": [("strong", 20), ("regular", 30), ("light", 25), ("dormant", 15), ("never", 10)],
    "customer": [("strong", 10), ("regular", 30), ("light", 35), ("dormant", 15), ("never", 10)],
    "industry": [("strong", 10), ("regular", 30), ("light", 35), ("dormant", 15), ("never", 10)],
    "community": [("strong", 5), ("regular", 25), ("light", 40), ("dormant", 20), ("never", 10)],
    "mentor": [("strong", 40), ("regular", 40), ("light", 20)],
    "mentee": [("strong", 40), ("regular", 40), ("light", 20)],
    "job_seeker": [("regular", 30), ("light", 50), ("dormant", 10), ("never", 10)],
    "friend": [("strong", 30), ("regular", 30), ("light", 20), ("dormant", 20)],
    "other": [("light", 50), ("never", 50)],
}


def pick(rng, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def seed_organisations(ctx: DemoContext) -> str:
    ws, by = ctx.workspace, ctx.by
    own = world.OWN_ORGANISATION
    ctx.own = organization_create(ws, by=by, name=own["name"], kind="company", is_own=True,
                                  website=own["website"], notes=own["notes"])
    ctx.organizations[ctx.own.name] = ctx.own
    for name, note, _titles in world.TEAMS:
        ctx.teams[name] = team_create(ws, by=by, organization=ctx.own, name=name, notes=note)
    others = (
        [(name, "media", domain) for name, domain, _ in world.OUTLETS]
        + [(name, kind, domain) for name, domain, kind, _ in world.CUSTOMERS]
        + [(name, kind, domain) for name, domain, kind in world.PEER_ORGS]
        + [(name, kind, domain) for name, domain, kind in world.COMMUNITY_ORGS]
        + [("Riverside University", "education", "riverside-university.example"),
           ("The Boathouse Rooms", "other", "boathouse-rooms.example")]
    )
    for name, kind, domain in others:
        ctx.organizations[name] = organization_create(
            ws, by=by, name=name, kind=kind, website=f"https://www.{domain}"
        )
    return f"{len(ctx.organizations)} organisations, {len(ctx.teams)} teams"


@dataclass
class _Spec:
    circle: str
    title: str
    org: str = ""
    team: str = ""
    direction: str = ""
    beat: str = ""
    domain: str = ""
    wants: str = ""
    offers: str = ""
    note: str = ""


def _specs(ctx: DemoContext) -> list[_Spec]:
    """Who is in the demo, circle by circle, in the order they are created."""
    rng = ctx.rng
    specs: list[_Spec] = []
    own_domain = world.OWN_ORGANISATION["domain"]
    for team, _note, titles in world.TEAMS:
        keep = max(2, round(len(titles) * ctx.scale))
        specs += [_Spec("internal", title, world.OWN_ORGANISATION["name"], team, direction,
                        domain=own_domain) for title, direction in titles[:keep]]
    circles: list[list[_Spec]] = [
        [_Spec("industry", rng.choice(world.PEER_TITLES), org, direction="across", domain=dom)
         for org, dom, _kind in world.PEER_ORGS for _ in range(2)],
        [_Spec("community", rng.choice(world.COMMUNITY_TITLES), org, direction="across",
               domain=dom)
         for (org, dom, _kind), n in zip(world.COMMUNITY_ORGS, (3, 3, 2, 2), strict=True)
         for _ in range(n)],
        [_Spec("mentor", title, org, direction="up") for title, org, _ in world.MENTOR_ROLES],
        [_Spec("media", title, outlet, direction="across", beat=beat, domain=dom)
         for outlet, dom, people in world.OUTLETS for title, beat in people],
        [_Spec("customer", title, org, direction="up" if title.startswith("Chief") else
               "across", domain=dom)
         for org, dom, _kind, _industry in world.CUSTOMERS
         for title in rng.sample(world.CUSTOMER_TITLES, 2)],
        [_Spec("mentee", title, org, direction="down") for title, org in world.MENTEE_ROLES],
        [_Spec("job_seeker", title, direction=rng.choice(["down", "across"]), wants=wants,
               offers=offers) for title, wants, offers in world.JOB_SEEKERS],
        [_Spec("friend", title, "Orbit Payments" if "Orbit" in note else "",
               direction="across", note=note) for title, note in world.FRIENDS],
        [_Spec("other", title, org, note=note) for title, org, note in world.OTHERS],
    ]
    for group in circles:
        keep = max(1, round(len(group) * ctx.scale))
        chosen = sorted(rng.sample(range(len(group)), keep)) if keep < len(group) else range(
            len(group))
        specs += [group[i] for i in chosen]
    return specs


def _ascii(text: str) -> str:
    text = text.replace("ø", "o").replace("Ø", "O")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class _Numbers:
    """Unique fictional phone numbers from the ranges reserved for drama."""

    def __init__(self, rng):
        self.mobiles = [f"+44 7700 900{n:03d}" for n in rng.sample(range(1000), 1000)]
        self.desks = [f"+44 20 7946 0{n:03d}" for n in rng.sample(range(1000), 1000)]


def _contacts(rng, numbers: _Numbers, spec: _Spec, first: str, last: str) -> list[
    ContactInput
]:
    local = f"{_ascii(first)}.{_ascii(last)}".replace(" ", "")
    slug = f"{_ascii(first)}-{_ascii(last)}".replace(" ", "-")
    contacts: list[ContactInput] = []
    if spec.domain and spec.circle not in {"mentor", "mentee", "job_seeker", "friend"}:
        contacts.append(ContactInput("email", f"{local}@{spec.domain}", "Work"))
    if not contacts or rng.random() < 0.3:
        contacts.append(ContactInput("email", f"{local.replace('.', '')}@post.example",
                                     "Personal"))
    if spec.circle == "media" and rng.random() < 0.3:
        contacts.append(ContactInput("email", f"news@{spec.domain}", "Newsdesk"))
    if rng.random() < (0.85 if spec.circle in {"internal", "media", "friend"} else 0.55):
        contacts.append(ContactInput("phone", numbers.mobiles.pop(), "Mobile"))
    if spec.circle in {"internal", "media", "customer"} and rng.random() < 0.3:
        contacts.append(ContactInput("phone", numbers.desks.pop(), "Desk"))
    if spec.circle != "friend" and rng.random() < 0.75:
        contacts.append(ContactInput(
            "linkedin", f"https://www.linkedin.com/in/{slug}-{rng.getrandbits(24):06x}",
            "LinkedIn"))
    if spec.circle == "media":
        if rng.random() < 0.5:
            contacts.append(ContactInput("url", f"https://bsky.app/profile/{slug}.bsky.social",
                                         "Bluesky"))
        if rng.random() < 0.4:
            contacts.append(ContactInput("url", f"https://www.{spec.domain}/authors/{slug}",
                                         "Author page"))
    return contacts


def _fill(ctx: DemoContext, text: str, spec: _Spec) -> str:
    rng = ctx.rng
    return text.format(
        team=spec.team or "Product", org=spec.org, event=rng.choice(world.EVENTS),
        product=rng.choice(world.PRODUCTS), city=rng.choice(world.CITIES),
        dog=rng.choice(world.DOG_NAMES), month=rng.choice(
            ["January", "March", "May", "June", "September", "November"]),
        year=rng.randint(2018, 2023),
    )


def _notes(ctx: DemoContext, spec: _Spec) -> str:
    rng = ctx.rng
    if spec.note:
        return spec.note
    if rng.random() < 0.15:
        return ""
    pool = profiles.NOTE_HEADLINES[spec.circle]
    if spec.circle == "internal" and spec.direction == "up":
        pool = profiles.NOTE_HEADLINES["internal_up"]
    headline = _fill(ctx, rng.choice(pool), spec)
    facts = rng.sample(profiles.NOTE_FACTS[spec.circle],
                       min(rng.randint(1, 2), len(profiles.NOTE_FACTS[spec.circle])))
    facts += rng.sample(profiles.PERSONAL_FACTS, rng.randint(0, 2))
    bullets = "\n".join(f"- {_fill(ctx, fact, spec)}" for fact in facts)
    return f"{headline}\n\n{bullets}" if bullets else headline


def _plan(ctx: DemoContext, spec: _Spec) -> tuple[str, datetime, object, tuple | None]:
    """Tier, when we met (active from), the met_on date, and any custom cadence."""
    rng = ctx.rng
    tier = pick(rng, TIERS[spec.circle])
    window_start = ctx.now - timedelta(days=WINDOW_DAYS)
    if rng.random() < 0.75:
        met = ctx.now - timedelta(days=rng.randint(WINDOW_DAYS + 20, 2600))
        active_from = window_start
    else:
        met = ctx.now - timedelta(days=rng.randint(20 if tier != "never" else 2,
                                                   WINDOW_DAYS - 20))
        active_from = datetime.combine(met.astimezone(ctx.tz).date(), time(9), ctx.tz)
    met_on = met.astimezone(ctx.tz).date() if rng.random() < 0.9 else None
    cadence = None
    if tier != "never" and rng.random() < 0.14:
        low, high = CADENCE[spec.circle]
        factor = rng.choice([0.5, 0.75, 1.5, 2])
        cadence = (max(7, round(low * factor)), max(14, round(high * factor)))
    return tier, active_from, met_on, cadence


def seed_people(ctx: DemoContext) -> str:
    rng, ws, by = ctx.rng, ctx.workspace, ctx.by
    numbers = _Numbers(rng)
    used: set[str] = set()
    for spec in _specs(ctx):
        while True:
            first, last = rng.choice(world.FIRST_NAMES), rng.choice(world.LAST_NAMES)
            if f"{first} {last}" not in used and first not in {p.first for p in ctx.people[-8:]}:
                break
        name = f"{first} {last}"
        used.add(name)
        tier, active_from, met_on, cadence = _plan(ctx, spec)
        introducer = None
        if rng.random() < 0.3:
            candidates = [p for p in ctx.people
                          if p.circle in profiles.INTRODUCER_CIRCLES[spec.circle]
                          and p.active_from <= active_from]
            introducer = rng.choice(candidates) if candidates else None
        how = ""
        if introducer is not None:
            how = f"{introducer.first} introduced us. "
        if rng.random() < 0.85 and spec.circle in profiles.HOW_WE_MET:
            how += _fill(ctx, rng.choice(profiles.HOW_WE_MET[spec.circle]), spec)
        tags = rng.sample(profiles.PERSON_TAGS[spec.circle],
                          min(len(profiles.PERSON_TAGS[spec.circle]), rng.choice([0, 1, 1, 2])))
        if spec.team == "Executive Office" and "exec" not in tags and spec.direction == "up":
            tags.append("exec")
        if spec.circle == "internal" and met_on and (ctx.today - met_on).days < 120:
            tags.append("new-joiner")
        birthday = (rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.3 else None
        wants = spec.wants or (_fill(ctx, rng.choice(profiles.WANTS[spec.circle]), spec)
                               if rng.random() < 0.7 and spec.circle in profiles.WANTS else "")
        offers = spec.offers or (_fill(ctx, rng.choice(profiles.OFFERS[spec.circle]), spec)
                                 if rng.random() < 0.6 and spec.circle in profiles.OFFERS else "")
        person = person_create(ws, by=by, data=PersonFields(
            name=name, title=spec.title,
            organization=ctx.organizations.get(spec.org),
            team=ctx.teams.get(spec.team),
            circle=spec.circle, direction=spec.direction,
            preferred_channel=pick(rng, profiles.CHANNELS[spec.circle]),
            preferred_format=pick(rng, profiles.FORMATS[spec.circle]),
            best_time=rng.choice(profiles.BEST_TIMES[spec.circle]) if rng.random() < 0.8 else "",
            beat=spec.beat, outlet=spec.org if spec.circle == "media" else "",
            wants=wants, offers=offers, how_we_met=how.strip(), met_on=met_on,
            introduced_by=introducer.person if introducer else None,
            birthday_month=birthday[0] if birthday else None,
            birthday_day=birthday[1] if birthday else None,
            birthday_year=rng.randint(1965, 2001) if birthday and rng.random() < 0.3 else None,
            notes=_notes(ctx, spec),
            cadence_min_days=cadence[0] if cadence else None,
            cadence_max_days=cadence[1] if cadence else None,
            cadence_off=spec.circle == "other" and rng.random() < 0.5,
            contacts=_contacts(rng, numbers, spec, first, last),
            tags=tags,
        ))
        group = (f"team:{spec.team}" if spec.team else
                 f"org:{spec.org}" if spec.circle in {"media", "customer"} else
                 f"circle:{spec.circle}")
        ctx.people.append(DemoPerson(
            person=person, first=first, circle=spec.circle, group=group, tier=tier,
            active_from=active_from, active_until=None,
        ))
        ctx.person_added[person.pk] = active_from - timedelta(minutes=rng.randint(5, 600))
    for team_name, team in ctx.teams.items():
        members = [p.person for p in ctx.people if p.group == f"team:{team_name}"]
        if members:
            team_update(ws, by=by, team=team, name=team.name, leader=members[0],
                        notes=team.notes)
    circles = len({p.circle for p in ctx.people})
    return f"{len(ctx.people)} people in {circles} circles"
