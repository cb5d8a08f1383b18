"""Import / export pages: upload → preview → commit (both background jobs) → undo; downloads."""

from __future__ import annotations

import tempfile

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

from . import progress, selectors, services, tasks
from .exporters import exporters, get_exporter
from .formats.generic import read_layout
from .forms import MappingForm, UploadForm
from .models import BatchStatus, ImportBatch
from .services.backup import backup_write
from .services.imports import stored_source


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
        batch = tasks.upload_start(workspace, by=request.user, data=upload.read(),
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
            tasks.column_map_start(workspace, by=request.user, batch=batch,
                                   mapping=form.mapping(),
                                   date_order=form.cleaned_data["date_order"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("transfer:batch", batch_id=batch.pk)
    return render(request, "transfer/mapping.html", {"batch": batch, "form": form,
                                                     "remembered": bool(saved)})


WORKING = (BatchStatus.CHECKING, BatchStatus.RUNNING)


def _progress_context(batch: ImportBatch) -> dict:
    counts = progress.progress_read(batch.pk)
    done, total = counts["done"], counts["total"]
    return {"batch": batch, "batch_id": batch.pk, "state": "running", "done": done,
            "total": total, "percent": min(int(done * 100 / total), 99) if total else 0,
            "checking": batch.status == BatchStatus.CHECKING}


def _page_context(request, batch: ImportBatch) -> dict:
    if batch.status in WORKING:
        # The job is reading the file or rewriting the rows: show only its progress.
        return {**_progress_context(batch), "running": True}
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
    context = _page_context(request, batch)
    if request.htmx and request.htmx.target == "import-rows" and batch.status not in WORKING:
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


@workspace_view
@require_POST
def batch_commit(request, batch_id: int):
    """Enqueue the import and answer at once: the batch page with its progress bar."""
    workspace = request.workspace
    batch = selectors.batch_get(workspace, batch_id)
    try:
        tasks.commit_start(workspace, by=request.user, batch=batch)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("transfer:batch", batch_id=batch.pk)


@workspace_view
def batch_progress(request, batch_id: int):
    """The progress bar while the job runs; once it is over, the whole batch page.

    The poll swaps the final page in (HX-Retarget) so that the header, the summary and
    the rows show the committed (or failed) state without a reload.
    """
    batch = selectors.batch_get(request.workspace, batch_id)
    if batch.status in WORKING:
        return render(request, "transfer/_progress.html", _progress_context(batch))
    if not request.htmx or batch.status == BatchStatus.MAPPING:
        return redirect("transfer:batch", batch_id=batch.pk)
    response = render(request, "transfer/batch.html",
                      {**_page_context(request, batch), "just_finished": True})
    response["HX-Retarget"] = "#batch-page"
    response["HX-Reselect"] = "#batch-page"
    response["HX-Reswap"] = "outerHTML"
    return response


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
    progress.progress_clear(batch.pk)
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
    return _download(exporter, request.workspace, viewer=request.user, **options)


@workspace_view(role=Role.OWNER)
def backup_download(request):
    workspace = request.workspace
    handle = _spool()
    backup_write(workspace, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, content_type="application/gzip",
                        filename=f"backstory-{workspace.slug}-{timezone.localdate():%Y-%m-%d}"
                                 ".backup")
