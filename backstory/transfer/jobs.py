"""Long imports in the web process: a background thread, and its progress in a small
file that any worker process can read (the page polls it with htmx).

The progress lives outside the database on purpose: the import holds one transaction
until it is done, so progress written inside it would stay invisible, and on SQLite a
second writer would have to wait for the import to finish.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection

log = logging.getLogger(__name__)


def _path(batch_id: int) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"batch-{batch_id}.progress.json"


def progress_write(batch_id: int, **state) -> None:
    path = _path(batch_id)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(state))
    os.replace(partial, path)


def progress_read(batch_id: int) -> dict:
    try:
        return json.loads(_path(batch_id).read_text())
    except (OSError, ValueError):
        return {}


def progress_clear(batch_id: int) -> None:
    _path(batch_id).unlink(missing_ok=True)


def run_in_background(name: str, work: Callable[[], None]) -> None:
    """Run ``work`` in a daemon thread with its own database connection.

    With settings.TRANSFER_INLINE_JOBS (tests), it runs right away in this thread.
    """
    if getattr(settings, "TRANSFER_INLINE_JOBS", False):
        work()
        return

    def target() -> None:
        close_old_connections()
        try:
            work()
        except Exception:  # the job records its own failure; this keeps the thread quiet
            log.exception("Background job %s failed", name)
        finally:
            connection.close()

    threading.Thread(target=target, name=name, daemon=True).start()
