"""Country names in the reader's language, from CLDR (Babel), sorted by ICU collation."""

from functools import lru_cache

import icu
import pycountry
from babel import Locale, UnknownLocaleError

from undersigned.orgs.models import INTERNATIONAL

ISO_CODES = frozenset(c.alpha_2 for c in pycountry.countries)


def _babel_locale(lang: str) -> Locale:
    tag = {"zh-hant": "zh_Hant", "zh-hans": "zh_Hans"}.get(lang.lower(), lang.replace("-", "_"))
    try:
        return Locale.parse(tag)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@lru_cache(maxsize=32)
def country_choices(lang: str) -> tuple[tuple[str, str], ...]:
    locale = _babel_locale(lang)
    names = {code: locale.territories.get(code) or pycountry.countries.get(alpha_2=code).name
             for code in ISO_CODES}
    collator = icu.Collator.createInstance(icu.Locale(str(locale)))
    ordered = sorted(names.items(), key=lambda item: collator.getSortKey(item[1]))
    return tuple(ordered)


def country_name(code: str, lang: str) -> str:
    if not code:
        return ""
    if code == INTERNATIONAL:
        from django.utils import translation
        from django.utils.translation import gettext

        with translation.override(lang):
            return gettext("International or regional")
    return dict(country_choices(lang)).get(code, code)
