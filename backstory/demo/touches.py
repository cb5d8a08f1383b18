"""Demo steps three and four: 18 months of interactions, then the action items.

Each person gets a number of touches by how close the tie is (strong ties many, weak ties
few, some never), spread between the day you met and a planned last touch that puts them
fresh, due or overdue against their follow-up window. Colleagues, outlet mates and
customers' account teams join some touches, but never after their own last touch, so the
plan holds.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from backstory.interactions.services import (
    InteractionFields,
    action_item_create,
    action_item_set_done,
    interaction_log,
)

from . import world
from .context import DemoContext, DemoPerson, DemoTouch
from .org_people import CADENCE, WINDOW_DAYS, pick
from .topics import STANDALONE_ACTIONS, TEAM_MEETINGS, TOPICS, Topic

KINDS: dict[str, list[tuple[str, int]]] = {
    "internal": [("coffee", 25), ("one_on_one", 20), ("team_meeting", 15), ("cafeteria", 18),
                 ("message", 8), ("email", 6), ("video", 5), ("meal", 3)],
    "media": [("email", 30), ("phone", 20), ("coffee", 18), ("event", 10), ("meal", 7),
              ("video", 7), ("message", 5), ("social", 3)],
    "customer": [("video", 35), ("event", 20), ("email", 15), ("phone", 10), ("meal", 8),
                 ("coffee", 7)],
    "industry": [("coffee", 25), ("event", 25), ("video", 15), ("email", 10), ("meal", 10),
                 ("social", 10), ("message", 5)],
    "community": [("event", 45), ("social", 15), ("coffee", 15), ("message", 10),
                  ("email", 10), ("video", 5)],
    "mentor": [("coffee", 35), ("video", 30), ("meal", 15), ("phone", 10), ("email", 10)],
    "mentee": [("video", 35), ("coffee", 35), ("message", 15), ("email", 15)],
    "job_seeker": [("video", 35), ("coffee", 30), ("email", 20), ("phone", 15)],
    "friend": [("meal", 30), ("message", 30), ("coffee", 20), ("phone", 10), ("social", 10)],
    "other": [("email", 50), ("phone", 50)],
}
TOUCHES = {"strong": (24, 40), "regular": (8, 16), "light": (1, 4), "dormant": (2, 6),
           "never": (0, 0)}
CLOSE = {"strong", "regular"}  # ties that join others' touches; weak ties keep to theirs
STATES = [("fresh", 40), ("due", 25), ("overdue", 35)]
# Minutes after midnight (from, to, step) when each kind of touch usually happens.
SLOTS: dict[str, list[tuple[int, int, int]]] = {
    "coffee": [(8 * 60 + 30, 10 * 60 + 30, 15), (14 * 60 + 30, 16 * 60, 15)],
    "one_on_one": [(9 * 60, 17 * 60, 30)],
    "team_meeting": [(9 * 60 + 30, 16 * 60, 30)],
    "cafeteria": [(12 * 60, 13 * 60 + 45, 5)],
    "meal": [(12 * 60 + 30, 13 * 60 + 15, 15), (19 * 60, 19 * 60 + 30, 30)],
    "event": [(8 * 60, 8 * 60, 30), (9 * 60 + 30, 15 * 60, 30), (18 * 60, 19 * 60, 30)],
    "video": [(9 * 60, 17 * 60 + 30, 15)],
    "phone": [(9 * 60, 18 * 60, 5)],
    "email": [(8 * 60, 18 * 60 + 30, 1)],
    "message": [(8 * 60, 20 * 60, 1)],
    "social": [(7 * 60 + 30, 21 * 60, 1)],
}
DURATIONS = {"coffee": (20, 45), "one_on_one": (25, 60), "team_meeting": (30, 60),
             "cafeteria": (10, 20), "meal": (45, 90), "event": (60, 180), "video": (20, 45),
             "phone": (10, 30)}
WEEKEND_OK = {"message", "social"}
PLACES: dict[str, list[str]] = {
    "coffee@internal": ["Ground-floor café", "The coffee cart by reception", "Level 3 kitchen",
                        "Bramble Café across the road", "Roof terrace"],
    "coffee": ["Halfpenny Café", "Hotel lobby near their office", "Bramble Café",
               "The Reading Room café", "Station café"],
    "one_on_one": ["Meeting room Juniper", "Focus room 4.2", "Meeting room Alder", "Their desk"],
    "team_meeting": ["Meeting room Oak", "The Boardroom", "Level 2 open area",
                     "Meeting room Birch"],
    "cafeteria": ["Staff canteen", "Level 2 break room", "Canteen, window table"],
    "meal": ["Noodle bar on Wharf Street", "The Boathouse Rooms", "Canteen terrace",
             "Little Fig bistro"],
    "video": ["Video call (Meet)", "Video call (Zoom)", "Video call (Teams)"],
    "phone": ["Phone"],
}
EXTRA_PEOPLE = {"team_meeting": (1.0, 2), "event": (0.45, 2), "meal": (0.25, 1),
                "video": (0.25, 1), "coffee": (0.12, 1), "cafeteria": (0.25, 1),
                "email": (0.15, 1)}
# Who else joins some touches: the account team at a customer review, an exec at a
# media interview.
COMPANIONS = {"customer": ["team:Sales", "team:Customer Success"],
              "media": ["team:Executive Office", "team:Product Marketing"]}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def _localize(ctx: DemoContext, day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(minutes // 60, minutes % 60), ctx.tz)


def _when(ctx: DemoContext, moment: datetime, kind: str, *, weekend_ok: bool) -> datetime:
    """A realistic time on (or near) the day of `moment` for this kind of touch, never
    in the future."""
    rng = ctx.rng
    start, end, step = rng.choice(SLOTS.get(kind, [(9 * 60, 17 * 60, 15)]))
    minutes = start + step * rng.randint(0, (end - start) // step)
    day = moment.astimezone(ctx.tz).date()
    for _ in range(10):
        if day.weekday() >= 5 and not weekend_ok:
            day -= timedelta(days=day.weekday() - rng.randint(0, 4))  # a weekday before
        when = _localize(ctx, day, minutes)
        if when <= ctx.now - timedelta(minutes=20):
            return when
        day -= timedelta(days=1)
    return ctx.now - timedelta(hours=1)


def _budget(ctx: DemoContext) -> dict[int, int]:
    """How many touches each person starts: weak ties keep their few, and the close ties
    are scaled so that the demo has about 1,500."""
    rng = ctx.rng
    target = ctx.scaled(1500, minimum=10)
    counts, room = {}, {}
    for i, dp in enumerate(ctx.people):
        low, high = TOUCHES[dp.tier]
        span = (ctx.now - dp.active_from).days
        room[i] = 0 if dp.tier == "never" else max(1, span // 4)
        counts[i] = min(room[i], rng.randint(low, high))
    close = [i for i, dp in enumerate(ctx.people) if dp.tier in CLOSE and counts[i]]
    weak = sum(counts[i] for i in counts if i not in close)
    close_total = sum(counts[i] for i in close) or 1
    for i in close:
        counts[i] = min(room[i], max(1, round(counts[i] * (target - weak) / close_total)))
    while sum(counts.values()) < target and close:
        i = rng.choice(close)
        if counts[i] < room[i]:
            counts[i] += 1
        else:
            close.remove(i)
    while sum(counts.values()) > target:
        i = rng.choice([i for i in counts if counts[i] > 1] or [i for i in counts if counts[i]])
        counts[i] -= 1
    return counts


def _last_touch_age(ctx: DemoContext, dp: DemoPerson) -> float:
    """Days since the planned last touch: fresh, due or overdue against the window."""
    rng = ctx.rng
    person = dp.person
    low, high = CADENCE[dp.circle]
    if person.cadence_min_days:
        low, high = person.cadence_min_days, person.cadence_max_days or person.cadence_min_days
    if dp.tier == "dormant":
        age = rng.uniform(max(high * 2, 120), 420)
    else:
        state = pick(rng, STATES)
        if state == "fresh":
            age = rng.uniform(0.2, low * 0.9)
        elif state == "due":
            age = rng.uniform(low, high)
        else:
            age = rng.uniform(high + 2, min(high * 2.5, 400))
    return min(age, (ctx.now - dp.active_from).days)


def _values(ctx: DemoContext, dp: DemoPerson, when: datetime,
            internal: list[DemoPerson]) -> dict[str, str]:
    rng = ctx.rng
    person = dp.person
    local = when.astimezone(ctx.tz)
    colleagues = [p for p in internal if p is not dp] or internal
    leaders = [p for p in internal if p.group == "team:Executive Office"] or colleagues
    return {
        "first": dp.first,
        "wants": _lower_first((person.wants or "A new role").rstrip(".")),
        "team": person.team.name if person.team_id else rng.choice(list(ctx.teams) or ["Sales"]),
        "org": person.organization.name if person.organization_id else "",
        "beat": _lower_first(person.beat or "Small-business finance"),
        "customer": (person.organization.name if dp.circle == "customer"
                     else rng.choice(world.CUSTOMERS)[0]),
        "colleague": rng.choice(colleagues).person.name if colleagues else "a colleague",
        "exec": rng.choice(leaders).person.name if leaders else "our CEO",
        "product": rng.choice(world.PRODUCTS),
        "event": rng.choice(world.EVENTS),
        "city": rng.choice(world.CITIES),
        "month": MONTHS[local.month % 12],
        "quarter": f"Q{(local.month - 1) // 3 % 4 + 1}",
        "n": str(rng.randint(2, 9)),
        "pct": str(rng.randint(12, 48)),
        "days": str(rng.randint(2, 9)),
    }


def _lower_first(text: str) -> str:
    """'Fintech, payments' → 'fintech, payments', but 'AI, data' stays as it is."""
    if text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _topic(ctx: DemoContext, circle: str, kind: str) -> Topic:
    made_for = [t for t in TOPICS[circle] if kind in t.kinds]
    if made_for and ctx.rng.random() < 0.6:
        return ctx.rng.choice(made_for)
    fitting = [t for t in TOPICS[circle] if not t.kinds or kind in t.kinds]
    return ctx.rng.choice(fitting or TOPICS[circle])


def _kind(ctx: DemoContext, circle: str) -> str:
    return pick(ctx.rng, KINDS[circle])


def _place(ctx: DemoContext, kind: str, dp: DemoPerson, values: dict[str, str]) -> str:
    rng = ctx.rng
    if kind == "event":
        event = values["event"].removeprefix("the ")
        return event[0].upper() + event[1:]
    key = f"{kind}@{dp.circle}" if f"{kind}@{dp.circle}" in PLACES else kind
    if key in PLACES and rng.random() < 0.85:
        return rng.choice(PLACES[key])
    return ""


def _schedule(ctx: DemoContext) -> list[tuple[datetime, DemoPerson, str]]:
    """Every primary touch: when, with whom, what kind — and each person's last touch."""
    rng = ctx.rng
    plan: list[tuple[datetime, DemoPerson, str]] = []
    for i, count in _budget(ctx).items():
        dp = ctx.people[i]
        if not count:
            continue
        last = ctx.now - timedelta(days=_last_touch_age(ctx, dp))
        span = max((last - dp.active_from).total_seconds(), 0)
        moments = [last]
        if count > 1:
            met_during_window = (ctx.now - dp.active_from).days < WINDOW_DAYS - 1
            if met_during_window:
                moments.append(dp.active_from)
            while len(moments) < count:
                moments.append(dp.active_from + timedelta(seconds=rng.uniform(0, span * 0.98)))
        latest = None
        for moment in sorted(moments):
            kind = _kind(ctx, dp.circle)
            when = _when(ctx, moment, kind,
                         weekend_ok=kind in WEEKEND_OK or dp.circle == "friend")
            plan.append((when, dp, kind))
            latest = max(latest or when, when)
        dp.active_until = latest
    order = {id(dp): i for i, dp in enumerate(ctx.people)}
    plan.sort(key=lambda row: (row[0], order[id(row[1])]))
    return plan


