"""The core app's SQL: writes the ORM cannot make as fast or in one statement — bulk
INSERT and UPDATE without the ORM's per-field machinery, for writes of many rows (imports,
bulk audit entries), and a counter that returns its new value (``counter_increment``).
The same SQL serves SQLite and PostgreSQL except where a variant is marked.

Django's bulk_create and bulk_update resolve expressions and prepare every field of every
object; for 30,000 rows that is most of an import's time. These helpers write the same
rows with executemany (or, when the new ids are needed, multi-row INSERTs with RETURNING)
and one UPDATE per set of changed fields, converting only the values that need it (dates,
times, JSON). Values must already be valid: the import validated them.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connection, models
from django.utils import timezone

MAX_PARAMS = 30_000  # SQLite allows 32,766 bound values per statement


@contextlib.contextmanager
def big_batches() -> Iterator[None]:
    """Let bulk_create use SQLite's real limit of 32,766 parameters per statement
    (Django assumes the old 999): for builders that write hundreds of thousands of rows."""
    features = connection.features
    before = features.max_query_params
    if connection.vendor == "sqlite":
        features.max_query_params = 32766
    try:
        yield
    finally:
        features.max_query_params = before


def _remember_last(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Rows of one write share their timestamps: convert each distinct value once."""
    last: list = [object(), None]

    def wrapper(value):
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return wrapper


def _converter(field: models.Field) -> Callable[[Any], Any]:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return _remember_last(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    return lambda value: value


def _default(field: models.Field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    return "" if field.empty_strings_allowed else None


def insert(model: type[models.Model], rows: Iterable[dict[str, Any]], *,
           returning: bool = False) -> list[int]:
    """Insert rows given as {attname: value} (missing fields take their defaults).

    With ``returning``, the new primary keys come back in the order of the rows.
    """
    rows = list(rows)
    if not rows:
        return []
    if returning and not connection.features.can_return_rows_from_bulk_insert:
        objects = model._base_manager.bulk_create([model(**row) for row in rows],
                                                  batch_size=500)
        return [o.pk for o in objects]
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields
              if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))]
    plan = [(f.attname, _converter(f), _default(f, now)) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(500, MAX_PARAMS // len(fields)))
    pk = quote(model._meta.pk.column)
    table = quote(model._meta.db_table)
    ids: list[int] = []
    if connection.vendor == "postgresql":
        return _insert_unnest(model, fields, plan, rows, returning)
    with connection.cursor() as cursor:
        if not returning:
            # executemany runs the one-row statement in a C loop: the fastest way in.
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {one}", [
                [None if (value := row.get(attname, default)) is None else convert(value)
                 for attname, convert, default in plan]
                for row in rows])
            return ids
        for start in range(0, len(rows), size):
            chunk = rows[start:start + size]
            params: list[Any] = []
            for row in chunk:
                for attname, convert, default in plan:
                    value = row.get(attname, default)
                    params.append(None if value is None else convert(value))
            sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * len(chunk))
            cursor.execute(sql + f" RETURNING {pk}", params)
            ids += [r[0] for r in cursor.fetchall()]
    return ids


def _insert_unnest(model, fields, plan, rows, returning: bool) -> list[int]:
    """PostgreSQL: one array per column, unnested — a fixed handful of parameters per
    statement, so the server plans it once instead of parsing thousands of values
    (the same strategy as Django's bulk_create on PostgreSQL)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    arrays = ", ".join(f"(%s)::{f.db_type(connection).split('(')[0]}[]" for f in fields)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) SELECT * FROM UNNEST({arrays})"
    if returning:
        sql += f" RETURNING {quote(model._meta.pk.column)}"
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            columns_values = [
                [None if (value := row.get(attname, default)) is None else convert(value)
                 for row in chunk]
                for attname, convert, default in plan]
            cursor.execute(sql, columns_values)
            if returning:
                ids += [r[0] for r in cursor.fetchall()]
    return ids


def update(model: type[models.Model], changes: Iterable[tuple[int, dict[str, Any]]]) -> None:
    """Update rows: (pk, {attname: new value}); one statement per set of fields."""
    groups: dict[tuple[str, ...], list[tuple[int, dict]]] = defaultdict(list)
    for pk, values in changes:
        if values:
            groups[tuple(sorted(values))].append((pk, values))
    if not groups:
        return
    fields = {f.attname: f for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    with connection.cursor() as cursor:
        for names, items in groups.items():
            converters = [_converter(fields[n]) for n in names]
            sets = ", ".join(f"{quote(fields[n].column)} = %s" for n in names)
            sql = f"UPDATE {table} SET {sets} WHERE {quote(model._meta.pk.column)} = %s"
            cursor.executemany(sql, [
                [None if values[n] is None else convert(values[n])
                 for n, convert in zip(names, converters, strict=True)] + [pk]
                for pk, values in items])


def values_of(obj: models.Model) -> dict[str, Any]:
    """An unsaved model instance as the {attname: value} that ``insert`` takes."""
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
            if not f.primary_key}


def counter_increment(model: type[models.Model], pk: int, column: str) -> int:
    """``column = column + 1`` on one row, returning the new value, in one statement.

    The ORM's ``update(F(column) + 1)`` returns only the row count, so reading the value
    would take a second query; UPDATE … RETURNING (SQLite 3.35+, PostgreSQL) does both.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    name = connection.ops.quote_name(column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {name} = {name} + 1 WHERE id = %s "
                       f"RETURNING {name}", [pk])
        return cursor.fetchone()[0]
