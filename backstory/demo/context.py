"""What the demo's steps share while they seed: the workspace, the random generator, the
clock, and the people and touches made so far."""

from __future__ import annotations

import random
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime

from backstory.interactions.models import ActionItem, Interaction
from backstory.people.models import Organization, Person, Team
from backstory.workspaces.models import Workspace


@dataclass
class DemoPerson:
    """A seeded person and what the generator decided about them."""

    person: Person
    first: str
    circle: str
    group: str  # people who meet together: a team, an organisation or a circle
    tier: str  # strong | regular | light | dormant | never
    active_from: datetime  # no touch before this (the day we met, or 18 months ago)
    active_until: datetime | None  # the planned last touch; None: never contacted


@dataclass
class DemoTouch:
    interaction: Interaction
    primary: DemoPerson
    actions: tuple[str, ...]
    values: dict[str, str]


@dataclass
class DemoContext:
    workspace: Workspace
    by: object
    rng: random.Random
    now: datetime
    tz: zoneinfo.ZoneInfo
    scale: float
    own: Organization | None = None
    organizations: dict[str, Organization] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    people: list[DemoPerson] = field(default_factory=list)
    touches: list[DemoTouch] = field(default_factory=list)
    action_items: list[ActionItem] = field(default_factory=list)
    # When things "happened", applied to the audit trail by the last step: the services
    # stamp everything with the moment of seeding.
    person_added: dict[int, datetime] = field(default_factory=dict)
    action_times: dict[int, tuple[datetime, datetime | None]] = field(default_factory=dict)
    activity_before: int = 0  # the last audit entry before seeding

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    def scaled(self, n: int, minimum: int = 1) -> int:
        return max(minimum, round(n * self.scale))
