"""Excel workbook of the list (openpyxl, write-only mode so 10,000 rows stay fast).

Same columns as the CSV. Text cells are written as explicit strings and neutralised
against formula injection (leading ``= + - @`` tab or CR get an apostrophe), so no cell
can ever be a formula, whatever an organisation typed as its name. The sheet is set
right-to-left for Arabic editions.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

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
    if doc.verification_line():
        ws.append([None, None, None, None, None,
                   _text(ws, spreadsheet_safe(doc.verification_line()))])
    stamp = _stamp(doc)
    wb.properties.created = wb.properties.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue(), stamp)


def _stamp(doc: LetterDocument) -> dt.datetime:
    day = doc.date if isinstance(doc.date, dt.date) else dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same workbook, byte for byte, every time it is made (an edition's files are
    checked by their hash at /verify/): every member dated with the edition, and the
    "modified" time openpyxl writes at saving set to it too."""
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>" + when + rb"\g<2>", body)
            member = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, body)
    return out.getvalue()


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
