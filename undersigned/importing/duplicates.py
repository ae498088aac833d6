"""Which signatories of one list are probably the same organisation.

``find_possible_duplicates(signatories) -> list[anomaly]`` is the single entry point the
parser (and the sheet reader) uses, so that the registry matcher
(``undersigned.orgs.matching.match_pairs``, written separately) can replace the local
logic without touching the parser: when that module exposes
``match_pairs(names: list[str]) -> list[{"a", "b", "score", "reasons"}]`` (``a``/``b``
being indexes into ``names`` or the names themselves) it is used for lists of up to
``EXTERNAL_LIMIT`` entries, fed each entry's primary name with its acronym and country
written back ("Centro de Alternativas al Desarrollo (CEALDES) - Colombia"); exact
duplicates are still found here (kind ``duplicate``) and the section rule below still
vetoes pairs from different countries.  If the matcher is missing or raises, the local
fallback is used.

Local fallback, in order:

1. **Sections of one network are not duplicates.**  Each signatory gets a set of
   countries: its ``country`` plus the countries named in its names ("ACAT Italia",
   "Amnesty International Mongolia", "... in Togo", "ACAT RDC").  Two entries with
   different, non-empty country sets are different sections.  One entry whose name is
   the other's name plus a country ("International Commission of Jurists" /
   "... Australia") is a parent and its section.
2. **duplicate**: same normalised primary name and country.  Another name in common (one
   Chinese name under two English names) is a ``possible_duplicate``.
3. **possible_duplicate**:
   * same words across languages: names reduced to concepts with a small lexicon
     (centro/center, desarrollo/development; stop words dropped) are equal;
   * nearly identical spelling (rapidfuzz ratio >= 92 on normalised names);
   * same acronym and similar names (ratio >= 70).
   Every report says why.

Comparisons are blocked by rare words so that a 100,000-line list stays near-linear.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from functools import lru_cache

from . import lexicon

logger = logging.getLogger(__name__)

FUZZY_THRESHOLD = 92
ACRONYM_THRESHOLD = 70
BLOCK_CAP = 60  # words shared by more entries than this are too common to block on


_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_PUNCT = re.compile(r"[^\w\s-]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=262144)
def _norm(text: str) -> str:
    text = lexicon.fold(text)
    if not text.isascii():
        text = _DASHES.sub("-", text)
    text = _PUNCT.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


_external_failed: list[str] = []  # set once the registry matcher has failed in this process


def _external_matcher():
    if _external_failed:
        return None
    try:
        from undersigned.orgs import matching  # noqa: PLC0415
    except Exception:  # noqa: BLE001 - absent or broken: use the local fallback
        return None
    return getattr(matching, "match_pairs", None)


def _names(sig: dict) -> list[str]:
    return [n["text"] for n in sig.get("names", []) if n.get("text")]


def _label(sig: dict, index: int) -> str:
    names = _names(sig)
    return (f"{sig['number']}" if sig.get("number") is not None else f"#{index + 1}") + (
        f" '{names[0]}'" if names else "")


def _ref(sig: dict, index: int) -> int:
    return sig["number"] if sig.get("number") is not None else index + 1


def _countries(sig: dict) -> set[str]:
    found = set()
    if sig.get("country"):
        found.add(sig["country"])
    for name in _names(sig):
        found |= lexicon.countries_in(name)
    return found


@lru_cache(maxsize=65536)
def _country_word(word: str) -> bool:
    return bool(lexicon.lookup_country(word.strip(",()-–")))


def _strip_countries(name: str) -> str:
    return " ".join(w for w in name.split() if not _country_word(w))


def _is_section(a: dict, b: dict) -> bool:
    """One is the other plus a country word: a parent and its national section."""
    for x in _names(a):
        for y in _names(b):
            nx, ny = _norm(x), _norm(y)
            if nx == ny:
                continue
            short, long_ = (nx, ny) if len(nx) < len(ny) else (ny, nx)
            if long_.startswith(short) or long_.endswith(short):
                extra = long_.replace(short, "", 1).strip(" -,")
                if extra and (lexicon.lookup_country(extra) or lexicon.countries_in(extra)):
                    return True
    return False


def _compatible(a: dict, b: dict, ca: set[str], cb: set[str]) -> bool:
    if ca and cb and not (ca & cb):
        return False
    return not _is_section(a, b)


# The registry matcher costs about 3-4 ms a name (measured on this 2-core machine); past
# this many signatories the local, blocked search is used so an import stays interactive.
EXTERNAL_LIMIT = 2000


def find_possible_duplicates(signatories: list[dict]) -> list[dict]:
    """Anomalies ``duplicate`` / ``possible_duplicate`` for a parsed signatory list."""
    match_pairs = _external_matcher()
    if match_pairs is not None and len(signatories) <= EXTERNAL_LIMIT:
        try:
            return _with_external(signatories, match_pairs)
        except Exception as exc:  # noqa: BLE001 - a broken matcher must not stop an import
            # Not retried in this process: a failure can be slow (a recursion limit).
            _external_failed.append(f"{type(exc).__name__}: {exc}"[:200])
            logger.warning("registry matcher failed, using the local duplicate search: %s",
                           _external_failed[-1])
    return _local(signatories)


def _composite(sig: dict) -> str:
    """The primary name with its acronym and country written back, the way the
    registry matcher reads names ("Centro ... (CEALDES) - Colombia")."""
    names = _names(sig)
    text = names[0] if names else ""
    if sig.get("acronym") and sig["acronym"] not in text:
        text += f" ({sig['acronym']})"
    if sig.get("country") and not lexicon.countries_in(text):
        import pycountry

        country = pycountry.countries.get(alpha_2=sig["country"])
        if country is not None:
            text += f" - {getattr(country, 'common_name', None) or country.name}"
    return text


def _with_external(signatories: list[dict], match_pairs) -> list[dict]:
    out = _exact(signatories)
    reported = {tuple(a["numbers"]) for a in out}
    composite = [_composite(s) for s in signatories]
    countries = [_countries(s) for s in signatories]
    for pair in match_pairs(composite):
        a, b = pair["a"], pair["b"]
        if isinstance(a, str):
            a, b = composite.index(a), composite.index(b)
        a, b = min(a, b), max(a, b)
        sa, sb = signatories[a], signatories[b]
        refs = (_ref(sa, a), _ref(sb, b))
        if refs in reported or not _compatible(sa, sb, countries[a], countries[b]):
            continue
        reported.add(refs)
        reasons = "; ".join(map(str, pair.get("reasons") or [])) or "similar names"
        out.append({"kind": "possible_duplicate", "numbers": list(refs),
                    "detail": f"{_label(sa, a)} and {_label(sb, b)} may be the same "
                              f"organisation ({reasons}; score {pair.get('score')})"})
    out.sort(key=lambda x: x["numbers"])
    return out


def _exact(signatories: list[dict], with_pairs: bool = False) -> list:
    """Same primary name and country: ``duplicate``.  Another name in common (the same
    Chinese name under two English names): ``possible_duplicate``."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, sig in enumerate(signatories):
        names = [_norm(x) for x in _names(sig)]
        for k, name in enumerate(dict.fromkeys(names)):
            if name:
                groups[(name, sig.get("country") or "", k == 0)].append(i)
    primary_of = {}
    for (name, country, is_primary), ids in groups.items():
        if is_primary:
            for i in ids:
                primary_of[i] = (name, country)
    out, seen = [], set()
    ordered = sorted(groups.items(), key=lambda kv: not kv[0][2])  # primary names first
    for (name, country, is_primary), ids in ordered:
        if not is_primary:
            ids = sorted(set(ids) | set(groups.get((name, country, True), [])))
        for k in range(1, len(ids)):
            a, b = ids[0], ids[k]
            refs = (_ref(signatories[a], a), _ref(signatories[b], b))
            if a == b or refs in seen:
                continue
            seen.add(refs)
            if primary_of.get(a) == primary_of.get(b) and a in primary_of:
                anomaly = {"kind": "duplicate", "numbers": list(refs),
                           "detail": f"{_label(signatories[a], a)} and "
                                     f"{_label(signatories[b], b)} are listed twice: same "
                                     f"name '{name}'"}
            else:
                anomaly = {"kind": "possible_duplicate", "numbers": list(refs),
                           "detail": f"{_label(signatories[a], a)} and "
                                     f"{_label(signatories[b], b)} may be the same "
                                     f"organisation: both are also called '{name}'"}
            out.append((anomaly, (a, b)) if with_pairs else anomaly)
    return out


