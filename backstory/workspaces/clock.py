"""A workspace's time zone and its "today": the one rule every page, command and job uses.

A zone that is not known (a restored backup can name anything) falls back to UTC, the same
for the web (the middleware activates this zone), the terminal and the scheduled digest.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, tzinfo

from django.utils import timezone


def workspace_tz(workspace) -> tzinfo:
    """The workspace's time zone, or UTC when it names none that is known."""
    try:
        return zoneinfo.ZoneInfo(workspace.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return zoneinfo.ZoneInfo("UTC")


def workspace_today(workspace, now: datetime | None = None) -> date:
    """Today's date in the workspace's time zone (at ``now``, or at this moment)."""
    return (now or timezone.now()).astimezone(workspace_tz(workspace)).date()