def seed_interactions(ctx: DemoContext) -> str:
    rng, ws, by = ctx.rng, ctx.workspace, ctx.by
    plan = _schedule(ctx)
    internal = [p for p in ctx.people if p.circle == "internal"]
    by_group: dict[str, list[DemoPerson]] = {}
    for dp in ctx.people:
        if dp.active_until is not None and dp.tier in CLOSE:
            by_group.setdefault(dp.group, []).append(dp)
    for when, dp, kind in plan:
        people = [dp]
        chance, most = EXTRA_PEOPLE.get(kind, (0, 0))
        if rng.random() < chance:
            pool = [p for p in by_group.get(dp.group, [])
                    if p is not dp and p.active_from <= when <= p.active_until]
            people += rng.sample(pool, min(len(pool), rng.randint(1, most)))
        if dp.circle in COMPANIONS and kind in {"video", "event", "meal"} and rng.random() < 0.3:
            group = rng.choice(COMPANIONS[dp.circle])
            pool = [p for p in by_group.get(group, []) if p.active_from <= when <= p.active_until]
            if pool:
                people.append(rng.choice(pool))
        values = _values(ctx, dp, when, internal)
        topic = _topic(ctx, dp.circle, kind)
        texts, action_texts = topic.notes, topic.actions
        if not texts:
            texts, action_texts = TEAM_MEETINGS.get(values["team"], TEAM_MEETINGS["Sales"])
        notes = rng.choice(texts).format(**values) if rng.random() < 0.92 else ""
        duration = DURATIONS.get(kind)
        interaction = interaction_log(ws, by=by, data=InteractionFields(
            kind=kind, occurred_at=when, people=[p.person for p in people[:3]],
            place=_place(ctx, kind, dp, values),
            duration_minutes=rng.randint(*duration) // 5 * 5 if duration else None,
            summary=topic.summary.format(**values) if rng.random() < 0.85 else "",
            notes=notes,
            value=topic.value if rng.random() < 0.7 else "",
            tags=[t for t in topic.tags if rng.random() < 0.8],
        ))
        actions = tuple(a.format(**values) for a in action_texts)
        ctx.touches.append(DemoTouch(interaction, dp, actions, values))
    never = sum(1 for p in ctx.people if p.active_until is None)
    return f"{len(ctx.touches)} interactions; {never} people never contacted"


