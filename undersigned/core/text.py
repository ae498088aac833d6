"""Text hygiene shared by every app: cleaning what people type or paste, and the
normalised form used to compare organisation names."""

import re
import unicodedata

# Bidi embedding/override/isolate controls: legitimate text never needs them in a name,
# and they are used to disguise one name as another.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
# Zero-width and other invisible characters that copy-paste drags along.
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff\u00ad\u180e")
JOINERS = frozenset("\u200c\u200d")  # needed in Persian and Indic scripts: kept in display text

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DASH_RE = re.compile(f"[{DASHES}]")
_SPACE_RE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'",
                         "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"'})


def has_bidi_controls(value: str) -> bool:
    return any(ch in BIDI_CONTROLS for ch in value)


def has_control_characters(value: str) -> bool:
    """Control characters (C0/C1) other than ordinary whitespace."""
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in value)


def clean_line(value: str) -> str:
    """A single-line field as a careful editor would keep it: invisible characters removed,
    every run of whitespace (non-breaking spaces included) made one space, ends trimmed."""
    value = unicodedata.normalize("NFC", value)
    value = "".join(ch for ch in value if ch not in ZERO_WIDTH and ch not in BIDI_MARKS)
    value = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in value)
    return _SPACE_RE.sub(" ", value).strip()


def normalize_name(value: str) -> str:
    """The comparison key of a name: NFKC, case-folded, dash and quote variants unified,
    zero-width and bidi control characters removed, whitespace collapsed."""
    value = unicodedata.normalize("NFKC", value)
    value = "".join(
        ch for ch in value
        if ch not in ZERO_WIDTH and ch not in BIDI_CONTROLS and ch not in BIDI_MARKS
        and ch not in JOINERS and unicodedata.category(ch) != "Cc"
    )
    value = _DASH_RE.sub("-", value).translate(_QUOTES).casefold()
    value = re.sub(r"\s*-\s*", "-", value)
    return _SPACE_RE.sub(" ", value).strip()
