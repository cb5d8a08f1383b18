"""How far a background import job has got: stored in the database, read by every server.

Why not the ORM on the default connection: the commit job holds one transaction until the
whole file is written, so progress written on the job's own connection would stay
invisible until the end (and on SQLite, a second writer waits for the first). The
progress is therefore written on a connection of its own, committed at once:

- PostgreSQL: a second connection to the same database (the table is created by the
  first write; it holds one small row per batch, no foreign key, so that it never waits
  for the import's row locks);
- SQLite: a small database file of its own beside the main one
  (settings.BACKSTORY_PROGRESS_SQLITE), since SQLite allows one writer at a time. Every
  server of an SQLite installation shares the machine, hence that file.

The state of a job (waiting, running, finished, failed) is the batch's status; this table
holds only the counts for the progress bar.
"""

from __future__ import annotations

import copy
import threading

from django.conf import settings
from django.core.signals import request_finished
from django.db import connections
from django.utils import timezone

TABLE = "transfer_job_progress"
_local = threading.local()

_CREATE = (f"CREATE TABLE IF NOT EXISTS {TABLE} (batch_id BIGINT PRIMARY KEY, "
           "done BIGINT NOT NULL, total BIGINT NOT NULL, updated_at VARCHAR(40) NOT NULL)")
_UPSERT = (f"INSERT INTO {TABLE} (batch_id, done, total, updated_at) VALUES (%s, %s, %s, %s) "
           "ON CONFLICT (batch_id) DO UPDATE SET done = excluded.done, "
           "total = excluded.total, updated_at = excluded.updated_at")


def _settings_dict() -> dict:
    default = connections["default"].settings_dict
    if default["ENGINE"] != "django.db.backends.sqlite3":
        return default
    own = copy.deepcopy(default)
    own["NAME"] = str(settings.BACKSTORY_PROGRESS_SQLITE)
    own["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 5}
    return own


def _connection():
    """This thread's own connection (not one of Django's: never inside a transaction)."""
    wanted = _settings_dict()
    key = (wanted["ENGINE"], str(wanted["NAME"]), wanted.get("HOST"), wanted.get("PORT"))
    connection = getattr(_local, "connection", None)
    if connection is None or _local.key != key:
        if connection is not None:
            connection.close()
        connection = connections.create_connection("default")
        connection.settings_dict = copy.deepcopy(wanted)
        connection.alias = "progress"
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute(_CREATE)
        _local.connection, _local.key = connection, key
    return connection


def _run(sql: str, params: list) -> list:
    connection = _connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    except Exception:
        # A dropped connection is opened again on the next call.
        connection.close()
        _local.connection = None
        raise


def progress_write(batch_id: int, *, done: int, total: int) -> None:
    _run(_UPSERT, [batch_id, done, total, timezone.now().isoformat()])


def progress_read(batch_id: int) -> dict:
    rows = _run(f"SELECT done, total FROM {TABLE} WHERE batch_id = %s", [batch_id])
    if not rows:
        return {"done": 0, "total": 0}
    done, total = rows[0]
    return {"done": done, "total": total}


def progress_clear(batch_id: int) -> None:
    _run(f"DELETE FROM {TABLE} WHERE batch_id = %s", [batch_id])


def progress_close(**kwargs) -> None:
    """Close this thread's progress connection (at the end of each request and job)."""
    connection = getattr(_local, "connection", None)
    if connection is not None:
        connection.close()
        _local.connection = None


request_finished.connect(progress_close, dispatch_uid="transfer-progress-close")
