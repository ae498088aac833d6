"""CSV of the list (UTF-8 with a byte-order mark so Excel opens Chinese and Arabic right).

One row per entry: number, name, translation, acronym, country, and ``printed`` (the line
as the letter prints it in this layout). The anonymous count is a last row with no number,
so a reader of the file sees the same total as a reader of the letter. Every text cell is
neutralised against formula injection (see ``_common.spreadsheet_safe``).
"""

from __future__ import annotations

import csv
import io

from undersigned.publishing.document import LetterDocument

from ._common import one_line, spreadsheet_safe

HEADER = ["number", "name", "translation", "acronym", "country", "printed"]


def rows(doc: LetterDocument) -> list[list[object]]:
    out: list[list[object]] = []
    for e in doc.entries:
        cells = [e.name, e.translation, e.acronym, e.country, doc.entry_text(e)]
        out.append([e.number, *(spreadsheet_safe(one_line(c)) for c in cells)])
    return out


def render(doc: LetterDocument) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(doc))
    closing = doc.anonymous_sentence()
    if closing:
        writer.writerow(["", "", "", "", "", spreadsheet_safe(closing)])
    if doc.verification_line():
        writer.writerow(["", "", "", "", "", spreadsheet_safe(doc.verification_line())])
    return buffer.getvalue().encode("utf-8-sig")
