"""iCalendar of interactions: one event per touch, with its people as attendees."""

from __future__ import annotations

from datetime import timedelta
from typing import BinaryIO

from django.db.models import Prefetch
from icalendar import Calendar, Event, vCalAddress, vText

from backstory.interactions.models import Interaction
from backstory.interactions.selectors import visible_notes
from backstory.people.models import ContactPoint, Person
from backstory.workspaces.models import Workspace

from .. import sheets as registry
from .base import Exporter, register_exporter


def event_for(interaction: Interaction, workspace: Workspace, viewer=None) -> Event:
    people = list(interaction.participants.all())
    names = ", ".join(p.name for p in people)
    kind = registry.KINDS.get(interaction.kind, interaction.kind)
    event = Event()
    event.add("uid", f"interaction-{interaction.pk}-{workspace.slug}@backstory")
    event.add("dtstamp", interaction.updated_at)
    event.add("dtstart", interaction.occurred_at)
    event.add("dtend", interaction.occurred_at + timedelta(
        minutes=interaction.duration_minutes or 30))
    event.add("summary", interaction.summary or f"{kind} with {names}")
    event.add("categories", [kind])
    if interaction.place:
        event.add("location", interaction.place)
    notes = visible_notes(interaction, viewer)
    if notes:
        event.add("description", notes)
    for person in people:
        email = next((c.value for c in person.contact_points.all() if c.kind == "email"), "")
        if not email:
            continue
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(person.name)
        event.add("attendee", attendee, encode=0)
    return event


class IcsExporter(Exporter):
    key, label, extension = "ics", "Calendar of interactions (.ics)", "ics"
    content_type = "text/calendar; charset=utf-8"

    def write(self, workspace: Workspace, out: BinaryIO, **options) -> None:
        calendar = Calendar()
        calendar.add("prodid", "-//Backstory//Interactions//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", f"{workspace.name} — interactions")
        head = calendar.to_ical().decode("utf-8")
        begin, end = head.rsplit("END:VCALENDAR", 1)
        out.write(begin.encode("utf-8"))
        interactions = Interaction.objects.filter(workspace=workspace).prefetch_related(
            Prefetch("participants", queryset=Person.objects.order_by("name", "id")
                     .prefetch_related(Prefetch(
                         "contact_points", queryset=ContactPoint.objects.filter(kind="email")
                         .order_by("position", "id")))),
        ).order_by("occurred_at", "id")
        for interaction in interactions.iterator(chunk_size=1000):
            out.write(event_for(interaction, workspace, options.get("viewer")).to_ical())
        out.write(("END:VCALENDAR" + end).encode("utf-8"))


register_exporter(IcsExporter())
