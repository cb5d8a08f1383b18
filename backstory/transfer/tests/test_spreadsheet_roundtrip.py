"""Backstory's own workbook comes back in: people, interactions, action items, links."""

from __future__ import annotations

import io
from datetime import date

from django.utils import timezone

from backstory.interactions.models import ActionItem, Interaction
from backstory.people.models import Person
from backstory.transfer.exporters import get_exporter
from backstory.transfer.services import import_file

from .helpers import build_network, contacts, people, tags


def workbook(workspace) -> bytes:
    buffer = io.BytesIO()
    get_exporter("xlsx").write(workspace, buffer)
    return buffer.getvalue()


def test_an_exported_workbook_imports_into_another_workspace_with_its_history(personas):
    build_network(personas.workspace, personas.owner)
    data = workbook(personas.workspace)
    target, by = personas.outsider_workspace, personas.outsider
    result = import_file(target, by=by, data=data, name="backstory.xlsx")
    assert result.format == "backstory"
    found = people(target)
    assert set(found) == {"Dana Reyes", "Lois Lane", "Old Contact"}
    dana, lois = found["Dana Reyes"], found["Lois Lane"]
    assert (dana.organization.name, dana.team.name) == ("Acme", "Sales")
    assert (dana.circle, dana.direction) == ("internal", "across")
    assert (dana.birthday_year, dana.birthday_month, dana.birthday_day) == (None, 4, 15)
    assert dana.met_on == date(2021, 9, 1)
    assert (dana.cadence_min_days, dana.cadence_max_days) == (20, 40)
    assert dana.notes == "Knows every customer.\nAsk about Q3."
    assert tags(dana) == {"customer-stories", "sales"}
    assert contacts(dana, "phone") == ["+44 20 7946 0123"]
    assert [c.label for c in dana.contact_points.all() if c.kind == "phone"] == ["work"]
    assert lois.title == '=HYPERLINK("http://evil.example")'  # the guard is taken off
    assert lois.introduced_by == dana
    assert (lois.preferred_channel, lois.preferred_format) == ("email", "short_note")
    assert found["Old Contact"].archived_at is not None
    assert found["Old Contact"].notes == "+1 call back"
    coffee = Interaction.objects.get(workspace=target, summary="Launch chat")
    assert coffee.kind == "coffee" and coffee.value == "mutual"
    assert coffee.occurred_at.isoformat() == "2024-03-05T09:30:00+00:00"
    assert {p.name for p in coffee.participants.all()} == {"Dana Reyes", "Lois Lane"}
    assert {t.name for t in coffee.tags.all()} == {"launch"}
    assert coffee.notes == "Talked about the **launch**; =1+1"
    items = {a.text: a for a in ActionItem.objects.filter(workspace=target)}
    assert items["Send Lois the customer story"].person == lois
    assert items["Send Lois the customer story"].interaction == coffee
    assert items["Send Lois the customer story"].due_on == date(2024, 3, 12)
    assert items["@channel the numbers"].done_at is not None
    assert Person.objects.get(workspace=target, name="Dana Reyes").last_touch_at is not None
    from backstory.people.models import Organization

    orgs = {o.name: o for o in Organization.objects.filter(workspace=target)}
    assert orgs["Acme"].is_own
    assert (orgs["The Daily Planet"].kind, orgs["The Daily Planet"].website) == (
        "media", "https://planet.example")


def test_importing_the_workbook_into_its_own_workspace_changes_nothing(workspace, owner):
    build_network(workspace, owner)
    result = import_file(workspace, by=owner, data=workbook(workspace), name="mine.xlsx")
    assert result.count("create") == 0
    assert Person.objects.filter(workspace=workspace).count() == 3
    assert Interaction.objects.filter(workspace=workspace).count() == 2
    assert ActionItem.objects.filter(workspace=workspace).count() == 2


