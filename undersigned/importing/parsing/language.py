"""The language of a text: script, Chinese variant (OpenCC), stop words."""

from __future__ import annotations

from .. import lexicon
from ..scripts import han_variants, lang_for_script, script_counts


def detect_language(text: str) -> str:
    """BCP 47 tag of a text from its script, Chinese variant and stop words; 'und' when
    there is nothing to go on."""
    text = text[:20000]
    counts = script_counts(text)
    if not counts:
        return "und"
    if counts.get("Jpan", 0) >= 5 or (counts.get("Jpan", 0) and counts.get("Jpan", 0) * 10 >=
                                        counts.get("Hani", 0)):
        return "ja"
    script = max(counts, key=counts.get)
    if script == "Hani":
        trad, simp = han_variants(text)
        if len(trad) > len(simp):
            return "zh-Hant"
        if len(simp) > len(trad):
            return "zh-Hans"
        return "zh"
    if script == "Latn":
        return lexicon.latin_language(text) or "und"
    return lang_for_script(script, text) or "und"


def normalise_lang(lang: str) -> str:
    parts = lang.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(out)
