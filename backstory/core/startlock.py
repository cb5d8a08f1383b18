"""One server at a time through the start: migrations and the first user.

Two `backstory serve` processes started together on one empty database would otherwise
both run the migrations and both create the first user (the second fails on the unique
user name and the server does not start). On PostgreSQL a session advisory lock makes the
second wait until the first is through; on SQLite (one file, one machine) a lock on a file
beside the database does the same where the platform has `fcntl`.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from django.db import connection

# Any fixed 64-bit number that no other code uses for an advisory lock.
_START_LOCK = 0x6261_636B_7374_7279  # "backstry"


@contextmanager
def one_start_at_a_time():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [_START_LOCK])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_START_LOCK])
        return
    name = str(connection.settings_dict.get("NAME") or "")
    try:
        import fcntl
    except ImportError:  # Windows: no file locks here; one server per SQLite file anyway
        fcntl = None
    if fcntl is None or not name or name.startswith(":memory:") or name.startswith("file:"):
        yield
        return
    lock_path = Path(name).with_name(Path(name).name + ".start-lock")
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