def _local(signatories: list[dict]) -> list[dict]:
    from rapidfuzz import fuzz

    n = len(signatories)
    norms = [[_norm(x) for x in _names(s)] for s in signatories]
    country_cache: dict[int, set[str]] = {}

    def countries(i: int) -> set[str]:
        if i not in country_cache:
            country_cache[i] = _countries(signatories[i])
        return country_cache[i]

    reported: set[tuple[int, int]] = set()
    out: list[dict] = []

    def report(i: int, j: int, kind: str, why: str) -> None:
        key = (min(i, j), max(i, j))
        if key in reported or i == j:
            return
        si, sj = signatories[key[0]], signatories[key[1]]
        if not _compatible(si, sj, countries(key[0]), countries(key[1])):
            return
        reported.add(key)
        verb = "are listed twice" if kind == "duplicate" else "may be the same organisation"
        out.append({"kind": kind, "numbers": [_ref(si, key[0]), _ref(sj, key[1])],
                    "detail": f"{_label(si, key[0])} and {_label(sj, key[1])} {verb}: {why}"})

    # 1. Same normalised name.
    for anomaly, pair in _exact(signatories, with_pairs=True):
        out.append(anomaly)
        reported.add(pair)

    # 2. Same words across languages.
    by_concept: dict[tuple, list[int]] = defaultdict(list)
    for i, s in enumerate(signatories):
        for name in _names(s):
            key = lexicon.concept_key(_strip_countries(name))
            if len(key) >= 2:
                by_concept[key].append(i)
    for key, ids in by_concept.items():
        ids = sorted(set(ids))
        for k in range(1, len(ids)):
            a, b = ids[0], ids[k]
            na, nb = _names(signatories[a])[0], _names(signatories[b])[0]
            why = (f"same words in another language ({' + '.join(key)})"
                   if _norm(na) != _norm(nb) else f"same name '{na}'")
            report(a, b, "possible_duplicate", why)

    # 3. Nearly identical spelling, same acronym; blocked by rare words.
    primary = [names[0] if names else "" for names in norms]
    postings: dict[str, list[int]] = defaultdict(list)
    tokens = []
    for i, name in enumerate(primary):
        words = {w for w in name.split() if len(w) > 2 and w not in lexicon.NAME_STOP_WORDS}
        tokens.append(words)
        for w in words:
            postings[w].append(i)
    acronyms: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(signatories):
        if s.get("acronym"):
            acronyms[_norm(s["acronym"])].append(i)
    for i in range(n):
        if not primary[i]:
            continue
        rare = sorted((w for w in tokens[i] if len(postings[w]) <= BLOCK_CAP),
                      key=lambda w: len(postings[w]))[:2]
        candidates = {j for w in rare for j in postings[w] if j > i}
        for j in candidates:
            score = fuzz.ratio(primary[i], primary[j])
            if score >= FUZZY_THRESHOLD and primary[i] != primary[j]:
                report(i, j, "possible_duplicate",
                       f"names nearly identical (similarity {score:.0f}%)")
    for ids in acronyms.values():
        if len(ids) < 2 or len(ids) > BLOCK_CAP:
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                i, j = ids[x], ids[y]
                score = fuzz.token_sort_ratio(primary[i], primary[j])
                if score >= ACRONYM_THRESHOLD:
                    report(i, j, "possible_duplicate",
                           f"same acronym {signatories[i]['acronym']} and similar names "
                           f"({score:.0f}%)")
    out.sort(key=lambda a: a["numbers"])
    return out
