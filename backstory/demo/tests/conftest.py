"""The full default demo, seeded once per test module and rolled back afterwards."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.db import transaction
from django.utils import timezone

from backstory.demo import DemoSummary, seed_demo
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import user_create, workspace_update


@dataclass
class SeededDemo:
    workspace: Workspace
    user: object
    summary: DemoSummary
    now: datetime

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.workspace.time_zone)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The real default demo (seed 7, full size). Tests using it must not write."""
    with django_db_blocker.unblock(), transaction.atomic():
        user = user_create(username="demo-owner", password=None)
        # A zone far from UTC proves that times follow the workspace's clock.
        workspace = workspace_update(user.memberships.get().workspace, by=user,
                                     name="Demo", time_zone="America/New_York")
        now = timezone.now()
        summary = seed_demo(workspace, by=user, now=now)
        yield SeededDemo(workspace=workspace, user=user, summary=summary, now=now)
        transaction.set_rollback(True)
