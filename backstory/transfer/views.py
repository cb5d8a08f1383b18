"""Import / export pages: upload → preview → commit (in the background) → undo; downloads."""

from __future__ import annotations

import tempfile
import time

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from backstory.core.errors import DomainError
from backstory.core.pagination import paginate
from backstory.workspaces.decorators import workspace_view
from backstory.workspaces.models import Role

from . import jobs, selectors, services
from .exporters.base import exporters, get_exporter
from .formats.generic import read_layout
from .forms import MappingForm, UploadForm
from .models import BatchStatus, ImportBatch
from .services.backup import backup_write
from .services.imports import import_commit, stored_source


def upload_limit() -> int:
    return getattr(settings, "TRANSFER_UPLOAD_MAX_BYTES", settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _too_big_message(size: int) -> str:
    return (f"This file is {_megabytes(size)}; uploads are limited to "
            f"{_megabytes(upload_limit())}. Import it on the command line instead "
            "(`backstory import FILE`, no limit) or split it into smaller files.")


@workspace_view
def index(request):
    workspace = request.workspace
    return render(request, "transfer/index.html", {
        "form": UploadForm(),
        "batches": selectors.batches_recent(workspace),
        "exporters": exporters(),
        "limit": _megabytes(upload_limit()),
        "is_owner": request.membership.can(Role.OWNER),
    })


@csrf_exempt
def upload(request):
    """The size check comes before Django reads the body; then the normal, protected view."""
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if request.method == "POST" and size > upload_limit() + 64 * 1024:
        return _upload_refused(request, size)
    return csrf_protect(_upload)(request)


@workspace_view
def _upload_refused(request, size: int):
    messages.error(request, _too_big_message(size))
    response = redirect("transfer:index")
    response["Connection"] = "close"  # the rest of the body is not read
    return response


@workspace_view
@require_POST
def _upload(request):
    workspace = request.workspace
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a file to import.")
        return redirect("transfer:index")
    upload = form.cleaned_data["file"]
    if upload.size > upload_limit():
        messages.error(request, _too_big_message(upload.size))
        return redirect("transfer:index")
    try:
        batch = services.import_upload(workspace, by=request.user, data=upload.read(),
                                       name=upload.name, format=form.cleaned_data["format"])
    except DomainError as error:
        messages.error(request, f"{upload.name}: {error.message}")
        return redirect("transfer:index")
    if batch.status == BatchStatus.MAPPING:
        return redirect("transfer:mapping", batch_id=batch.pk)
    return redirect("transfer:batch", batch_id=batch.pk)


@workspace_view
def batch_mapping(request, batch_id: int):
    workspace = request.workspace
    batch = selectors.batch_get(workspace, batch_id)
    if batch.status not in (BatchStatus.MAPPING, BatchStatus.PREVIEW):
        return redirect("transfer:batch", batch_id=batch.pk)
    try:
        layout = read_layout(stored_source(batch))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("transfer:index")
    except Exception:  # a file that no longer reads as a table
        messages.error(request, "This file cannot be read as a table any more.")
        return redirect("transfer:index")
    from .formats.columns import guess_mapping

    saved = {int(k): v for k, v in (batch.column_map.get("mapping") or {}).items()
             if not str(k).startswith("_")}
    initial_map = saved or guess_mapping(layout.headers)
    form = MappingForm(request.POST or None, headers=layout.headers, samples=layout.samples,
                       initial_map=initial_map,
                       initial={"date_order": batch.column_map.get("date_order", "DMY")})
    if request.method == "POST" and form.is_valid():
        try:
            services.column_map_save(workspace, by=request.user, batch=batch,
                                     mapping=form.mapping(),
                                     date_order=form.cleaned_data["date_order"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("transfer:batch", batch_id=batch.pk)
    return render(request, "transfer/mapping.html", {"batch": batch, "form": form,
                                                     "remembered": bool(saved)})


def _rows_context(request, batch: ImportBatch) -> dict:
    show = request.GET.get("show", "all")
    if show not in selectors.ROW_FILTERS:
        show = "all"
    page = paginate(request, selectors.batch_rows(request.workspace, batch, show), per_page=100)
    return {"batch": batch, "page": page, "show": show,
            "counts": selectors.row_counts(request.workspace, batch)}


@workspace_view
def batch_detail(request, batch_id: int):
    batch = selectors.batch_get(request.workspace, batch_id)
    if batch.status == BatchStatus.MAPPING:
        return redirect("transfer:mapping", batch_id=batch.pk)
    if batch.status == BatchStatus.RUNNING:
        # The rows are being rewritten by the import: show only its progress.
        progress = jobs.progress_read(batch.pk)
        return render(request, "transfer/batch.html", {
            "batch": batch, "progress": progress, "running": True})
    context = _rows_context(request, batch)
    if request.htmx and request.htmx.target == "import-rows":
        return render(request, "transfer/_rows.html", context)
    return render(request, "transfer/batch.html", context)


@workspace_view
@require_POST
def row_choose(request, batch_id: int, row_id: int):
    workspace = request.workspace
    batch = selectors.batch_get(workspace, batch_id)
    row = selectors.row_get(workspace, batch, row_id)
    try:
        services.import_row_choose(workspace, by=request.user, row=row,
                                   choice=request.POST.get("choice", ""))
    except DomainError as error:
        if request.htmx:
            return HttpResponse(error.message, status=400)
        messages.error(request, error.message)
    if request.htmx:
        return render(request, "transfer/_row.html", {"row": row, "batch": batch})
    return redirect("transfer:batch", batch_id=batch.pk)


@workspace_view
@require_POST
def choose_all(request, batch_id: int):
    workspace = request.workspace
    batch = selectors.batch_get(workspace, batch_id)
    try:
        count = services.import_rows_choose_all(
            workspace, by=request.user, batch=batch, action=request.POST.get("action", ""),
            choice=request.POST.get("choice", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Decision set for {count} row{'s' if count != 1 else ''}.")
    return redirect(reverse("transfer:batch", kwargs={"batch_id": batch.pk}) + "?show=duplicate")


def _commit_job(workspace_id: int, batch_id: int, user_id: int | None):
    def work() -> None:
        from django.contrib.auth import get_user_model

        batch = ImportBatch.objects.select_related("workspace").get(pk=batch_id,
                                                                     workspace_id=workspace_id)
        user = get_user_model().objects.filter(pk=user_id).first()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.2 or done >= total:
                last[0] = now
                jobs.progress_write(batch_id, state="running", done=done, total=total,
                                    workspace=workspace_id)

        try:
            result = import_commit(batch.workspace, by=user, batch=batch, progress=progress)
        except DomainError as error:
            jobs.progress_write(batch_id, state="failed", message=error.message,
                                workspace=workspace_id)
            return
        except Exception:
            message = "The import failed unexpectedly; nothing was written. Try again."
            ImportBatch.objects.filter(pk=batch_id).update(
                status=BatchStatus.FAILED, message=message, updated_at=timezone.now())
            jobs.progress_write(batch_id, state="failed", message=message,
                                workspace=workspace_id)
            raise
        jobs.progress_write(batch_id, state="done", done=result.total, total=result.total,
                            workspace=workspace_id)

    return work


@workspace_view
@require_POST
def batch_commit(request, batch_id: int):
    """Start the import in the background and answer with the progress bar at once.

    The answer is rendered before the job starts, and the progress bar then polls a
    small file rather than the database, so the page never competes with the import's
    transaction for a table.
    """
    workspace = request.workspace
    batch = selectors.batch_get(workspace, batch_id)
    started = ImportBatch.objects.filter(
        pk=batch.pk, workspace=workspace,
        status__in=[BatchStatus.PREVIEW, BatchStatus.FAILED]).update(
        status=BatchStatus.RUNNING, updated_at=timezone.now())
    if not started:
        messages.error(request, "This import is already running or finished.")
        return redirect("transfer:batch", batch_id=batch.pk)
    total = sum(sum(c.values()) for c in batch.summary.values()) if batch.summary else 0
    jobs.progress_write(batch.pk, state="running", done=0, total=total,
                        workspace=workspace.pk)
    if request.htmx:
        response = render(request, "transfer/_progress.html", {
            "batch_id": batch.pk, "state": "running", "done": 0, "total": total,
            "percent": 0})
    else:
        response = redirect("transfer:batch", batch_id=batch.pk)
    user_id = request.user.pk if request.user.is_authenticated else None
    jobs.run_in_background(f"import-{batch.pk}",
                           _commit_job(workspace.pk, batch.pk, user_id))
    return response


@workspace_view
def batch_progress(request, batch_id: int):
    progress = jobs.progress_read(batch_id)
    if progress.get("state") == "running" and progress.get("workspace") == \
            request.workspace.pk:
        # While the import runs, only the progress file is read (see batch_commit).
        total, done = progress.get("total") or 0, progress.get("done") or 0
        return render(request, "transfer/_progress.html", {
            "batch_id": batch_id, "state": "running", "done": done, "total": total,
            "percent": min(int(done * 100 / total), 99) if total else 0})
    batch = selectors.batch_get(request.workspace, batch_id)
    state = progress.get("state") or ("running" if batch.status == BatchStatus.RUNNING
                                      else "done")
    if batch.status == BatchStatus.COMMITTED:
        state = "done"
    elif batch.status == BatchStatus.FAILED and state != "failed":
        state, progress = "failed", {"message": batch.message}
    total = progress.get("total") or 0
    done = progress.get("done") or 0
    percent = 100 if state == "done" else (int(done * 100 / total) if total else 0)
    return render(request, "transfer/_progress.html", {
        "batch": batch, "batch_id": batch.pk, "state": state, "done": done, "total": total,
        "percent": min(percent, 100), "message": progress.get("message", batch.message),
    })


@workspace_view
@require_POST
def batch_undo(request, batch_id: int):
    workspace = request.workspace
    batch = selectors.batch_get(workspace, batch_id)
    try:
        counts = services.import_undo(workspace, by=request.user, batch=batch)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        removed = counts["people removed"]
        restored = counts["people restored"]
        noun = "person" if removed == 1 else "people"
        messages.success(request, f"Import undone: {removed} {noun} removed, {restored} "
                                  "restored to how they were.")
    return redirect("transfer:batch", batch_id=batch.pk)


@workspace_view
@require_POST
def batch_discard(request, batch_id: int):
    workspace = request.workspace
    batch = selectors.batch_get(workspace, batch_id)
    try:
        services.import_discard(workspace, by=request.user, batch=batch)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("transfer:batch", batch_id=batch.pk)
    jobs.progress_clear(batch.pk)
    messages.success(request, f"{batch.file_name} was not imported.")
    return redirect("transfer:index")


def _spool():
    # FileResponse closes it when the download is sent, hence no context manager here.
    return tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115


def _download(exporter, workspace, **options) -> FileResponse:
    handle = _spool()
    exporter.write(workspace, handle, **options)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, content_type=exporter.content_type,
                        filename=exporter.filename(workspace, **options))


@workspace_view
def export_download(request, kind: str):
    try:
        exporter = get_exporter(kind)
    except KeyError:
        raise Http404("No such export.") from None
    version = request.GET.get("version", "3.0")
    options = {"version": version if version in ("3.0", "4.0") else "3.0"}
    return _download(exporter, request.workspace, **options)


@workspace_view(role=Role.OWNER)
def backup_download(request):
    workspace = request.workspace
    handle = _spool()
    backup_write(workspace, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, content_type="application/gzip",
                        filename=f"backstory-{workspace.slug}-{timezone.localdate():%Y-%m-%d}"
                                 ".backup")