# Action items ---------------------------------------------------------------------------

# bucket: (target count, days back the source touch may be (from, to))
BUCKETS = {
    "done": (230, (21, WINDOW_DAYS)),
    "overdue": (30, (3, 75)),
    "this_week": (25, (0, 28)),
    "later": (35, (0, 45)),
    "no_date": (30, (0, 120)),
}


def _due(ctx: DemoContext, bucket: str, start: date) -> date | None:
    """A due date on a working day that puts the item in its bucket."""
    due = _due_any_day(ctx, bucket, start)
    if due is None or due.weekday() < 5:
        return due
    friday_before = due - timedelta(days=due.weekday() - 4)
    if due < ctx.today or (bucket == "this_week" and friday_before >= ctx.today):
        return friday_before
    return due + timedelta(days=7 - due.weekday())  # the Monday after


def _due_any_day(ctx: DemoContext, bucket: str, start: date) -> date | None:
    rng, today = ctx.rng, ctx.today
    if bucket == "done":
        return start + timedelta(days=rng.randint(2, 14)) if rng.random() < 0.7 else None
    if bucket == "overdue":
        due = start + timedelta(days=rng.randint(1, max(1, (today - start).days - 1)))
        return min(due, today - timedelta(days=1))
    if bucket == "this_week":
        return max(start, today + timedelta(days=rng.randint(0, 6)))
    if bucket == "later":
        return today + timedelta(days=rng.randint(7, 70))
    return None


