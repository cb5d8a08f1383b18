"""A calendar (.ics): events with people become interactions; the rest say why not."""

from __future__ import annotations

from datetime import UTC, datetime

from backstory.interactions.models import Interaction
from backstory.transfer.services import import_file

from .conftest import fixture
from .helpers import contacts, people


def test_meetings_with_people_become_interactions_and_people(workspace, owner):
    owner.email = "olivia@example.com"  # the calendar's owner is not a participant
    owner.save()
    result = import_file(workspace, by=owner, path=fixture("meetings.ics"))
    found = people(workspace)
    assert set(found) == {"Dana Reyes", "Sam Ortiz", "Priya Raman"}
    assert contacts(found["Dana Reyes"], "email") == ["dana.reyes@example.com"]
    coffee = Interaction.objects.get(workspace=workspace, summary="Coffee with Dana")
    assert coffee.kind == "coffee"
    assert coffee.occurred_at == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert coffee.duration_minutes == 45
    assert coffee.place == "Blue Bottle, Market St"
    assert {p.name for p in coffee.participants.all()} == {"Dana Reyes", "Sam Ortiz"}
    summit = Interaction.objects.get(workspace=workspace, summary="PR Summit")
    assert summit.kind == "event"
    assert summit.occurred_at.date().isoformat() == "2024-04-10"
    assert [(p.line, p.message[:20]) for p in result.problems] == [(24, "nobody else is in th")]


def test_imported_meetings_move_the_last_touch(workspace, owner):
    import_file(workspace, by=owner, path=fixture("meetings.ics"))
    dana = people(workspace)["Dana Reyes"]
    assert dana.last_touch_at == datetime(2024, 3, 5, 9, 30, tzinfo=UTC)


def test_importing_the_calendar_twice_logs_each_meeting_once(workspace, owner):
    import_file(workspace, by=owner, path=fixture("meetings.ics"))
    again = import_file(workspace, by=owner, path=fixture("meetings.ics"))
    assert Interaction.objects.filter(workspace=workspace).count() == 2
    assert again.count("create") == 0
    assert again.count("unchanged", "interaction") == 2


def test_imported_meetings_count_in_the_habit_and_leave_it_on_undo(workspace, owner):
    from backstory.followups.models import TouchDay
    from backstory.followups.stored import touch_days_compute
    from backstory.transfer.services import import_undo

    result = import_file(workspace, by=owner, path=fixture("meetings.ics"))
    stored = dict(TouchDay.objects.filter(workspace=workspace).values_list("day", "count"))
    assert stored and stored == touch_days_compute(workspace)
    import_undo(workspace, by=owner, batch=result.batch)
    assert not TouchDay.objects.filter(workspace=workspace).exists()
