"""Dates as letters print them, to ISO 8601.

Month names and abbreviations come from CLDR through Babel (``lexicon.month_names``:
wide and abbreviated, format and stand-alone forms, in the languages coalitions write
in, plus the Levantine Arabic months CLDR does not carry), so "Sept. 7, 2021",
"7 septembre 2021", "27 февраля 2023 г." and "٢٧ فبراير ٢٠٢٣" are read alike; CJK
year-month-day forms ("2023 年 2 月 27 日") and numeric forms (day first unless that is
impossible) are read by pattern.  Every pattern starts at a word boundary, so the search
is linear in the text."""

from __future__ import annotations

import datetime
import re

from .. import lexicon
from .text import DIGITS

_W = r"(?<![^\W\d_])"  # a word starts here
_DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?")),
    ("ymd", re.compile(r"(?<!\d)(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")),
    ("ymd", re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")),
    ("ymd", re.compile(r"(?<![\d/.])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])")),
    ("num", re.compile(r"(?<![\d/.-])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?![\d/.-])")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|e|º|°|\.)?[\s-]*(?:de\s+|of\s+)?"
                       + _W + r"([^\W\d_]{1,20}\.?(?:\s[^\W\d_]{1,12})?)[\s-]*[,،]?\s*"
                       r"(?:de\s+|del\s+)?(\d{4})(?!\d)", re.IGNORECASE)),
    ("mdy", re.compile(_W + r"([^\W\d_]{2,20})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})"
                       r"(?!\d)", re.IGNORECASE)),
]
MAX_DATE_TEXT = 4000  # a date is looked for in the first characters of a text only


def _month(word: str) -> int | None:
    months = lexicon.month_names()
    key = lexicon.fold(word).rstrip(".")
    if key in months:
        return months[key]
    return months.get(key.split(" ")[0])


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date_span(text: str) -> tuple[int, int, str] | None:
    """(start, end, ISO date) of the first date in ``text``."""
    text = text[:MAX_DATE_TEXT].translate(DIGITS)
    best: tuple[int, int, str] | None = None
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            iso = None
            if kind == "ymd":
                iso = _valid(int(m[1]), int(m[2]), int(m[3]))
            elif kind == "num":
                a, b, y = int(m[1]), int(m[2]), int(m[3])
                iso = _valid(y, b, a) if a > 12 or b <= 12 else _valid(y, a, b)
            elif kind == "dmy":
                month = _month(m[2])
                if month:
                    iso = _valid(int(m[3]), month, int(m[1]))
            elif kind == "mdy":
                month = _month(m[1])
                if month:
                    iso = _valid(int(m[3]), month, int(m[2]))
            if iso and (best is None or m.start() < best[0]):
                best = (m.start(), m.end(), iso)
                break
    return best


def find_date(text: str) -> str | None:
    """The first date in ``text`` as ISO 8601, in any of the usual forms:
    2023-02-27, 2023 年 2 月 27 日, 27/02/2023 (day first unless impossible),
    27 February 2023, February 27, 2023, Sept. 7, 2021, 27 février 2023, 1er mars 2023,
    27 de febrero de 2023, 27 февраля 2023 г., ٢٧ فبراير ٢٠٢٣, 27 شباط 2023."""
    found = find_date_span(text)
    return found[2] if found else None


def date_line(text: str) -> str | None:
    """The date of a line that is mostly a date ("Geneva, 27 February 2023", "Posted on
    Sept. 7, 2021", "Updated: 2023-02-27"): at most six other words around it."""
    if len(text) > 120:
        return None
    found = find_date_span(text)
    if found is None:
        return None
    rest = (text[:found[0]] + " " + text[found[1]:]).split()
    return found[2] if len(rest) <= 6 else None
