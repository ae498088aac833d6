"""Excel workbook of the list (openpyxl, write-only mode so 10,000 rows stay fast).

Same columns as the CSV. Text cells are written as explicit strings and neutralised
against formula injection (leading ``= + - @`` tab or CR get an apostrophe), so no cell
can ever be a formula, whatever an organisation typed as its name. The sheet is set
right-to-left for Arabic editions.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from undersigned.publishing.document import LetterDocument

from ._common import spreadsheet_safe
from .csv import HEADER, rows


def render(doc: LetterDocument) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title(doc.signatories_heading()))
    ws.sheet_view.rightToLeft = doc.direction == "rtl"
    ws.column_dimensions["A"].width = 8
    for col in "BCF":
        ws.column_dimensions[col].width = 50
    bold = Font(bold=True)
    header = []
    for title in HEADER:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in rows(doc):
        ws.append([row[0], *(_text(ws, v) for v in row[1:])])
    closing = doc.anonymous_sentence()
    if closing:
        ws.append([None, None, None, None, None, _text(ws, spreadsheet_safe(closing))])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def sheet_title(text: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip("' ")
    return cleaned[:31] or "Signatories"


def _text(ws, value: str) -> WriteOnlyCell | None:
    if not value:
        return None
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # a string, never a formula, even if the value looks like one
    return cell
