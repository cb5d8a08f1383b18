"""Imports (upload a file, read the preview, choose per row, commit, watch progress,
undo, discard) and exports (every format).

Everything goes through transfer's services and its background jobs (``transfer.tasks``):
an upload answers at once and its preview is read by a worker, as on the web; so is the
commit. Poll the import (``status``, ``done``/``total``) to watch it. A spreadsheet that
needs its columns named is left in ``mapping`` for the web's column-map page.
"""

import tempfile
from datetime import datetime
from typing import Literal

from django.conf import settings
from django.http import FileResponse
from ninja import Field, File, Form, Query, Router, Status
from ninja.files import UploadedFile

from backstory.transfer import progress, selectors, services, tasks
from backstory.transfer.exporters import exporters, get_exporter
from backstory.transfer.formats import importers
from backstory.transfer.models import BatchStatus, RowAction

from ..errors import ERRORS, ApiError
from ..pagination import PageParams, page_of, paginate
from ..schemas import InSchema, PathId, Schema

router = Router(tags=["transfer"])

ImporterName = Literal[tuple(i.key for i in importers())]  # type: ignore[valid-type]
ExportKind = Literal[tuple(e.key for e in exporters())]  # type: ignore[valid-type]
RowShow = Literal[tuple(selectors.ROW_FILTERS)]  # type: ignore[valid-type]


class ImportOut(Schema):
    id: int
    file_name: str
    file_size: int
    format: str
    status: BatchStatus
    message: str
    summary: dict = Field(..., description="counts by record type and outcome")
    created_at: datetime
    committed_at: datetime | None
    undone_at: datetime | None
    done: int = Field(0, description="rows read so far, while the job runs")
    total: int = Field(0, description="rows the job will read (0 while it counts)")

    @staticmethod
    def resolve_done(batch) -> int:
        return getattr(batch, "progress", {}).get("done", 0)

    @staticmethod
    def resolve_total(batch) -> int:
        return getattr(batch, "progress", {}).get("total", 0)


class ImportDetailOut(ImportOut):
    rows: dict[str, int] = Field(..., description="preview rows by what they propose")

    @staticmethod
    def resolve_rows(batch) -> dict:
        return batch.row_counts


ImportPage = page_of(ImportOut, "ImportPage")


class RowOut(Schema):
    id: int
    line: int
    sheet: str
    record_type: str
    label: str
    detail: str
    action: RowAction
    choice: str
    person_id: int | None
    match_how: str
    message: str
    committed: bool


RowPage = page_of(RowOut, "RowPage")


class RowFilters(InSchema):
    show: RowShow = "all"


class ChoiceIn(InSchema):
    choice: Literal["create", "update", "skip", ""] = Field(
        ..., description="create new, update the match, skip; empty: what the preview says")


class UndoOut(Schema):
    counts: dict[str, int]
    batch: ImportOut


def _upload_limit() -> int:
    return getattr(settings, "TRANSFER_UPLOAD_MAX_BYTES", settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _batch(request, batch_id: int, *, detail: bool = False):
    batch = selectors.batch_get(request.workspace, batch_id)
    if batch.status in (BatchStatus.CHECKING, BatchStatus.RUNNING):
        batch.progress = progress.progress_read(batch.pk)
    if detail:
        batch.row_counts = selectors.row_counts(request.workspace, batch)
    return batch


@router.get("/imports", response={200: ImportPage, **ERRORS}, summary="Recent imports")
def imports_list(request, page: Query[PageParams]):
    return paginate(selectors.batches_recent(request.workspace), page)


@router.post("/imports", response={201: ImportDetailOut, **ERRORS},
             summary="Upload a file: its preview is read in the background")
def import_create(request, file: File[UploadedFile],
                  format: Form[ImporterName | Literal[""]] = ""):
    """Like the web's upload: nothing is written to the network until the commit. (A
    retried upload makes a second import to review, so no Idempotency-Key is needed.)"""
    if file.size > _upload_limit():
        raise ApiError(413, f"This file is {file.size} bytes; uploads are limited to "
                            f"{_upload_limit()}. Import it with `backstory import FILE`.",
                       field_errors={"file": ["Too big."]})
    batch = tasks.upload_start(request.workspace, by=request.user, data=file.read(),
                               name=file.name or "upload", format=format or None)
    return Status(201, _batch(request, batch.pk, detail=True))


@router.get("/imports/{batch_id}", response={200: ImportDetailOut, **ERRORS},
            summary="An import: its state, its progress while a job runs, its rows' counts")
def import_detail(request, batch_id: PathId):
    return _batch(request, batch_id, detail=True)


@router.get("/imports/{batch_id}/rows", response={200: RowPage, **ERRORS},
            summary="The preview: one row per row of the file, with what it proposes")
def import_rows(request, batch_id: PathId, filters: Query[RowFilters],
                page: Query[PageParams]):
    batch = selectors.batch_get(request.workspace, batch_id)
    return paginate(selectors.batch_rows(request.workspace, batch, filters.show), page)


@router.post("/imports/{batch_id}/rows/{row_id}/choice", response={200: RowOut, **ERRORS},
             summary="Decide one row: create new, update the match, or skip")
def import_row_choose(request, batch_id: PathId, row_id: PathId, data: ChoiceIn):
    batch = selectors.batch_get(request.workspace, batch_id)
    row = selectors.row_get(request.workspace, batch, row_id)
    return services.import_row_choose(request.workspace, by=request.user, row=row,
                                      choice=data.choice)


@router.post("/imports/{batch_id}/commit", response={202: ImportDetailOut, **ERRORS},
             summary="Write the previewed file (in the background; poll the import)")
def import_commit(request, batch_id: PathId):
    batch = selectors.batch_get(request.workspace, batch_id)
    tasks.commit_start(request.workspace, by=request.user, batch=batch)
    return Status(202, _batch(request, batch_id, detail=True))


@router.post("/imports/{batch_id}/undo", response={200: UndoOut, **ERRORS},
             summary="Undo a committed import")
def import_undo(request, batch_id: PathId):
    batch = selectors.batch_get(request.workspace, batch_id)
    counts = services.import_undo(request.workspace, by=request.user, batch=batch)
    return {"counts": counts, "batch": _batch(request, batch_id)}


@router.post("/imports/{batch_id}/discard", response={200: ImportOut, **ERRORS},
             summary="Drop an import that was not committed")
def import_discard(request, batch_id: PathId):
    batch = selectors.batch_get(request.workspace, batch_id)
    services.import_discard(request.workspace, by=request.user, batch=batch)
    progress.progress_clear(batch.pk)
    return _batch(request, batch_id)


class ExportFilters(InSchema):
    version: Literal["3.0", "4.0"] = Field("3.0", description="vCard version (vcard only)")


EXPORT_DOC = {"responses": {200: {"description": "The file", "content": {
    e.content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
    for e in exporters()}}}}


@router.get("/exports/{kind}", response={200: None, **ERRORS}, openapi_extra=EXPORT_DOC,
            summary="Download the workspace in one format (xlsx, csv zip, vCard, iCalendar)")
def export_download(request, kind: ExportKind, filters: Query[ExportFilters]):
    exporter = get_exporter(kind)
    # FileResponse closes it when the download is sent, hence no context manager here.
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    exporter.write(request.workspace, handle, version=filters.version, viewer=request.user)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, content_type=exporter.content_type,
                        filename=exporter.filename(request.workspace, version=filters.version))

