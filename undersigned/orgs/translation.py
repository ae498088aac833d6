"""Organisation names between Traditional and Simplified Chinese, with OpenCC: the
suggestions a letter's translators confirm (``letters.services.signature_name_set``).

OpenCC rewrites proper names (``s2t`` turns 台灣 into 臺灣; the phrase tables of ``s2twp``
turn 项目 into 專案), so: an organisation's own name in the registry always wins, only the
character tables (never the phrase tables) are used for names, the table is chosen by the
target region, and a derived name stays a suggestion until someone confirms it."""

from functools import lru_cache

import opencc

# (from, to) -> OpenCC configuration: character conversion for the target region.
CONVERSIONS = {
    ("zh-hant", "zh-hans"): "t2s",
    ("zh-tw", "zh-hans"): "tw2s",
    ("zh-hk", "zh-hans"): "hk2s",
    ("zh-hans", "zh-hant"): "s2t",
    ("zh-hans", "zh-tw"): "s2tw",
    ("zh-hans", "zh-hk"): "s2hk",
}
CHINESE = ("zh-hant", "zh-hans", "zh-tw", "zh-hk")


@lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def convert(text: str, from_lang: str, to_lang: str) -> str | None:
    config = CONVERSIONS.get((from_lang, to_lang))
    return _converter(config).convert(text) if config else None
