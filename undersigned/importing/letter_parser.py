"""Parse a published joint letter (plain text) into its parts and its signatory list.

The parser lives in ``importing.parsing``, one module per stage (layout detection, items,
the letter's frame, one entry, dates, language); this module keeps the names the rest of
the project imports.  ``parse_letter(text, lang=None)`` is pure: no database, no network,
no Django models; everything doubtful is *reported* in ``anomalies`` rather than silently
fixed."""

from __future__ import annotations

from .parsing import detect_language, find_date, parse_letter, parse_signatory
from .parsing.entry import _take_country_suffix
from .parsing.text import acronym_like, clean

_clean = clean

__all__ = ["acronym_like", "detect_language", "find_date", "parse_letter", "parse_signatory",
           "read_letter_file", "_take_country_suffix"]


def read_letter_file(path) -> str:
    """Text of a letter file (.txt .md .html .docx); see ``readers``."""
    from .readers import read_letter_file as _read

    return _read(path)
