"""CSV, one file per record type, in a zip (or a folder from the CLI). UTF-8 with a BOM so
that Excel reads the accents; cells guarded against formula injection."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import BinaryIO

from backstory.workspaces.models import Workspace

from .. import sheets as registry
from .base import Exporter, neutralise, register_exporter


def sheet_csv(workspace: Workspace, sheet, viewer=None) -> str:
    """One sheet as CSV, as ``viewer`` may read it (sheets leave others' private notes out)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows(workspace, viewer=viewer):
        writer.writerow([neutralise(registry.cell_text(v)) for v in row])
    return "\ufeff" + buffer.getvalue()


def file_name(sheet) -> str:
    return sheet.title.lower().replace(" ", "-") + ".csv"


class CsvExporter(Exporter):
    key, label, extension = "csv", "CSV files (zip)", "zip"
    content_type = "application/zip"

    def write(self, workspace: Workspace, out: BinaryIO, **options) -> None:
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for sheet in registry.sheets():
                text = sheet_csv(workspace, sheet, options.get("viewer"))
                archive.writestr(file_name(sheet), text.encode("utf-8"))

    def write_folder(self, workspace: Workspace, folder: Path, viewer=None) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for sheet in registry.sheets():
            path = folder / file_name(sheet)
            path.write_text(sheet_csv(workspace, sheet, viewer), encoding="utf-8", newline="")
            written.append(path)
        return written


register_exporter(CsvExporter())
