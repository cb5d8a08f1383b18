"""Reads for the Import / export pages, always scoped to the workspace."""

from __future__ import annotations

from django.db.models import QuerySet

from backstory.core.errors import NotFound
from backstory.workspaces.models import Workspace

from .models import ImportBatch, ImportRow

ROW_FILTERS = {
    "all": None,
    "new": ["create"],
    "update": ["update", "merge"],
    "duplicate": ["duplicate"],
    "unchanged": ["unchanged"],
    "skip": ["skip"],
}


def batches_recent(workspace: Workspace, limit: int = 50) -> list[ImportBatch]:
    return list(
        ImportBatch.objects.filter(workspace=workspace)
        .exclude(status="discarded")
        .select_related("created_by")
        .order_by("-created_at", "-id")[:limit]
    )


def batch_get(workspace: Workspace, batch_id: int) -> ImportBatch:
    batch = (ImportBatch.objects.filter(workspace=workspace, pk=batch_id)
             .select_related("created_by").first())
    if batch is None:
        raise NotFound("No such import in this workspace.")
    return batch


def batch_rows(workspace: Workspace, batch: ImportBatch, show: str = "all"
               ) -> QuerySet[ImportRow]:
    rows = ImportRow.objects.filter(workspace=workspace, batch=batch).select_related("person")
    actions = ROW_FILTERS.get(show)
    if actions:
        rows = rows.filter(action__in=actions)
    return rows.order_by("id")


def row_get(workspace: Workspace, batch: ImportBatch, row_id: int) -> ImportRow:
    row = (ImportRow.objects.filter(workspace=workspace, batch=batch, pk=row_id)
           .select_related("person", "batch").first())
    if row is None:
        raise NotFound("No such row in this import.")
    return row


def row_counts(workspace: Workspace, batch: ImportBatch) -> dict[str, int]:
    from django.db.models import Count

    counts = dict(ImportRow.objects.filter(workspace=workspace, batch=batch)
                  .values_list("action").annotate(n=Count("id")).values_list("action", "n"))
    result = {key: sum(counts.get(a, 0) for a in (actions or counts)) for key, actions in
              ROW_FILTERS.items()}
    result["to_write"] = result["all"] - result["skip"] - result["unchanged"]
    return result
