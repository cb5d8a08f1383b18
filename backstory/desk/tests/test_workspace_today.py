""""Today" is one date for a workspace: the page, the terminal and the digest agree, also
when the stored time zone is one nobody knows (it falls back to UTC everywhere)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from backstory.workspaces.clock import workspace_today

# 12:00 UTC on 10 March is already 11 March on Kiritimati (UTC+14).
MOMENT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("zone, expected", [
    ("Pacific/Kiritimati", date(2026, 3, 11)),
    ("Mars/Olympus_Mons", date(2026, 3, 10)),
    ("", date(2026, 3, 10)),
])
@override_settings(TIME_ZONE="Pacific/Kiritimati")
def test_the_page_and_the_terminal_show_the_same_today(workspace, owner_client, zone,
                                                       expected):
    workspace.time_zone = zone
    workspace.save(update_fields=["time_zone"])
    with time_machine.travel(MOMENT, tick=False):
        page = owner_client.get("/")
        out = StringIO()
        call_command("today", workspace=workspace.slug, width=120, stdout=out)
        assert workspace_today(workspace) == expected
    assert page.status_code == 200
    assert page.context["today"] == expected
    assert page.context["agenda"].today == expected
    assert f"{expected:%A %-d %B %Y}" in out.getvalue()