def _working_time(ctx: DemoContext, day: date) -> datetime:
    return _when(ctx, _localize(ctx, day, 12 * 60), "email", weekend_ok=False)


def seed_action_items(ctx: DemoContext) -> str:
    rng, ws, by, today = ctx.rng, ctx.workspace, ctx.by, ctx.today
    used: set[tuple[int, str]] = set()
    people = [p for p in ctx.people if p.active_until is not None] or ctx.people
    for bucket, (target, (near, far)) in BUCKETS.items():
        wanted = ctx.scaled(target)
        sources = [t for t in ctx.touches if t.actions
                   and near <= (today - t.interaction.occurred_at.astimezone(ctx.tz).date()).days
                   <= far]
        rng.shuffle(sources)
        for n in range(wanted):
            touch = sources.pop() if sources and rng.random() < 0.8 else None
            if touch is not None:
                text = rng.choice(touch.actions)
                if (touch.interaction.pk, text) in used:
                    touch = None
            if touch is not None:
                used.add((touch.interaction.pk, text))
                created = touch.interaction.occurred_at + timedelta(minutes=rng.randint(5, 90))
                person = touch.primary.person
            else:
                dp = people[n % len(people)] if rng.random() < 0.6 else None
                template = rng.choice([t for t in STANDALONE_ACTIONS
                                       if dp is not None or "{first}" not in t])
                values = _values(ctx, dp or people[0], ctx.now, [])
                text = template.format(**{**values, "first": dp.person.name if dp else ""})
                created = _working_time(ctx, today - timedelta(days=rng.randint(near, far)))
                person = dp.person if dp else None
            created = min(created, ctx.now - timedelta(minutes=10))
            start = created.astimezone(ctx.tz).date()
            due = _due(ctx, bucket, start)
            item = action_item_create(ws, by=by, text=text, due_on=due, person=person,
                                      interaction=touch.interaction if touch else None)
            done_at = None
            if bucket == "done":
                done_day = min(today - timedelta(days=1),
                               (due or start) + timedelta(days=rng.randint(-1, 4)))
                done_at = max(created + timedelta(hours=1), _working_time(ctx, done_day))
                action_item_set_done(ws, by=by, item=item, done=True)
            ctx.action_items.append(item)
            ctx.action_times[item.pk] = (created, done_at)
    open_items = sum(1 for i in ctx.action_items if i.done_at is None and
                     ctx.action_times[i.pk][1] is None)
    return f"{len(ctx.action_items)} action items, {open_items} open"
