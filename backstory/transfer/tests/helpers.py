"""Small readers for the tests: what a workspace holds after an import."""

from __future__ import annotations

from backstory.people.models import Person


def people(workspace) -> dict[str, Person]:
    return {p.name: p for p in Person.objects.filter(workspace=workspace)
            .select_related("organization", "team").prefetch_related("contact_points", "tags")}


def contacts(person: Person, kind: str) -> list[str]:
    return [c.value for c in person.contact_points.all() if c.kind == kind]


def normalized(person: Person, kind: str) -> list[str]:
    return [c.normalized for c in person.contact_points.all() if c.kind == kind]


def tags(person: Person) -> set[str]:
    return {t.name for t in person.tags.all()}


def build_network(workspace, by):
    """A small but complete network: organisations, a team, people with every kind of
    detail, interactions and action items — and text that looks like a formula."""
    from datetime import date, datetime, timedelta

    from django.utils import timezone

    from backstory.interactions.services import action_item_set_done
    from backstory.people.services import ContactInput, organization_create, team_create
    from backstory.testing import make_action, make_interaction, make_person

    own = organization_create(workspace, by=by, name="Acme", is_own=True)
    sales = team_create(workspace, by=by, organization=own, name="Sales")
    press = organization_create(workspace, by=by, name="The Daily Planet", kind="media",
                                website="https://planet.example")
    dana = make_person(workspace, "Dana Reyes", by=by, organization=own, team=sales,
                       circle="internal", direction="across", title="Account Director",
                       emails=["dana@acme.example"], tags=["customer-stories", "sales"],
                       contacts=[ContactInput("phone", "+44 20 7946 0123", "work"),
                                 ContactInput("linkedin", "https://linkedin.com/in/dana-r")],
                       birthday_month=4, birthday_day=15, met_on=date(2021, 9, 1),
                       wants="A speaking slot", notes="Knows every customer.\nAsk about Q3.",
                       cadence_min_days=20, cadence_max_days=40)
    lois = make_person(workspace, "Lois Lane", by=by, organization=press, circle="media",
                       title="=HYPERLINK(\"http://evil.example\")", beat="Tech, policy",
                       outlet="The Daily Planet", emails=["lois@planet.example"],
                       birthday_year=1980, birthday_month=2, birthday_day=29,
                       introduced_by=dana, preferred_channel="email",
                       preferred_format="short_note")
    old = make_person(workspace, "Old Contact", by=by, notes="+1 call back")
    from backstory.people.services import person_archive

    person_archive(workspace, by=by, person=old)
    when = timezone.make_aware(datetime(2024, 3, 5, 9, 30))
    coffee = make_interaction(workspace, [dana, lois], by=by, kind="coffee", when=when,
                              notes="Talked about the **launch**; =1+1", summary="Launch chat",
                              place="Café", duration_minutes=45, value="mutual",
                              tags=["launch"])
    make_interaction(workspace, [dana], by=by, kind="video",
                     when=timezone.now() - timedelta(days=3), summary="Weekly sync")
    make_action(workspace, "Send Lois the customer story", by=by, person=lois,
                interaction=coffee, due_on=date(2024, 3, 12))
    done = make_action(workspace, "@channel the numbers", by=by, person=dana)
    action_item_set_done(workspace, by=by, item=done, done=True)
    return {"dana": dana, "lois": lois, "old": old, "coffee": coffee}
