"""The Introductions and Opportunities sheets of the export workbook (and its CSV files)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from backstory.transfer.sheets import Column, Sheet, local
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Workspace

from .models import Introduction, Opportunity


class IntroductionsSheet(Sheet):
    # After Opportunities: an introduction may name the opportunity it came from.
    key, title, order, object_type = "introductions", "Introductions", 71, "introduction"
    columns = [
        Column("ID", "int", 8), Column("Person A", width=24), Column("Person A ID", "int", 8),
        Column("Person B", width=24), Column("Person B ID", "int", 8),
        Column("Reason", width=40), Column("Status", width=14),
        Column("Asked A on", "date", 12), Column("A agreed on", "date", 12),
        Column("Asked B on", "date", 12), Column("Introduced on", "date", 12),
        Column("Declined on", "date", 12), Column("Declined by", width=12),
        Column("Outcome", width=12), Column("Outcome on", "date", 12),
        Column("Outcome note", width=36), Column("Opportunity", width=30),
        Column("Opportunity ID", "int", 8), Column("Added on", "datetime", 17),
    ]

    def rows(self, workspace: Workspace, viewer=None) -> Iterator[list[Any]]:
        intros = (Introduction.objects.filter(workspace=workspace)
                  .select_related("person_a", "person_b", "opportunity")
                  .order_by("created_at", "id"))
        for i in intros.iterator(chunk_size=1000):
            yield [
                i.pk, i.person_a.name, i.person_a_id, i.person_b.name, i.person_b_id,
                i.reason, i.get_status_display(), i.asked_a_on, i.a_agreed_on, i.asked_b_on,
                i.introduced_on, i.declined_on,
                i.get_declined_by_display() if i.declined_by else "",
                i.get_outcome_display() if i.outcome else "", i.outcome_on, i.outcome_note,
                i.opportunity.title if i.opportunity else "", i.opportunity_id,
                local(i.created_at, workspace),
            ]

    def import_rows(self, **kwargs) -> list:
        return _import_introductions(**kwargs)


class OpportunitiesSheet(Sheet):
    key, title, order, object_type = "opportunities", "Opportunities", 70, "opportunity"
    columns = [
        Column("ID", "int", 8), Column("Kind", width=18), Column("Title", width=36),
        Column("Organisation", width=24), Column("Link", width=30),
        Column("Keywords", width=30), Column("Deadline", "date", 12),
        Column("Contact", width=24), Column("Contact ID", "int", 8),
        Column("Brought by", width=24), Column("Brought by ID", "int", 8),
        Column("State", width=10), Column("Description", width=50),
        Column("Added on", "datetime", 17),
    ]

    def rows(self, workspace: Workspace, viewer=None) -> Iterator[list[Any]]:
        opportunities = (Opportunity.objects.filter(workspace=workspace)
                         .select_related("contact", "brought_by").order_by("created_at", "id"))
        for o in opportunities.iterator(chunk_size=1000):
            yield [
                o.pk, o.get_kind_display(), o.title, o.organization_name, o.url, o.keywords,
                o.deadline, o.contact.name if o.contact else "", o.contact_id,
                o.brought_by.name if o.brought_by else "", o.brought_by_id,
                "open" if o.is_open else "closed", o.description, local(o.created_at, workspace),
            ]

    def import_rows(self, **kwargs) -> list:
        return _import_opportunities(**kwargs)


# Reading the sheets back -----------------------------------------------------------------


def _import_opportunities(*, workspace: Workspace, by: Actor, rows, links) -> list:
    from django.utils import timezone

    from backstory.transfer.sheets import import_each, save_imported

    from .models import OpportunityKind

    def write(cells) -> int:
        title = cells.text("Title")
        if not title.strip():
            raise ValueError("this opportunity has no title")
        state = cells.text("State").strip().casefold()
        if state not in ("", "open", "closed"):
            raise ValueError(f"State: '{state}' is neither open nor closed")
        added = cells.datetime("Added on")
        opportunity = Opportunity(
            workspace=workspace, kind=cells.choice("Kind", OpportunityKind.choices,
                                                   OpportunityKind.OTHER),
            title=title, description=cells.text("Description"),
            organization_name=cells.text("Organisation"), url=cells.text("Link"),
            keywords=cells.text("Keywords"), deadline=cells.date("Deadline"),
            contact_id=links.person(cells.ref("Contact ID")),
            brought_by_id=links.person(cells.ref("Brought by ID")), created_by=by,
            closed_at=(links.aware(added) if added else timezone.now())
            if state == "closed" else None)
        return save_imported(opportunity, created_at=added, links=links, by=by,
                             action="opportunity.imported",
                             data={"title": title, "summary": f"Imported “{title}”"})

    return import_each(rows, write)


def _import_introductions(*, workspace: Workspace, by: Actor, rows, links) -> list:
    from django.utils import timezone

    from backstory.transfer.sheets import import_each, save_imported

    from .models import IntroStatus, Outcome

    def write(cells) -> int:
        person_a = links.person(cells.ref("Person A ID"))
        person_b = links.person(cells.ref("Person B ID"))
        if person_a is None or person_b is None:
            raise ValueError("a person of this introduction is not in the People sheet")
        opportunity = links.record("opportunity", cells.ref("Opportunity ID"))
        if cells.ref("Opportunity ID") and opportunity is None:
            raise ValueError("its opportunity is not in the Opportunities sheet")
        added = cells.datetime("Added on")
        intro = Introduction(
            workspace=workspace, person_a_id=person_a, person_b_id=person_b,
            reason=cells.text("Reason"), opportunity_id=opportunity,
            status=cells.choice("Status", IntroStatus.choices, IntroStatus.PROPOSED),
            asked_a_on=cells.date("Asked A on"), a_agreed_on=cells.date("A agreed on"),
            asked_b_on=cells.date("Asked B on"), introduced_on=cells.date("Introduced on"),
            declined_on=cells.date("Declined on"),
            declined_by=cells.choice("Declined by", [("a", "First person"),
                                                     ("b", "Second person")]),
            outcome=cells.choice("Outcome", Outcome.choices),
            outcome_on=cells.date("Outcome on"), outcome_note=cells.text("Outcome note"),
            status_changed_at=links.aware(added) if added else timezone.now(), created_by=by)
        return save_imported(intro, created_at=added, links=links, by=by,
                             action="intro.imported", person_id=person_a,
                             data={"summary": "Introduction imported"})

    return import_each(rows, write)
