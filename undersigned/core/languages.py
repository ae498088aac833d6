"""Which language tags a letter may be offered in.

A tag is accepted when it is one of the interface languages (``settings.LANGUAGES``) or
a lower-case BCP 47 tag (language, optional script and region: ``pt``, ``pt-br``,
``sr-latn``) of a language CLDR knows (Babel). Anything else (``x"><b>y``, ``en gb``,
``klingon``) is refused before it reaches a URL, a PDF, a DOCX or a page's ``lang``."""

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.conf import settings

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
