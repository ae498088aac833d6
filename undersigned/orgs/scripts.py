"""Which writing system a text is in (ISO 15924 codes), from the Unicode names of its letters."""

import unicodedata

_PREFIXES = [
    ("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("ARABIC", "Arab"), ("GREEK", "Grek"),
    ("HEBREW", "Hebr"), ("HANGUL", "Hang"), ("HIRAGANA", "Jpan"), ("KATAKANA", "Jpan"),
    ("CJK", "Hani"), ("THAI", "Thai"), ("DEVANAGARI", "Deva"), ("BENGALI", "Beng"),
    ("ARMENIAN", "Armn"), ("GEORGIAN", "Geor"), ("ETHIOPIC", "Ethi"), ("TAMIL", "Taml"),
    ("MYANMAR", "Mymr"), ("KHMER", "Khmr"), ("LAO", "Laoo"), ("TIBETAN", "Tibt"),
]


def char_script(ch: str) -> str:
    if not ch.isalpha():
        return ""
    name = unicodedata.name(ch, "")
    for prefix, code in _PREFIXES:
        if name.startswith(prefix):
            return code
    return "Zyyy"


def detect_script(text: str) -> str:
    """The script of most letters in ``text`` ('' when it has none)."""
    counts: dict[str, int] = {}
    for ch in text:
        code = char_script(ch)
        if code:
            counts[code] = counts.get(code, 0) + 1
    if not counts:
        return ""
    return max(counts, key=counts.get)