def test_records_that_look_alike_stay_apart_and_a_second_import_adds_nothing(personas):
    from datetime import datetime

    from backstory.testing import make_action, make_interaction, make_person

    source, by = personas.workspace, personas.owner
    kai_a = make_person(source, "Kai Berg", by=by)
    kai_b = make_person(source, "Kai Berg", by=by)  # two people with one name
    when = timezone.make_aware(datetime(2025, 5, 6, 10, 0))
    for person in (kai_a, kai_b):  # the same minute, kind and title, different people
        make_interaction(source, [person], by=by, kind="video", when=when, summary="Check-in")
        make_action(source, "Send the deck", by=by, person=kai_a)  # the same text twice
    data = workbook(source)
    target = personas.outsider_workspace
    first = import_file(target, by=personas.outsider, data=data, name="b.xlsx")
    assert first.count("create", "person") == 2
    calls = Interaction.objects.filter(workspace=target).prefetch_related("participants")
    assert sorted(len(c.participants.all()) for c in calls) == [1, 1]
    assert len({c.participants.all()[0].pk for c in calls}) == 2
    assert ActionItem.objects.filter(workspace=target, text="Send the deck").count() == 2
    again = import_file(target, by=personas.outsider, data=data, name="b.xlsx")
    assert {a for c in again.counts.values() for a in c} == {"unchanged"}
    assert (Person.objects.filter(workspace=target).count(),
            Interaction.objects.filter(workspace=target).count(),
            ActionItem.objects.filter(workspace=target).count()) == (2, 2, 2)


def test_tips_pitches_opportunities_and_introductions_come_back(personas):
    from backstory.intros.models import Introduction, Opportunity
    from backstory.stories.models import Pitch, Tip
    from backstory.transfer.models import ImportObject

    source, by = personas.workspace, personas.owner
    build_network(source, by)
    dana = Person.objects.get(workspace=source, name="Dana Reyes")
    lois = Person.objects.get(workspace=source, name="Lois Lane")
    tip = Tip.objects.create(workspace=source, title="Customer story: =Acme", kind="customer_story",
                             status="pitched", heard_on=date(2024, 3, 1),
                             happens_on=date(2024, 4, 1), lead_days=31,
                             status_changed_at=timezone.now(), details="Line one\nline two")
    tip.tip_sources.create(workspace=source, person=dana)
    Pitch.objects.create(workspace=source, tip=tip, journalist=lois, angle="Why it matters",
                         status="sent", sent_on=date(2024, 3, 2))
    job = Opportunity.objects.create(workspace=source, kind="speaking", title="Keynote",
                                     contact=dana, brought_by=lois, keywords="launch")
    Introduction.objects.create(workspace=source, person_a=dana, person_b=lois,
                                reason="Both launch things", opportunity=job,
                                status="asked_a", asked_a_on=date(2024, 3, 3),
                                status_changed_at=timezone.now())
    target = personas.outsider_workspace
    result = import_file(target, by=personas.outsider, data=workbook(source), name="b.xlsx")
    assert result.count("skip") == 0, [(p.where, p.message) for p in result.problems]
    copy = Tip.objects.get(workspace=target)
    assert (copy.title, copy.details, copy.status, copy.lead_days) == (
        "Customer story: =Acme", "Line one\nline two", "pitched", 31)
    assert [s.person.name for s in copy.tip_sources.all()] == ["Dana Reyes"]
    pitch = Pitch.objects.get(workspace=target)
    assert (pitch.tip, pitch.journalist.name, pitch.status) == (copy, "Lois Lane", "sent")
    intro = Introduction.objects.get(workspace=target)
    assert intro.opportunity == Opportunity.objects.get(workspace=target)
    assert (intro.person_a.name, intro.person_b.name, intro.status) == (
        "Dana Reyes", "Lois Lane", "asked_a")
    assert intro.opportunity.contact.name == "Dana Reyes"
    assert ImportObject.objects.filter(batch=result.batch, object_type="tip").exists()
