"""Which language tags a letter may be offered in.

A tag is accepted when it is one of the interface languages (``settings.LANGUAGES``) or
a lower-case BCP 47 tag (language, optional script and region: ``pt``, ``pt-br``,
``sr-latn``) of a language CLDR knows (Babel). Anything else (``x"><b>y``, ``en gb``,
``klingon``) is refused before it reaches a URL, a PDF, a DOCX or a page's ``lang``."""

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils import translation

_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?")


@lru_cache(maxsize=512)
def is_supported_language(tag: str) -> bool:
    tag = tag or ""
    if tag in {code for code, _name in settings.LANGUAGES}:
        return True
    if not _TAG.fullmatch(tag):
        return False
    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _locale(tag: str) -> Locale | None:
    try:
        return Locale.parse((tag or "").replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def language_name(tag: str, in_lang: str | None = None) -> str:
    """A language's name as people read it, from CLDR (Babel): in ``in_lang`` (the
    interface language by default: ``Chinese (Traditional)``, ``阿拉伯文``), or in the
    language itself with ``in_lang=tag`` (``中文 (繁體)``, ``العربية``: what a language
    switcher shows). Falls back to the tag itself for a tag CLDR does not know."""
    return _language_name(tag, in_lang or translation.get_language() or "en")


@lru_cache(maxsize=1024)
def _language_name(tag: str, in_lang: str) -> str:
    locale, reader = _locale(tag), _locale(in_lang) or _locale("en")
    if locale is None:
        return tag
    name = locale.get_display_name(reader) or tag
    return name[:1].upper() + name[1:] if reader.language not in ("zh", "ja", "ko") else name


@lru_cache(maxsize=512)
def language_direction(tag: str) -> str:
    """``rtl`` or ``ltr``: the direction a language's text is written in (CLDR)."""
    locale = _locale(tag)
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"
