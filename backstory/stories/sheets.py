"""The Tips and Pitches sheets of the export workbook (and its CSV files)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from backstory.transfer.sheets import Column, Sheet, local
from backstory.workspaces.models import Workspace

from .models import Pitch, Tip
from .selectors import _sources_prefetch


class TipsSheet(Sheet):
    key, title, order = "tips", "Tips", 60
    columns = [
        Column("ID", "int", 8), Column("Title", width=40), Column("Kind", width=20),
        Column("Status", width=12), Column("Sources", width=30),
        Column("Source IDs", width=12), Column("Heard on", "date", 12),
        Column("Happens on", "date", 12), Column("Lead time (days)", "int", 10),
        Column("Early warning", "bool", 8), Column("Covered on", "date", 12),
        Column("From interaction ID", "int", 8), Column("Details", width=50),
        Column("Added on", "datetime", 17),
    ]

    def rows(self, workspace: Workspace) -> Iterator[list[Any]]:
        tips = (Tip.objects.filter(workspace=workspace).order_by("heard_on", "id")
                .prefetch_related(_sources_prefetch()))
        for t in tips.iterator(chunk_size=1000):
            sources = [s.person for s in t.tip_sources.all()]
            yield [
                t.pk, t.title, t.get_kind_display(), t.get_status_display(),
                "; ".join(p.name for p in sources), "; ".join(str(p.pk) for p in sources),
                t.heard_on, t.happens_on, t.lead_days, t.is_early_warning, t.covered_on,
                t.interaction_id, t.details, local(t.created_at, workspace),
            ]


class PitchesSheet(Sheet):
    key, title, order = "pitches", "Pitches", 61
    columns = [
        Column("ID", "int", 8), Column("Tip ID", "int", 8), Column("Tip", width=36),
        Column("Journalist", width=24), Column("Journalist ID", "int", 8),
        Column("Outlet", width=20), Column("Status", width=12), Column("Angle", width=40),
        Column("Sent on", "date", 12), Column("Replied on", "date", 12),
        Column("Decided on", "date", 12), Column("Coverage outlet", width=20),
        Column("Headline", width=36), Column("Coverage URL", width=36),
        Column("Published on", "date", 12),
    ]

    def rows(self, workspace: Workspace) -> Iterator[list[Any]]:
        pitches = (Pitch.objects.filter(workspace=workspace)
                   .select_related("tip", "journalist").order_by("tip_id", "created_at", "id"))
        for p in pitches.iterator(chunk_size=1000):
            yield [
                p.pk, p.tip_id, p.tip.title, p.journalist.name, p.journalist_id,
                p.journalist.outlet, p.get_status_display(), p.angle, p.sent_on, p.replied_on,
                p.decided_on, p.coverage_outlet, p.coverage_headline, p.coverage_url,
                p.covered_on,
            ]
