"""Every exporter, looked up by key: importing the four modules registers them (each
imports only ``base``, so the registry and its members import one way)."""

from __future__ import annotations

from . import calendar, csv, vcard, xlsx  # noqa: F401 - importing registers them
from .base import _EXPORTERS, Exporter


def exporters() -> list[Exporter]:
    return list(_EXPORTERS.values())


def get_exporter(key: str) -> Exporter:
    if key not in _EXPORTERS:
        raise KeyError(key)
    return _EXPORTERS[key]
