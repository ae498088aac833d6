"""Character-level helpers shared by the parser's stages: whitespace, invisible characters,
acronym shapes, anomaly records.  Everything here is linear in its input."""

from __future__ import annotations

import re
import unicodedata

WHITESPACE_ODD = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\u205f\u1680"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
FOOTNOTE_MARKS = "*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰"
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９",
                       "012345678901234567890123456789")
# An entry longer than this is not an organisation's name: it is reported, and the
# pattern-heavy steps are not run on it (they stay linear, but need not waste time).
MAX_ENTRY = 600

_DOUBLE_SPACE = re.compile(r" {2,}")
_TABS = re.compile(r" *\t[\t ]*")
_ODD = str.maketrans({ch: " " for ch in WHITESPACE_ODD})
_DROP = str.maketrans({ch: None for ch in INVISIBLE})


def clean(text: str, keep_tabs: bool = False) -> str:
    """NFC, odd spaces and tabs to one space (or one tab), invisible characters gone."""
    if text.isascii() and "\t" not in text:
        return _DOUBLE_SPACE.sub(" ", text).strip()
    text = unicodedata.normalize("NFC", text).translate(_DROP).translate(_ODD)
    if not keep_tabs:
        text = text.replace("\t", " ")
    text = _DOUBLE_SPACE.sub(" ", text)
    if keep_tabs:
        text = _TABS.sub("\t", text)
    return text.strip()


def clean_spaces(text: str) -> str:
    """Whitespace cleaned, nothing else: no Unicode normalisation, so a CJK compatibility
    ideograph or any other character stays exactly as printed."""
    text = text.translate(_DROP).translate(_ODD).replace("\t", " ")
    return _DOUBLE_SPACE.sub(" ", text).strip()


def letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def acronym_like(token: str) -> bool:
    """A short name written mostly in capitals (FIDH, ACAT-UK, iDEFEND, IM-Defensoras,
    JWF.org, Acat-Burundi)."""
    token = token.strip()
    if not token or " " in token or len(token) > 24:
        return False
    found = letters(token)
    if len(found) < 2:
        return False
    upper = sum(1 for ch in found if ch.isupper())
    if upper < 2:
        return False
    return upper / len(found) >= 0.5 or any(c in token for c in "-.&/") or any(
        c.isdigit() for c in token)


def strongly_acronym(token: str) -> bool:
    found = letters(token)
    if " " in token.strip() or not 2 <= len(found) <= 14:
        return False
    return sum(1 for ch in found if ch.isupper()) / len(found) >= 0.6


def initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", name)).upper()


def initials_match(acronym: str, name: str) -> bool:
    """Every letter of the acronym found, in order, among the initials of the name's
    words (stop words included)."""
    wanted = [c for c in acronym.upper() if c.isalpha()]
    found = initials(name)
    if len(wanted) < 2 or not found:
        return False
    pos = 0
    for ch in wanted:
        pos = found.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def anomaly(kind: str, numbers, detail: str) -> dict:
    return {"kind": kind, "numbers": [n for n in numbers if n is not None], "detail": detail}


def softened(country_text: str) -> str:
    text = country_text.strip()
    return text.title() if text.isupper() and len(text) > 3 else text
