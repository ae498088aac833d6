"""Scripts and Chinese variants at the character level.

Why our own table and not ``undersigned.orgs.scripts``: the parser needs, per character,
a cheap answer (it runs on 100,000-line lists) and it needs Han split into Traditional
and Simplified, which only a converter can tell.  We use OpenCC, phrase-level, so that
characters valid in both standards in context (若干, 台灣) are not flagged.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PREFIXES = [
    ("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("ARABIC", "Arab"), ("GREEK", "Grek"),
    ("HEBREW", "Hebr"), ("HANGUL", "Kore"), ("HIRAGANA", "Jpan"), ("KATAKANA", "Jpan"),
    ("CJK", "Hani"), ("THAI", "Thai"), ("DEVANAGARI", "Deva"), ("BENGALI", "Beng"),
    ("ARMENIAN", "Armn"), ("GEORGIAN", "Geor"), ("ETHIOPIC", "Ethi"), ("TAMIL", "Taml"),
    ("MYANMAR", "Mymr"), ("KHMER", "Khmr"), ("LAO", "Laoo"), ("TIBETAN", "Tibt"),
    ("SINHALA", "Sinh"), ("GUJARATI", "Gujr"), ("GURMUKHI", "Guru"), ("TELUGU", "Telu"),
    ("KANNADA", "Knda"), ("MALAYALAM", "Mlym"), ("SYRIAC", "Syrc"), ("THAANA", "Thaa"),
]

SCRIPT_LANG = {
    "Arab": "ar", "Cyrl": "ru", "Grek": "el", "Hebr": "he", "Kore": "ko", "Jpan": "ja",
    "Thai": "th", "Deva": "hi", "Beng": "bn", "Armn": "hy", "Geor": "ka", "Ethi": "am",
    "Taml": "ta", "Mymr": "my", "Khmr": "km", "Laoo": "lo", "Tibt": "bo", "Sinh": "si",
    "Gujr": "gu", "Guru": "pa", "Telu": "te", "Knda": "kn", "Mlym": "ml", "Syrc": "syr",
    "Thaa": "dv",
}


@lru_cache(maxsize=4096)
def char_script(ch: str) -> str:
    """ISO 15924 code of a letter ('' for anything that is not a letter)."""
    if ch.isascii():
        return "Latn" if ch.isalpha() else ""
    if not ch.isalpha():
        # CJK ideographs are letters (Lo); the ideographic iteration mark too.
        return "Hani" if ch == "\u3005" else ""
    name = unicodedata.name(ch, "")
    for prefix, code in _PREFIXES:
        if name.startswith(prefix):
            return code
    return "Zyyy"


def script_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        code = char_script(ch)
        if code:
            counts[code] = counts.get(code, 0) + 1
    return counts


def main_script(text: str) -> str:
    counts = script_counts(text)
    if not counts:
        return ""
    return max(counts, key=counts.get)


@lru_cache(maxsize=1)
def _converters():
    import opencc

    return {cfg: opencc.OpenCC(cfg) for cfg in ("t2s", "s2t", "s2tw", "s2hk")}


_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _changed_positions(text: str, converted: str) -> set[int]:
    if len(converted) == len(text):
        return {i for i, (a, b) in enumerate(zip(text, converted, strict=True)) if a != b}
    return set()


def han_variants(text: str) -> tuple[list[int], list[int]]:
    """Positions of characters that exist only in Traditional (they change under t2s)
    and only in Simplified (they change under s2t, s2tw *and* s2hk, phrase-level: 台
    stays, 组 does not)."""
    if not _HAN_RE.search(text):
        return [], []
    conv = _converters()
    trad = _changed_positions(text, conv["t2s"].convert(text))
    simp = _changed_positions(text, conv["s2t"].convert(text))
    if simp:
        simp &= _changed_positions(text, conv["s2tw"].convert(text))
        simp &= _changed_positions(text, conv["s2hk"].convert(text))
    simp -= trad
    return sorted(trad), sorted(simp)


def to_traditional(ch: str) -> str:
    return _converters()["s2t"].convert(ch)


def han_script(text: str, default: str = "Hani") -> str:
    """'Hant', 'Hans', or ``default`` when the characters are common to both."""
    trad, simp = han_variants(text)
    if len(trad) > len(simp):
        return "Hant"
    if len(simp) > len(trad):
        return "Hans"
    return default


def lang_for_script(script: str, text: str) -> str | None:
    """BCP 47 language for a name in a non-Latin script, from the script and a few
    letters only one language of that script uses."""
    if script == "Hant":
        return "zh-Hant"
    if script == "Hans":
        return "zh-Hans"
    if script == "Hani":
        return "zh"
    if script == "Arab":
        if re.search("[ٹڈڑںےہ]", text):
            return "ur"
        if re.search("[پچژگکی]", text):
            return "fa"
        return "ar"
    if script == "Cyrl":
        if re.search("[іїєґІЇЄҐ]", text):
            return "uk"
        if re.search("[ўЎ]", text):
            return "be"
        if re.search("[ђћџљњЂЋЏЉЊ]", text):
            return "sr"
        return "ru"
    return SCRIPT_LANG.get(script)
