"""One exporter abstraction for every door (CLI, web): each writes a workspace to a stream.

``neutralise`` is the one guard against spreadsheet formula injection: every text cell
that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
apostrophe, so that Excel and LibreOffice show it as text instead of running it. The
Backstory importer removes the apostrophe again when the file comes back.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from backstory.workspaces.models import Workspace

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class Exporter:
    key: str = ""
    label: str = ""
    extension: str = ""
    content_type: str = "application/octet-stream"

    def write(self, workspace: Workspace, out: BinaryIO, **options) -> None:
        raise NotImplementedError

    def filename(self, workspace: Workspace, **options) -> str:
        from django.utils import timezone

        return f"backstory-{workspace.slug}-{timezone.localdate():%Y-%m-%d}.{self.extension}"


_EXPORTERS: dict[str, Exporter] = {}


def register_exporter(exporter: Exporter) -> None:
    _EXPORTERS[exporter.key] = exporter
