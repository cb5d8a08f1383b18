"""When things happen in the demo: on a weekday, in working hours, in the workspace's zone."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta


def working_time(day: date, hour: int, time_zone: str, minute: int = 0) -> datetime:
    """`hour` o'clock on `day` in that time zone, moved back to Friday from a weekend."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    tz = zoneinfo.ZoneInfo(time_zone or "UTC")
    return datetime.combine(day, time(hour, minute), tzinfo=tz)
