"""Stage 3, confusables: look-alike names (Unicode TR39 skeletons from ICU, mixed scripts)."""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz.distance import OSA

from .text import _clean, _fold, _join, _segments, normalize


def _scripts(word: str) -> set[str]:
    found = set()
    for ch in word:
        if ch.isalpha():
            try:
                script = unicodedata.name(ch).split(" ", 1)[0]
            except ValueError:
                continue
            if script in ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"):
                found.add(script)
    return found


def mixed_script_words(name: str) -> list[str]:
    """Words mixing Latin, Cyrillic, Greek, Armenian or Cherokee letters (``Аmnesty``)."""
    clean = _clean(name)
    if clean.isascii():
        return []
    return [w for w in re.split(r"[\s\-–—_/.,]+", clean) if len(_scripts(w)) > 1]


@functools.cache
def _spoof():
    import icu

    return icu.SpoofChecker()


def skeleton(name: str, fold: bool = False) -> str:
    """TR39 skeleton of the NFKC, space-collapsed name (ICU SpoofChecker); ``fold`` case-folds
    first (catches lower-case look-alikes, loses the I/l confusion)."""
    text = _clean(name)
    if fold:
        text = text.casefold()
    return _skeleton(text)


def _skeleton(text: str) -> str:
    try:
        return _spoof().getSkeleton(0, text)
    except Exception:  # pragma: no cover - ICU missing or refusing the string
        return text



def _impersonation_reason(name: str, known: str) -> str:
    mixed = mixed_script_words(name)
    if mixed:
        return f"looks like {known!r}: mixed scripts in {', '.join(mixed[:3])}"
    scripts = sorted(_scripts(name))
    return f"looks like {known!r} but is written with other characters ({'+'.join(scripts) or 'other'})"


def impersonation_check(name: str, known_names: Sequence[str]) -> list[tuple[int, str]]:
    """Indexes of ``known_names`` that ``name`` imitates: same TR39 skeleton but different
    text (beyond case, accents and punctuation), or - for names mixing scripts inside a
    word - a skeleton within edit distance 1 of a known name's."""
    clean = _clean(name)
    if not clean:
        return []
    skel = _skeleton(clean)
    skel_fold = _skeleton(clean.casefold())
    norm = _join(_segments(_fold(clean)))
    mixed = bool(mixed_script_words(clean))
    out = []
    for i, known in enumerate(known_names):
        if not known:
            continue
        kc = _clean(known)
        if kc == clean:
            continue
        ks, ks_fold = _skeleton(kc), _skeleton(kc.casefold())
        if ks == skel or ks_fold == skel_fold:
            if normalize(kc) != norm or mixed:
                out.append((i, _impersonation_reason(clean, kc)))
        elif mixed and not mixed_script_words(kc) and len(skel) >= 6 and \
                OSA.distance(ks_fold, skel_fold, score_cutoff=1) <= 1:
            out.append((i, _impersonation_reason(clean, kc)))
    return out
