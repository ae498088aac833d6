"""The sentence that counts signatories who are not named.

Letters end their list with "and 12 organisations that cannot be named for security
reasons", "Y 7 organizaciones que por razones de seguridad no pueden hacer público su
nombre", "以及 3 個因安全考量不具名的組織".  Such a sentence is no signatory: it is the
letter's ``anonymous_count``.  It is recognised by three things together, in any of the
languages of ``importing/data/anonymous.tsv``: a number (digits, or a number word), a
word for the signatories, and words that say they are not named."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .. import lexicon
from .text import DIGITS

DATA = Path(__file__).resolve().parent.parent / "data" / "anonymous.tsv"
MAX_SENTENCE = 400


@lru_cache(maxsize=1)
def _terms() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, int]]:
    orgs, markers, numbers = [], [], {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _lang, kind, term = line.split("\t")
        if kind == "org":
            orgs.append(lexicon.fold(term))
        elif kind == "marker":
            markers.append(lexicon.fold(term))
        elif kind == "number":
            word, value = term.rsplit(" ", 1)
            numbers[lexicon.fold(word)] = int(value)
    return tuple(orgs), tuple(markers), numbers


_NUMBER = re.compile(r"(?<!\d)(\d{1,6})(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")


def anonymous_count(text: str) -> int | None:
    """The number of unnamed signatories a sentence announces, or None."""
    if not text or len(text) > MAX_SENTENCE:
        return None
    folded = lexicon.fold(text.translate(DIGITS))
    orgs, markers, numbers = _terms()
    if not any(m in folded for m in markers) or not any(o in folded for o in orgs):
        return None
    m = _NUMBER.search(folded)
    if m:
        return int(m[1])
    for word in _WORD.findall(folded):
        if word in numbers:
            return numbers[word]
    return None


_GLUED = re.compile(r"^(.*?\S)[\s,;.]+((?:and|et|y|e|und|и|و|以及|及|plus|\+|ainsi\s+que|as\s+well\s+as|así\s+como|along\s+with|together\s+with|alongside|junto\s+(?:a|con)|além\s+de)\s*(?:\d|[^\W\d_]+\s+"
                    r"(?:other\s+|autres\s+|otras\s+)?(?:organi|ong|ngo|group)).*)$",
                    re.IGNORECASE | re.DOTALL)


def split_trailing(text: str) -> tuple[str, int | None]:
    """("Zo Forum", 12) for "Zo Forum and 12 organisations that cannot be named"."""
    m = _GLUED.match(text) if len(text) <= MAX_SENTENCE + 300 else None
    if m:
        count = anonymous_count(m[2])
        if count is not None:
            return m[1].rstrip(" ,;"), count
    return text, None
