"""The private calendar feed: valid RFC 5545 (icalendar parses it, khal imports it), with
due follow-ups and open action items, behind a secret that can be revoked and replaced."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar

from backstory.followups import services
from backstory.followups.models import FollowupPrefs
from backstory.testing import make_action, make_interaction, make_person


@pytest.fixture
def agenda(workspace):
    now = timezone.now()
    due = make_person(workspace, "Dana Reyes", circle="internal")
    make_interaction(workspace, [due], when=now - timedelta(days=30))
    soon = make_person(workspace, "Sam Ortiz", circle="internal")
    make_interaction(workspace, [soon], when=now - timedelta(days=20))
    make_person(workspace, "Never Met", circle="internal")
    make_action(workspace, "Send Dana the Q3 report", person=due,
                due_on=timezone.localdate() + timedelta(days=2))
    make_action(workspace, "Book the press room", due_on=timezone.localdate() - timedelta(days=3))
    done = make_action(workspace, "Already done", due_on=timezone.localdate())
    done.done_at = now
    done.save()
    return due, soon


def _events(body: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(body)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_is_valid_icalendar_with_follow_ups_and_action_items(client, workspace,
                                                                      owner, agenda):
    token = services.feed_token_regenerate(workspace, by=owner)
    response = client.get(f"/feed/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response.content)
    today = timezone.localdate()
    assert events["Follow up with Dana Reyes"]["dtstart"].dt == today
    # Sam was touched 20 days ago: the window (28 days) opens in 8 days.
    assert events["Follow up with Sam Ortiz"]["dtstart"].dt == today + timedelta(days=8)
    assert events["Send Dana the Q3 report"]["dtstart"].dt == today + timedelta(days=2)
    assert events["Book the press room"]["dtstart"].dt == today  # overdue: shown today
    assert "Overdue since" in str(events["Book the press room"]["description"])
    assert "Already done" not in events and "Follow up with Never Met" not in events
    uids = [str(e["uid"]) for e in events.values()]
    assert len(uids) == len(set(uids))
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0" and "prodid" in calendar


def test_a_revoked_or_replaced_feed_address_stops_working(client, workspace, owner, agenda):
    old = services.feed_token_regenerate(workspace, by=owner)
    new = services.feed_token_regenerate(workspace, by=owner)
    assert client.get(f"/feed/{old}.ics").status_code == 404
    assert client.get(f"/feed/{new}.ics").status_code == 200
    services.feed_token_revoke(workspace, by=owner)
    assert client.get(f"/feed/{new}.ics").status_code == 404
    assert client.get("/feed/not-a-token.ics").status_code == 404


def test_the_feed_stops_when_the_member_leaves_the_workspace(client, personas, agenda):
    token = services.feed_token_regenerate(personas.workspace, by=personas.teammate)
    assert client.get(f"/feed/{token}.ics").status_code == 200
    personas.workspace.memberships.filter(user=personas.teammate).delete()
    assert client.get(f"/feed/{token}.ics").status_code == 404


def test_settings_show_regenerate_and_revoke_the_feed(owner_client, workspace, owner):
    response = owner_client.post("/settings/follow-ups/", {"feed_regenerate": "1",
                                                           "next": "/settings/"})
    assert response.status_code == 302
    token = FollowupPrefs.objects.get(workspace=workspace, user=owner).feed_token
    assert f"/feed/{token}.ics" in owner_client.get("/settings/").text
    owner_client.post("/settings/follow-ups/", {"feed_revoke": "1"})
    assert FollowupPrefs.objects.get(workspace=workspace, user=owner).feed_token is None


def test_the_feed_loads_in_khal_a_real_calendar_client(client, workspace, owner, agenda,
                                                       tmp_path: Path):
    khal = shutil.which("khal", path=str(Path(sys.executable).parent)) or shutil.which("khal")
    if khal is None:
        pytest.skip("khal is not installed (pip install -e '.[dev]')")
    token = services.feed_token_regenerate(workspace, by=owner)
    feed = tmp_path / "backstory.ics"
    feed.write_bytes(client.get(f"/feed/{token}.ics").content)
    (tmp_path / "cal").mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        "[calendars]\n[[backstory]]\npath = {cal}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "[default]\ndefault_calendar = backstory\n".format(cal=tmp_path / "cal")
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path)}
    run = [khal, "-c", str(config)]
    imported = subprocess.run([*run, "import", "--batch", "-a", "backstory", str(feed)],
                              capture_output=True, text=True, env=env, timeout=60)
    assert imported.returncode == 0, imported.stderr
    today = timezone.localdate()
    listed = subprocess.run([*run, "list", "--format", "{start-date} {title}",
                             today.isoformat(), "30d"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert f"{today.isoformat()} Follow up with Dana Reyes" in lines, listed.stdout
    assert f"{(today + timedelta(days=8)).isoformat()} Follow up with Sam Ortiz" in lines
    assert f"{(today + timedelta(days=2)).isoformat()} Send Dana the Q3 report" in lines
