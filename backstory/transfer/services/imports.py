"""Import services: preview (dry run), commit (one transaction), undo, and the
programmatic entry point ``import_file`` that the CLI, the web and the benchmarks share.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backstory.core import bulk
from backstory.core.errors import DomainError
from backstory.core.events import publish
from backstory.workspaces.actors import Actor, recorded_actor
from backstory.workspaces.models import Workspace
from backstory.workspaces.services import activity_record

from ..formats import FileError, Importer, Source, detect_format, get_importer
from ..formats.base import ParsedRow
from ..models import BatchStatus, ColumnMap, ImportBatch, ImportRow
from .plan import Planned, Planner
from .write import Writer, row_values

CHUNK = 1000
logger = logging.getLogger(__name__)
UNREADABLE = ("This file could not be read: something in it is not what we expected. "
              "Nothing was imported.")
Progress = Callable[[int, int], None]
UNEXPECTED_FAILURE = "The import failed unexpectedly; nothing was written. Try again."


def time_limit_message(seconds: float) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return (f"The import was stopped: it ran longer than the limit of {seconds:g} {unit} "
            "(BACKSTORY_JOB_TIME_LIMIT). Nothing was written. Split the file, or import it "
            "on the command line (`backstory import FILE`, no limit).")


@dataclass(frozen=True)
class Deadline:
    """When a background job must stop (time.monotonic), and the limit it comes from."""

    at: float
    seconds: float

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise DomainError(time_limit_message(self.seconds))


def _until(rows: Iterable[ParsedRow], deadline: Deadline | None) -> Iterator[ParsedRow]:
    """The rows, stopping with a clear error once the deadline has passed."""
    if deadline is None:
        yield from rows
        return
    for row in rows:
        deadline.check()
        yield row


@dataclass
class ImportResult:
    format: str
    dry_run: bool
    batch: ImportBatch | None = None
    counts: dict[str, Counter] = field(default_factory=dict)
    rows: list[Planned] = field(default_factory=list)
    total: int = 0
    seconds: float = 0.0

    def count(self, action: str, record_type: str | None = None) -> int:
        if record_type is not None:
            return self.counts.get(record_type, Counter())[action]
        return sum(c[action] for c in self.counts.values())

    @property
    def problems(self) -> list[Planned]:
        return [r for r in self.rows if r.action == "skip"]

    def summary(self) -> dict[str, dict[str, int]]:
        return {kind: dict(counter) for kind, counter in self.counts.items()}


def _chunks(rows: Iterable[ParsedRow], size: int) -> Iterator[list[ParsedRow]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def estimate_rows(importer: Importer, source: Source) -> int:
    if source.is_zip:
        from ..formats.xlsx import open_workbook

        try:
            workbook = open_workbook(source)
        except FileError:
            return 0
        try:
            return sum(max((ws.max_row or 1) - 1, 0) for ws in workbook.worksheets)
        finally:
            workbook.close()
    text = source.text()
    if importer.key == "vcard":
        return text.upper().count("BEGIN:VCARD")
    if importer.key == "ics":
        return text.upper().count("BEGIN:VEVENT")
    return max(text.count("\n"), 1)


def resolve_importer(source: Source, format: str | None) -> Importer:
    return get_importer(format) if format else detect_format(source)


def run_import(
    workspace: Workspace, *, by: Actor, source: Source, importer: Importer, apply: bool,
    batch: ImportBatch | None = None, column_map: dict | None = None,
    overrides: dict | None = None, keep_rows: bool = False, progress: Progress | None = None,
    deadline: Deadline | None = None,
) -> ImportResult:
    """Plan (and if ``apply``, write) every row. Call inside a transaction when applying.

    Past ``deadline`` it stops with a DomainError (the caller's transaction rolls back).
    """
    started = time.perf_counter()
    total = estimate_rows(importer, source) if progress else 0
    self_emails = {getattr(by, "email", "")} if by is not None else set()
    planner = Planner(workspace, overrides=overrides, self_emails=self_emails)
    writer = Writer(workspace, by=by, batch=batch, planner=planner) if apply else None
    result = ImportResult(format=importer.key, dry_run=not apply, batch=batch, total=total)
    done = 0
    if progress:
        progress(0, total)
    for chunk in _chunks(_until(importer.parse(source, column_map=column_map), deadline), CHUNK):
        planner.origin = source.origin  # known once parsing has begun
        if batch is not None and batch.origin != source.origin:
            batch.origin = source.origin
            ImportBatch.objects.filter(pk=batch.pk).update(origin=source.origin)
        planned = planner.plan_chunk(chunk)
        if deadline is not None:
            deadline.check()
        if writer is not None:
            writer.write(planned)
        for plan in planned:
            result.counts.setdefault(plan.record_type, Counter())[plan.action] += 1
        if keep_rows:
            result.rows += planned
        else:
            result.rows += [p for p in planned if p.action == "skip"][:1000]
        done += len(chunk)
        if progress:
            progress(done, max(total, done))
    if progress:
        progress(done, done)  # the estimate was only an estimate
    if deadline is not None:
        deadline.check()
    if writer is not None:
        writer.finish()
    result.total = done
    result.seconds = time.perf_counter() - started
    return result


def _check_column_map(importer: Importer, column_map: dict | None) -> None:
    if importer.needs_mapping and column_map is None:
        return  # guessed from the header names


def import_file(
    workspace: Workspace, *, by: Actor, path: str | Path | None = None, data: bytes | None = None,
    name: str = "", format: str | None = None, dry_run: bool = False,
    progress: Progress | None = None, column_map: dict | None = None, keep_rows: bool = False,
) -> ImportResult:
    """Import one file into the workspace: the entry point for the CLI and benchmarks.

    A dry run plans every row and writes nothing; otherwise the whole file is written in
    one transaction (a batch that can be undone). A file that cannot be read raises
    FileError and writes nothing. ``keep_rows`` keeps every planned row in the result
    (otherwise only the skipped ones, so that memory stays flat).
    """
    source = Source.from_path(path) if path is not None else Source(data or b"", name)
    importer = resolve_importer(source, format)
    _check_column_map(importer, column_map)
    if dry_run:
        return run_import(workspace, by=by, source=source, importer=importer, apply=False,
                          column_map=column_map, progress=progress, keep_rows=keep_rows)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            workspace=workspace, created_by=recorded_actor(by), format=importer.key,
            file_name=(source.name or "import")[:255], file_size=len(source.data),
            file_sha256=hashlib.sha256(source.data).hexdigest(), status=BatchStatus.RUNNING,
            column_map=column_map or {})
        result = run_import(workspace, by=by, source=source, importer=importer, apply=True,
                            batch=batch, column_map=column_map, progress=progress,
                            keep_rows=keep_rows)
        _finish_batch(workspace, by, batch, result)
    return result


def _finish_batch(workspace: Workspace, by: Actor, batch: ImportBatch,
                  result: ImportResult) -> None:
    batch.status = BatchStatus.COMMITTED
    batch.summary = result.summary()
    batch.committed_at = timezone.now()
    batch.message = ""
    batch.stored_path = ""
    batch.save()
    activity_record(workspace, by=by, action="import.committed", obj=batch,
                    data={"file": batch.file_name, "format": batch.format,
                          "counts": batch.summary})
    publish(workspace, "import.finished", batch)


# The web's two steps: upload → preview, then commit ---------------------------------------


def _storage_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


_STORED_NAME = re.compile(r"imports/[0-9a-f]{32}\.upload")
_GONE = "The uploaded file of this import is gone; upload it again."


def stored_file(batch: ImportBatch) -> Path | None:
    """Where the batch's uploaded file is, or None if it has none.

    The one door to a stored file: the path must be one that import_upload chose (a
    random name in the upload folder) and resolve inside that folder — never a path from
    elsewhere (a restored or edited row), so that no batch can read or delete another file.
    """
    stored = batch.stored_path
    if not stored:
        return None
    folder = (Path(settings.MEDIA_ROOT) / "imports").resolve()
    path = (Path(settings.MEDIA_ROOT) / stored).resolve()
    if not _STORED_NAME.fullmatch(stored) or path.parent != folder:
        raise DomainError("This import points at a file outside the upload folder, which "
                          "Backstory does not open. Discard it and upload the file again.")
    return path


def stored_source(batch: ImportBatch) -> Source:
    path = stored_file(batch)
    if path is None:
        raise DomainError(_GONE)
    try:
        return Source(path.read_bytes(), batch.file_name)
    except OSError:
        raise DomainError(_GONE) from None


def _forget_file(batch: ImportBatch) -> None:
    try:
        path = stored_file(batch)
    except DomainError:
        path = None  # not ours to delete: only the reference goes
    if path is not None:
        path.unlink(missing_ok=True)
    batch.stored_path = ""


def import_upload(workspace: Workspace, *, by: Actor, data: bytes, name: str,
                  format: str | None = None) -> ImportBatch:
    """Keep an uploaded file and work out its format.

    The batch then waits for its column map (MAPPING) or for its preview (CHECKING), which
    a background job runs (backstory.transfer.tasks) or a caller runs with import_preview.
    All or nothing here: when the file cannot be read, the batch and the stored file are
    removed again and the user gets the reason (never a half-made import).
    """
    source = Source(data, name)
    try:
        importer = resolve_importer(source, format or None)
    except FileError as error:
        raise DomainError(error.message) from None
    stored = f"imports/{uuid.uuid4().hex}.upload"
    (_storage_dir() / Path(stored).name).write_bytes(data)
    batch = ImportBatch(
        workspace=workspace, created_by=recorded_actor(by), format=importer.key,
        file_name=(name or "upload")[:255], file_size=len(data),
        file_sha256=hashlib.sha256(data).hexdigest(), stored_path=stored,
        status=BatchStatus.MAPPING if importer.needs_mapping else BatchStatus.CHECKING)
    try:
        batch.save()
        if importer.needs_mapping:
            _remember_mapping(workspace, batch, source)
    except BaseException as error:
        _forget_file(batch)
        if batch.pk is not None:
            ImportBatch.objects.filter(pk=batch.pk).delete()
        if isinstance(error, DomainError | FileError):
            raise DomainError(error.message) from None
        if not isinstance(error, Exception):
            raise
        logger.exception("The upload %r could not be read", name)
        raise DomainError(UNREADABLE) from None
    return batch


def _remember_mapping(workspace: Workspace, batch: ImportBatch, source: Source) -> None:
    from ..formats.generic import read_layout, table_rows

    layout = read_layout(source)
    for _row in table_rows(source):
        pass  # read to the end now, so that a file past the import limits is refused here
    remembered = ColumnMap.objects.filter(workspace=workspace,
                                          signature=layout.signature).first()
    if remembered is not None:
        batch.column_map = {
            "mapping": {k: v for k, v in remembered.mapping.items() if not k.startswith("_")},
            "date_order": remembered.mapping.get("_date_order", "DMY")}
        batch.save(update_fields=["column_map"])


def column_map_save(workspace: Workspace, *, by: Actor, batch: ImportBatch, mapping: dict[int, str],
                    date_order: str) -> ImportBatch:
    """The user's column map: remembered for this header; the batch waits for its preview."""
    from ..formats.generic import read_layout

    _check_batch(workspace, batch)
    source = stored_source(batch)
    try:
        layout = read_layout(source)
    except FileError as error:
        raise DomainError(error.message) from None
    if not any(t in {"name", "given", "family", "email"} for t in mapping.values()):
        raise DomainError("Map at least one column to a name or an e-mail address.")
    stored = {str(k): v for k, v in mapping.items()}
    ColumnMap.objects.update_or_create(
        workspace=workspace, signature=layout.signature,
        defaults={"headers": layout.headers, "mapping": {**stored, "_date_order": date_order}})
    batch.column_map = {"mapping": stored, "date_order": date_order}
    batch.status = BatchStatus.CHECKING
    batch.save(update_fields=["column_map", "status", "updated_at"])
    return batch


def _check_batch(workspace: Workspace, batch: ImportBatch) -> None:
    if batch.workspace_id != workspace.id:
        raise DomainError("That import is not in this workspace.")


def _column_map(batch: ImportBatch) -> dict | None:
    if not batch.column_map:
        return None
    mapping = {k: v for k, v in batch.column_map.get("mapping", {}).items()
               if not k.startswith("_")}
    return {"mapping": mapping, "date_order": batch.column_map.get("date_order", "DMY")}


def import_preview(workspace: Workspace, *, by: Actor, batch: ImportBatch,
                   progress: Progress | None = None,
                   deadline: Deadline | None = None) -> ImportResult:
    """Plan the stored file and keep one preview row per file row (nothing else written).

    A file that cannot be read marks the batch failed with the reason, and its stored
    file is removed (nothing is left behind but the message).
    """
    _check_batch(workspace, batch)
    if batch.status not in PREVIEWABLE:
        raise DomainError("This import is no longer waiting for its preview.")
    source = stored_source(batch)
    importer = get_importer(batch.format)
    try:
        result = run_import(workspace, by=by, source=source, importer=importer, apply=False,
                            column_map=_column_map(batch), keep_rows=True,
                            progress=progress, deadline=deadline)
    except FileError as error:
        import_mark_failed(batch, message=error.message, forget_file=True)
        raise DomainError(error.message) from None
    except DomainError as error:
        import_mark_failed(batch, message=error.message, forget_file=True)
        raise
    except Exception:
        # A bug, not the user's file: logged with its traceback; the user gets a message.
        logger.exception("The import batch %s could not be previewed", batch.pk)
        import_mark_failed(batch, message=UNREADABLE, forget_file=True)
        raise DomainError(UNREADABLE) from None
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in PREVIEWABLE:  # discarded while it was being read
            raise DomainError("This import is no longer waiting for its preview.")
        ImportRow.objects.filter(batch=batch).delete()
        bulk.insert(ImportRow, [row_values(workspace, batch, plan, committed=False)
                                   for plan in result.rows])
        batch.summary = result.summary()
        batch.status = BatchStatus.PREVIEW
        batch.message = ""
        batch.save(update_fields=["summary", "status", "message", "updated_at"])
    return result


CHOICES = {"create", "update", "skip", ""}
COMMITTABLE = (BatchStatus.PREVIEW, BatchStatus.RUNNING, BatchStatus.FAILED)
PREVIEWABLE = (BatchStatus.CHECKING, BatchStatus.PREVIEW)


def import_row_choose(workspace: Workspace, *, by: Actor, row: ImportRow, choice: str) -> ImportRow:
    """The user's decision for one preview row: create new, update the match, or skip."""
    if row.workspace_id != workspace.id:
        raise DomainError("That row is not in this workspace.")
    if row.batch.status != BatchStatus.PREVIEW:
        raise DomainError("This import is no longer waiting for review.")
    if choice not in CHOICES:
        raise DomainError(f"'{choice}' is not a choice here.")
    if choice == "update" and row.person_id is None:
        raise DomainError("There is nobody to update for this row; choose new or skip.")
    if choice == "create" and row.record_type != "person":
        raise DomainError("Only people rows can be created as new.")
    row.choice = choice
    row.save(update_fields=["choice"])
    return row


def _overrides(batch: ImportBatch) -> dict:
    overrides = {}
    rows = ImportRow.objects.filter(batch=batch).exclude(choice="").values_list(
        "sheet", "line", "choice", "person_id", "record_type", "label")
    for sheet, line, choice, person_id, record_type, _label in rows:
        if record_type != "person" and choice != "skip":
            continue
        value = f"update:{person_id}" if choice == "update" else choice
        overrides[(sheet, line)] = value
    return overrides


def import_preview_begin(workspace: Workspace, *, by: Actor, batch: ImportBatch) -> ImportBatch:
    """The batch waits for a (new) preview: e.g. after its column map was saved."""
    _check_batch(workspace, batch)
    if batch.status not in (BatchStatus.CHECKING, BatchStatus.MAPPING, BatchStatus.PREVIEW):
        raise DomainError("This import is no longer waiting for review.")
    batch.status = BatchStatus.CHECKING
    batch.save(update_fields=["status", "updated_at"])
    return batch


def import_commit_begin(workspace: Workspace, *, by: Actor, batch: ImportBatch) -> ImportBatch:
    """Claim the batch for its commit: from PREVIEW (or FAILED, to try again) to RUNNING.

    One conditional update, so that two presses of Import start one commit only.
    """
    _check_batch(workspace, batch)
    started = ImportBatch.objects.filter(
        pk=batch.pk, workspace=workspace,
        status__in=[BatchStatus.PREVIEW, BatchStatus.FAILED]).exclude(stored_path="").update(
        status=BatchStatus.RUNNING, message="", updated_at=timezone.now())
    if not started:
        raise DomainError("This import is already running or finished.")
    batch.status, batch.message = BatchStatus.RUNNING, ""
    return batch


def import_commit(workspace: Workspace, *, by: Actor, batch: ImportBatch,
                  progress: Progress | None = None,
                  deadline: Deadline | None = None) -> ImportResult:
    """Write the previewed file, honouring the user's choices, in one transaction.

    The file is planned again (someone may have added people since the preview); a
    failure leaves the database as it was and the batch marked failed with the reason.
    """
    _check_batch(workspace, batch)
    if batch.status not in COMMITTABLE:
        raise DomainError("This import was already committed or discarded.")
    source = stored_source(batch)
    importer = get_importer(batch.format)
    overrides = _overrides(batch)
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status not in COMMITTABLE:
                raise DomainError("This import was already committed or discarded.")
            ImportRow.objects.filter(batch=batch).delete()
            result = run_import(workspace, by=by, source=source, importer=importer,
                                apply=True, batch=batch, column_map=_column_map(batch),
                                overrides=overrides, progress=progress, deadline=deadline)
            _forget_file(batch)
            _finish_batch(workspace, by, batch, result)
    except FileError as error:
        import_mark_failed(batch, message=error.message)
        raise DomainError(error.message) from None
    except DomainError as error:
        import_mark_failed(batch, message=error.message)
        raise
    return result


def import_mark_failed(batch: ImportBatch, *, message: str, forget_file: bool = False) -> None:
    """A preview or commit that failed (or was stopped): the batch says why.

    With ``forget_file`` (a preview that could not read the file) the stored upload is
    removed too. Only a batch that was not committed meanwhile is touched.
    """
    fields = {"status": BatchStatus.FAILED, "message": message, "updated_at": timezone.now()}
    if forget_file:
        _forget_file(batch)
        fields["stored_path"] = ""
    ImportBatch.objects.filter(pk=batch.pk).exclude(
        status__in=[BatchStatus.COMMITTED, BatchStatus.UNDONE, BatchStatus.DISCARDED]
    ).update(**fields)
    batch.status, batch.message = BatchStatus.FAILED, message


def import_discard(workspace: Workspace, *, by: Actor, batch: ImportBatch) -> None:
    _check_batch(workspace, batch)
    if batch.status not in (BatchStatus.PREVIEW, BatchStatus.MAPPING, BatchStatus.FAILED,
                            BatchStatus.CHECKING):
        raise DomainError("Only an import that was not committed can be discarded.")
    with transaction.atomic():
        ImportRow.objects.filter(batch=batch).delete()
        _forget_file(batch)
        batch.status = BatchStatus.DISCARDED
        batch.save(update_fields=["status", "stored_path", "updated_at"])


def import_rows_choose_all(workspace: Workspace, *, by: Actor, batch: ImportBatch, action: str,
                           choice: str) -> int:
    """One decision for every preview row of a kind (e.g. merge all possible duplicates)."""
    _check_batch(workspace, batch)
    if batch.status != BatchStatus.PREVIEW:
        raise DomainError("This import is no longer waiting for review.")
    if choice not in CHOICES:
        raise DomainError(f"'{choice}' is not a choice here.")
    rows = ImportRow.objects.filter(batch=batch, action=action)
    if choice == "update":
        rows = rows.filter(person__isnull=False)
    if choice == "create":
        rows = rows.filter(record_type="person")
    return rows.update(choice=choice)
