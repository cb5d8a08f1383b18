"""Turning rows that plain SQL read (``today_sql``) into model instances, as if read from
the database with only those fields (the others deferred): the pages use them like any
model, and a field that was not read is fetched on access (the query-count guards would
catch that)."""

from __future__ import annotations


def loaded(model, **values):
    """An instance as if read from the database with only these fields (the others are
    deferred), from a row that plain SQL read."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db("default", names, [values[name] for name in names])
