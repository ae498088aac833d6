"""Small helpers shared by the renderers."""

from __future__ import annotations

import re

_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def one_line(value: str | None) -> str:
    """A value that must stay on one line (a name in a numbered list): line breaks become
    spaces and control characters go, so a name can never start a new list line."""
    if not value:
        return ""
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", value)).strip()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value: str | None) -> str:
    """A text cell that no spreadsheet will read as a formula.

    A cell starting with ``= + - @`` (or a tab/CR that some importers strip first) is a
    formula in Excel, LibreOffice and Google Sheets; it gets a leading apostrophe, the
    OWASP-recommended neutraliser, which spreadsheets show as text."""
    if not value:
        return ""
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
