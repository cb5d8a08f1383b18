"""The import's background jobs on Django's Tasks API (django-tasks, database backend).

A view or service enqueues a job; a worker (`backstory worker`, or the one that
`backstory serve` starts) takes it from the database and runs it. Each job runs under a
time limit (settings.BACKSTORY_JOB_TIME_LIMIT) that stops it for real:

- the import checks the deadline at every row and stops with a clear error, inside its
  transaction, so that nothing is half-written;
- and a timer (SIGALRM, in the worker's main thread) interrupts the job wherever it is —
  e.g. inside one enormous row — a second after the deadline; the exception rolls the
  transaction back in the same way.

Either way the batch is marked failed with a message that names the limit.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from backstory.core.errors import DomainError
from backstory.workspaces.actors import Actor, recorded_actor
from backstory.workspaces.models import Workspace

from . import progress, services
from .models import BatchStatus, ImportBatch

log = logging.getLogger(__name__)


class JobTimeLimit(BaseException):
    """Raised by the timer; a BaseException so that no ``except Exception`` swallows it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[services.Deadline]:
    """The deadline for the job; past it (plus a second) the timer fires."""
    deadline = services.Deadline(at=time.monotonic() + seconds, seconds=seconds)
    timer = (hasattr(signal, "setitimer")
             and threading.current_thread() is threading.main_thread())
    if timer:
        def on_alarm(signum, frame):
            raise JobTimeLimit(seconds)

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds + 1)
    try:
        yield deadline
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _load(batch_id: int, user_id: int | None):
    batch = ImportBatch.objects.select_related("workspace").filter(pk=batch_id).first()
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return batch, user


def _reporter(batch_id: int):
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.2 or done == 0 or done >= total:
            last[0] = now
            progress.progress_write(batch_id, done=done, total=total)

    return report


def _run(kind: str, batch_id: int, user_id: int | None) -> dict:
    batch, user = _load(batch_id, user_id)
    if batch is None:
        return {"batch": batch_id, "status": "gone"}
    limit = settings.BACKSTORY_JOB_TIME_LIMIT
    step = services.import_preview if kind == "preview" else services.import_commit
    try:
        with time_limit(limit) as deadline:
            step(batch.workspace, by=user, batch=batch, progress=_reporter(batch_id),
                 deadline=deadline)
    except DomainError as error:  # the service has marked the batch failed
        return {"batch": batch_id, "status": "failed", "message": error.message}
    except JobTimeLimit:
        message = services.time_limit_message(limit)
        services.import_mark_failed(batch, message=message, forget_file=kind == "preview")
        return {"batch": batch_id, "status": "failed", "message": message}
    except (SystemExit, KeyboardInterrupt):
        # The worker is being stopped (e.g. the server shuts down): the transaction was
        # rolled back on the way out; the job goes back in the queue for the next worker.
        JOBS[kind].enqueue(batch_id, user_id)
        raise
    except Exception:
        log.exception("Import job %s of batch %s failed", kind, batch_id)
        services.import_mark_failed(batch, message=services.UNEXPECTED_FAILURE,
                                    forget_file=kind == "preview")
        return {"batch": batch_id, "status": "failed",
                "message": services.UNEXPECTED_FAILURE}
    finally:
        progress.progress_close()
    return {"batch": batch_id, "status": "done"}


@task()
def import_preview_job(batch_id: int, user_id: int | None = None) -> dict:
    """Read the uploaded file and keep one preview row per file row."""
    return _run("preview", batch_id, user_id)


@task()
def import_commit_job(batch_id: int, user_id: int | None = None) -> dict:
    """Write the previewed file in one transaction."""
    return _run("commit", batch_id, user_id)


# Starting a job: the batch's state changes (a service) and the job is enqueued in one
# transaction, so that the database never holds one without the other.


def _user_id(by: Actor) -> int | None:
    actor = recorded_actor(by)
    return actor.pk if actor is not None else None


def upload_start(workspace: Workspace, *, by: Actor, data: bytes, name: str,
                 format: str | None = None) -> ImportBatch:
    """Keep the upload and enqueue its preview (unless it first needs a column map)."""
    with transaction.atomic():
        batch = services.import_upload(workspace, by=by, data=data, name=name, format=format)
        if batch.status == BatchStatus.CHECKING:
            _enqueue_preview(batch, by)
    return batch


def column_map_start(workspace: Workspace, *, by: Actor, batch: ImportBatch,
                     mapping: dict[int, str], date_order: str) -> ImportBatch:
    """Save the user's column map and read the file with it in the background."""
    with transaction.atomic():
        services.column_map_save(workspace, by=by, batch=batch, mapping=mapping,
                                 date_order=date_order)
        return preview_start(workspace, by=by, batch=batch)


def preview_start(workspace: Workspace, *, by: Actor, batch: ImportBatch) -> ImportBatch:
    """Read the batch's file (again) in the background."""
    with transaction.atomic():
        services.import_preview_begin(workspace, by=by, batch=batch)
        _enqueue_preview(batch, by)
    return batch


def _enqueue_preview(batch: ImportBatch, by: Actor) -> None:
    progress.progress_write(batch.pk, done=0, total=0)
    import_preview_job.enqueue(batch.pk, _user_id(by))


def commit_start(workspace: Workspace, *, by: Actor, batch: ImportBatch) -> ImportBatch:
    """Claim the previewed batch for its commit and enqueue the job that writes it."""
    with transaction.atomic():
        services.import_commit_begin(workspace, by=by, batch=batch)
        progress.progress_write(batch.pk, done=0, total=0)  # the job counts when it starts
        import_commit_job.enqueue(batch.pk, _user_id(by))
    return batch


JOBS = {"preview": import_preview_job, "commit": import_commit_job}
ABANDONED = ("The import stopped twice without finishing (its worker was killed, e.g. out "
             "of memory). Nothing was written.")


def abandoned_jobs_recover() -> int:
    """Jobs still marked running long after any job may run: their worker was killed.

    (A worker that is merely stopped puts its job back itself, see _run.) The job's
    transaction died with its worker, so running it again is safe: it goes back in the
    queue once; a job abandoned twice fails, and so does its batch. Returns how many
    jobs were put back.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.BACKSTORY_JOB_TIME_LIMIT + 60)
    put_back = 0
    for job in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING,
                                           started_at__lt=cutoff):
        if len(job.worker_ids) < 2:
            DBTaskResult.objects.filter(pk=job.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY)
            put_back += 1
            continue
        DBTaskResult.objects.filter(pk=job.pk).update(status=TaskResultStatus.FAILED,
                                                      finished_at=timezone.now())
        batch_id = (job.args_kwargs.get("args") or [None])[0]
        batch = ImportBatch.objects.filter(pk=batch_id).first() if batch_id else None
        if batch is not None and batch.status in (BatchStatus.CHECKING, BatchStatus.RUNNING):
            services.import_mark_failed(batch, message=ABANDONED,
                                        forget_file=batch.status == BatchStatus.CHECKING)
    return put_back
