"""Alphabetical order of signatories, the way a careful editor sorts a list.

``sort_entries(names, lang)`` sorts with ICU's collator for the document's language
(CLDR rules), so accents, case and letters like Ä, Ł, Œ, Ñ land where readers of that
language look for them: Ä with A in English and French, Ñ after N in Spanish, Cyrillic
before Latin in Russian. On top of the collator:

* Leading articles are ignored: ``The``, ``La``, ``Le``, ``Les``, ``L'``, ``El``, ``Los``,
  ``Las`` (``The Kvinna till Kvinna Foundation`` files under K) — except in a few names
  where the article belongs to a place (``El Salvador``, ``The Hague``, ``La Paz``...).
  The printed name is never changed, only where it sorts.
* Leading punctuation and symbols are ignored (``«Memorial»``, ``#MeToo``, ``"Foo"``).
* Numbers sort by value (``2`` before ``10``).
* Chinese sorts by stroke count (``zh@collation=stroke``, the custom for Traditional
  Chinese letters) or by pinyin (``zh@collation=pinyin``, the custom for Simplified),
  chosen with ``zh_order``; the default follows the script. As CLDR specifies for
  Chinese, Han names come before Latin ones in a Chinese sort.
* Any organisation can carry an override sort key (``sort_keys={"Ärzte ohne Grenzen":
  "Doctors"}``), for the cases no rule gets right. The override replaces the name as the
  collation input, so it sorts with the same language rules.

Ties (names that collate equal, e.g. differing only in invisible characters) keep their
input order: Python's sort is stable.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Literal, TypeVar

import icu

from undersigned.publishing.document import Entry, number_entries

T = TypeVar("T")
ZhOrder = Literal["stroke", "pinyin"]

ARTICLES = ("the", "la", "le", "les", "el", "los", "las")
_ARTICLE_RE = re.compile(
    r"^(?:(?:" + "|".join(ARTICLES) + r")\s+(?=\S)|l['’]\s*(?=\w))", re.IGNORECASE
)
# Names in which the leading article is part of a place name, not an article to skip.
ARTICLE_KEPT = (
    "el salvador", "the hague", "la paz", "la plata", "la rioja", "la rochelle", "le havre",
    "le mans", "los angeles", "las vegas", "las palmas", "the gambia", "the bahamas",
)

_local = threading.local()  # ICU collators are not thread-safe: one per thread.


def collator_locale(lang: str, zh_order: ZhOrder | None = None) -> str:
    """The ICU locale id used for a document language."""
    code = lang.replace("_", "-")
    base = code.split("-")[0].lower()
    if base == "zh":
        if zh_order is None:
            simplified = code.lower() in {"zh-hans", "zh-cn", "zh-sg"}
            zh_order = "pinyin" if simplified else "stroke"
        if zh_order not in ("stroke", "pinyin"):
            raise ValueError(f"zh_order must be 'stroke' or 'pinyin', not {zh_order!r}")
        return f"zh@collation={zh_order}"
    return code.replace("-", "_")


def get_collator(lang: str, zh_order: ZhOrder | None = None) -> icu.Collator:
    locale_id = collator_locale(lang, zh_order)
    cache = getattr(_local, "collators", None)
    if cache is None:
        cache = _local.collators = {}
    collator = cache.get(locale_id)
    if collator is None:
        collator = icu.Collator.createInstance(icu.Locale(locale_id))
        collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
        cache[locale_id] = collator
    return collator


def sort_text(name: str) -> str:
    """The part of a name that decides where it sorts: leading punctuation, symbols and
    articles removed (``"The «Memorial» Society"`` → ``"«Memorial» Society"`` →
    ``"Memorial» Society"``)."""
    text = unicodedata.normalize("NFC", name).strip()
    for _ in range(3):  # "The «X»", "«The X»": strip both layers
        before = text
        text = _strip_leading_marks(text)
        lowered = text.casefold()
        if not any(lowered.startswith(kept) for kept in ARTICLE_KEPT):
            text = _ARTICLE_RE.sub("", text, count=1)
        if text == before:
            break
    return text or name


def _strip_leading_marks(text: str) -> str:
    i = 0
    while i < len(text) and unicodedata.category(text[i])[0] in "PSZC":
        i += 1
    return text[i:] if i < len(text) else text


def _default_key(item: object) -> str:
    if isinstance(item, str):
        return item
    name = getattr(item, "name", None)
    if isinstance(name, str):
        return name
    raise TypeError(f"cannot sort {type(item).__name__}: give key= or items with .name")


def sort_entries(
    names: Iterable[T],
    lang: str,
    *,
    zh_order: ZhOrder | None = None,
    sort_keys: Mapping[str, str] | None = None,
    key: Callable[[T], str] | None = None,
) -> list[T]:
    """Sorted copy of ``names`` (strings, or objects such as ``Entry`` with a ``.name``).

    ``key`` picks the text to sort by (default: the string itself or ``.name``); for a
    Chinese edition printed with translated names, pass ``key=lambda e: e.translation or
    e.name``. ``sort_keys`` maps that text to an override used instead of it.
    """
    collator = get_collator(lang, zh_order)
    pick = key or _default_key
    overrides = sort_keys or {}

    def sort_key(item: T) -> bytes:
        text = pick(item)
        override = overrides.get(text)
        return collator.getSortKey(override if override else sort_text(text))

    return sorted(names, key=sort_key)


def sort_and_number(
    entries: Iterable[Entry],
    lang: str,
    *,
    layout: str = "both",
    zh_order: ZhOrder | None = None,
    sort_keys: Mapping[str, str] | None = None,
) -> list[Entry]:
    """Entries in the order the edition prints them, numbered 1..n.

    The name that leads the printed line decides the order: the translation in the
    ``translation`` layout (when there is one), the original name otherwise. ``sort_keys``
    is keyed by that leading name."""

    def leading(entry: Entry) -> str:
        if layout == "translation" and entry.translation:
            return entry.translation
        return entry.name

    ordered = sort_entries(entries, lang, zh_order=zh_order, sort_keys=sort_keys, key=leading)
    return number_entries(ordered)
