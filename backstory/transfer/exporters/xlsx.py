"""The Excel workbook: one sheet per record type (the sheet registry), a formatted and
frozen header row with filters, real dates, and an About sheet that marks the file as
Backstory's own so that it can be imported back.

Text cells are written as text (never as formulas) with Excel's own "quote prefix"
style where a spreadsheet would otherwise read them as a formula or a number when
edited, so `+1 555…` and `=SUM(A1)` read exactly as typed, without the apostrophe that
the CSV export needs (``neutralise``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import BinaryIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from backstory.workspaces.models import Workspace

from .. import sheets as registry
from ..formats.spreadsheet import ABOUT_TITLE, MARKER
from .base import FORMULA_START, Exporter, register_exporter

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="2F5BD3")
FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm"}


def cell_value(value):
    """A value as the workbook stores it: text cleaned of characters XML cannot hold,
    the rest typed."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


class XlsxExporter(Exporter):
    key, label, extension = "xlsx", "Excel workbook", "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, workspace: Workspace, out: BinaryIO, **options) -> None:
        workbook = Workbook(write_only=True)
        for sheet in registry.sheets():
            self._sheet(workbook, workspace, sheet, options.get("viewer"))
        about = workbook.create_sheet(ABOUT_TITLE)
        for row in (
            [MARKER, f"format {registry.FORMAT_VERSION}"],
            ["Workspace", workspace.name],
            [registry.WORKBOOK_KEY, registry.workbook_key(workspace)],
            ["Exported", timezone.localtime().replace(tzinfo=None)],
            ["Times are in", workspace.time_zone],
            ["Import this file back", "Import / export → upload it: every sheet comes back, "
                                      "linked by its IDs; importing it again adds nothing."],
        ):
            about.append([self._cell(about, v, "datetime" if isinstance(v, datetime)
                                     else "text") for v in row])
        workbook.save(out)

    def _cell(self, worksheet, value, kind: str):
        cell = WriteOnlyCell(worksheet, value=cell_value(value))
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl takes a leading "=" for a formula
            if value.startswith(FORMULA_START):
                cell.quotePrefix = True  # and so would Excel, once the cell is edited
        if kind in FORMATS and isinstance(value, date):
            cell.number_format = FORMATS[kind]
        return cell

    def _sheet(self, workbook, workspace: Workspace, sheet, viewer=None) -> None:
        worksheet = workbook.create_sheet(sheet.title[:31])
        for index, column in enumerate(sheet.columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = column.width
        worksheet.freeze_panes = "A2"
        header = []
        for column in sheet.columns:
            cell = WriteOnlyCell(worksheet, value=column.header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(vertical="center")
            header.append(cell)
        worksheet.append(header)
        count = 0
        kinds = [c.kind for c in sheet.columns]
        for row in sheet.rows(workspace, viewer=viewer):
            worksheet.append([self._cell(worksheet, v, k) if v is not None else None
                              for v, k in zip(row, kinds, strict=False)])
            count += 1
        last = get_column_letter(len(sheet.columns))
        worksheet.auto_filter.ref = f"A1:{last}{count + 1}"


register_exporter(XlsxExporter())
