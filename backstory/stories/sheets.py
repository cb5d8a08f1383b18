"""The Tips and Pitches sheets of the export workbook (and its CSV files)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from backstory.transfer.sheets import Column, Sheet, local
from backstory.workspaces.actors import Actor
from backstory.workspaces.models import Workspace

from .models import Pitch, Tip
from .selectors import _sources_prefetch


class TipsSheet(Sheet):
    key, title, order, object_type = "tips", "Tips", 60, "tip"
    columns = [
        Column("ID", "int", 8), Column("Title", width=40), Column("Kind", width=20),
        Column("Status", width=12), Column("Sources", width=30),
        Column("Source IDs", width=12), Column("Heard on", "date", 12),
        Column("Happens on", "date", 12), Column("Lead time (days)", "int", 10),
        Column("Early warning", "bool", 8), Column("Covered on", "date", 12),
        Column("From interaction ID", "int", 8), Column("Details", width=50),
        Column("Added on", "datetime", 17),
    ]

    def rows(self, workspace: Workspace, viewer=None) -> Iterator[list[Any]]:
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

    def import_rows(self, **kwargs) -> list:
        return _import_tips(**kwargs)


class PitchesSheet(Sheet):
    key, title, order, object_type = "pitches", "Pitches", 61, "pitch"
    columns = [
        Column("ID", "int", 8), Column("Tip ID", "int", 8), Column("Tip", width=36),
        Column("Journalist", width=24), Column("Journalist ID", "int", 8),
        Column("Outlet", width=20), Column("Status", width=12), Column("Angle", width=40),
        Column("Sent on", "date", 12), Column("Replied on", "date", 12),
        Column("Decided on", "date", 12), Column("Coverage outlet", width=20),
        Column("Headline", width=36), Column("Coverage URL", width=36),
        Column("Published on", "date", 12),
    ]

    def rows(self, workspace: Workspace, viewer=None) -> Iterator[list[Any]]:
        pitches = (Pitch.objects.filter(workspace=workspace)
                   .select_related("tip", "journalist").order_by("tip_id", "created_at", "id"))
        for p in pitches.iterator(chunk_size=1000):
            yield [
                p.pk, p.tip_id, p.tip.title, p.journalist.name, p.journalist_id,
                p.journalist.outlet, p.get_status_display(), p.angle, p.sent_on, p.replied_on,
                p.decided_on, p.coverage_outlet, p.coverage_headline, p.coverage_url,
                p.covered_on,
            ]

    def import_rows(self, **kwargs) -> list:
        return _import_pitches(**kwargs)


# Reading the sheets back -----------------------------------------------------------------


def _import_tips(*, workspace: Workspace, by: Actor, rows, links) -> list:
    from django.utils import timezone

    from backstory.transfer.sheets import import_each, save_imported

    from .models import TipKind, TipSource, TipStatus
    from .services.tips import lead_days

    def write(cells) -> int:
        title = cells.text("Title")
        if not title.strip():
            raise ValueError("this tip has no title")
        heard_on = cells.date("Heard on")
        if heard_on is None:
            raise ValueError("this tip has no 'Heard on' date")
        happens_on = cells.date("Happens on")
        sources = [links.person(ref) for ref in cells.refs("Source IDs")]
        if not sources or None in sources:
            raise ValueError("a source of this tip is not in the People sheet")
        added = cells.datetime("Added on")
        tip = Tip(workspace=workspace, title=title, details=cells.text("Details"),
                  kind=cells.choice("Kind", TipKind.choices),
                  status=cells.choice("Status", TipStatus.choices, TipStatus.NEW),
                  heard_on=heard_on, happens_on=happens_on,
                  lead_days=lead_days(heard_on, happens_on),
                  interaction_id=links.record("interaction", cells.ref("From interaction ID")),
                  covered_on=cells.date("Covered on"), created_by=by,
                  status_changed_at=links.aware(added) if added else timezone.now())
        pk = save_imported(tip, created_at=added, links=links, by=by, action="tip.imported",
                           data={"title": title, "summary": f"Imported “{title}”"})
        TipSource.objects.bulk_create([
            TipSource(workspace=workspace, tip_id=pk, person_id=person, position=position)
            for position, person in enumerate(dict.fromkeys(sources))])
        return pk

    return import_each(rows, write)


def _import_pitches(*, workspace: Workspace, by: Actor, rows, links) -> list:
    from backstory.transfer.sheets import import_each, save_imported

    from .models import PitchStatus

    def write(cells) -> int:
        tip = links.record("tip", cells.ref("Tip ID"))
        journalist = links.person(cells.ref("Journalist ID"))
        if tip is None:
            raise ValueError("the tip of this pitch is not in the Tips sheet")
        if journalist is None:
            raise ValueError("the journalist of this pitch is not in the People sheet")
        angle = cells.text("Angle")
        pitch = Pitch(workspace=workspace, tip_id=tip, journalist_id=journalist, angle=angle,
                      status=cells.choice("Status", PitchStatus.choices, PitchStatus.DRAFT),
                      sent_on=cells.date("Sent on"), replied_on=cells.date("Replied on"),
                      decided_on=cells.date("Decided on"),
                      coverage_outlet=cells.text("Coverage outlet"),
                      coverage_headline=cells.text("Headline"),
                      coverage_url=cells.text("Coverage URL"),
                      covered_on=cells.date("Published on"), created_by=by)
        return save_imported(pitch, created_at=None, links=links, by=by,
                             action="pitch.imported", person_id=journalist,
                             data={"tip": tip, "summary": "Pitch imported"})

    return import_each(rows, write)


