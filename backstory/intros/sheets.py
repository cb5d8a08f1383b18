"""The Introductions and Opportunities sheets of the export workbook (and its CSV files)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from backstory.transfer.sheets import Column, Sheet, local
from backstory.workspaces.models import Workspace

from .models import Introduction, Opportunity


class IntroductionsSheet(Sheet):
    key, title, order = "introductions", "Introductions", 70
    columns = [
        Column("ID", "int", 8), Column("Person A", width=24), Column("Person A ID", "int", 8),
        Column("Person B", width=24), Column("Person B ID", "int", 8),
        Column("Reason", width=40), Column("Status", width=14),
        Column("Asked A on", "date", 12), Column("A agreed on", "date", 12),
        Column("Asked B on", "date", 12), Column("Introduced on", "date", 12),
        Column("Declined on", "date", 12), Column("Declined by", width=12),
        Column("Outcome", width=12), Column("Outcome on", "date", 12),
        Column("Outcome note", width=36), Column("Opportunity", width=30),
        Column("Added on", "datetime", 17),
    ]

    def rows(self, workspace: Workspace) -> Iterator[list[Any]]:
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
                i.opportunity.title if i.opportunity else "", local(i.created_at, workspace),
            ]


class OpportunitiesSheet(Sheet):
    key, title, order = "opportunities", "Opportunities", 71
    columns = [
        Column("ID", "int", 8), Column("Kind", width=18), Column("Title", width=36),
        Column("Organisation", width=24), Column("Link", width=30),
        Column("Keywords", width=30), Column("Deadline", "date", 12),
        Column("Contact", width=24), Column("Brought by", width=24),
        Column("State", width=10), Column("Description", width=50),
        Column("Added on", "datetime", 17),
    ]

    def rows(self, workspace: Workspace) -> Iterator[list[Any]]:
        opportunities = (Opportunity.objects.filter(workspace=workspace)
                         .select_related("contact", "brought_by").order_by("created_at", "id"))
        for o in opportunities.iterator(chunk_size=1000):
            yield [
                o.pk, o.get_kind_display(), o.title, o.organization_name, o.url, o.keywords,
                o.deadline, o.contact.name if o.contact else "",
                o.brought_by.name if o.brought_by else "", "open" if o.is_open else "closed",
                o.description, local(o.created_at, workspace),
            ]
