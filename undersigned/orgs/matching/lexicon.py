"""Stage 2, lexicon: concepts, places and well-known organisations, loaded once from the data
files and CLDR (see docs/matching.md). ``load()`` returns the one ``Lexicon``."""
from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import OSA

from .text import (
    CJK_STOP,
    STOPWORDS,
    _clean,
    _fold,
    _segments,
    _stem,
)

DATA = Path(__file__).resolve().parent.parent / "data"

# ---------------------------------------------------------------------------- resources


def _read_tsv(path: Path) -> Iterable[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield line.rstrip("\n").split("\t")


def _term_forms(term: str) -> list[tuple[str, object]]:
    return _segments(_fold(_clean(term)))


_CITY_STOP = frozenset("""christmas easter resolute hope palmer troll casey davis wake midway
knox marengo stanley swift current boise guernsey jersey isle of man vevay tell city winamac
petersburg vincennes center new salem beulah monticello louisville chatham norfolk truk
ponape chuuk pohnpei kosrae majuro kwajalein enderbury kanton fakaofo wallis efate
noronha araguaina bahia belem maceio recife santarem eirunepe rio branco porto velho
boa vista manaus cuiaba campo grande macquarie lord howe broken hill lindeman currie
south georgia st helena reunion mayotte comoro mahe chagos cocos kerguelen syowa mawson
vostok rothera mcmurdo dumontdurville""".split())
_CLDR_LOCALES = ("en", "fr", "es", "de", "pt", "it", "nl", "ru", "ar", "zh_Hans", "zh_Hant",
                 "ja", "ko")
_REGIONS = {"002", "019", "142", "150", "009", "419", "005", "013", "021", "145", "015", "011",
            "014", "017", "018", "030", "034", "035", "039", "151", "154", "155", "029"}
_PLACE_BLOCK = frozenset({"island", "maurice", "man", "chad_", "georgia_", "us", "niger_"})


@dataclass
class _Resources:
    lex: dict = field(default_factory=dict)        # word tuple -> (concept, weight)
    places: dict = field(default_factory=dict)     # word tuple -> code
    cjk: dict = field(default_factory=dict)        # str -> ("c", concept, w) | ("q", code)
    max_words: int = 1
    max_cjk: int = 1
    orgs: dict = field(default_factory=dict)       # frozenset(units) -> org id
    org_acronyms: dict = field(default_factory=dict)  # acronym -> org id
    networks: set = field(default_factory=set)     # org ids
    weights: dict = field(default_factory=dict)    # unit -> weight


def _add_place(res: _Resources, term: str, code: str, override: bool = False) -> None:
    for kind, value in _term_forms(term):
        if kind == "w":
            key = tuple(value)  # type: ignore[arg-type]
            if len(key) == 1 and key[0] in _PLACE_BLOCK:
                continue
            if not override and ((len(key) == 1 and len(key[0]) < 3) or key in res.lex):
                continue
            if override or key not in res.places:
                res.places[key] = code
            res.max_words = max(res.max_words, len(key))
        else:
            run = str(value)
            if len(run) < 2:
                continue
            if override or run not in res.cjk or res.cjk[run][0] != "q":
                res.cjk[run] = ("q", code)
            res.max_cjk = max(res.max_cjk, len(run))


@functools.cache
def _resources() -> _Resources:
    res = _Resources()
    # lexicon first: places of the same length win over it below, then manual entries last
    for row in _read_tsv(DATA / "lexicon.tsv"):
        concept, weight, terms = row[0], float(row[1]), row[2]
        unit = "=" + concept
        res.weights[unit] = weight
        for term in terms.split("|"):
            for kind, value in _term_forms(term):
                if kind == "w":
                    key = tuple(value)  # type: ignore[arg-type]
                    res.lex[key] = (unit, weight)
                    res.max_words = max(res.max_words, len(key))
                else:
                    res.cjk[str(value)] = ("c", unit, weight)
                    res.max_cjk = max(res.max_cjk, len(str(value)))
    # CLDR territory names and exemplar cities in several locales, pycountry names
    from babel import Locale
    from babel.core import get_global

    zone_territories = get_global("zone_territories")
    for loc in _CLDR_LOCALES:
        locale = Locale.parse(loc)
        for code, label in locale.territories.items():
            if len(code) == 2 and code.isalpha() and code not in {"EU", "EZ", "UN", "QO", "ZZ"}:
                _add_place(res, label, code)
                if loc == "ar":  # the nisba adjective: تونس -> تونسي, تونسيه (Tunisian)
                    forms = _term_forms(label)
                    if len(forms) == 1 and forms[0][0] == "w" and len(forms[0][1]) == 1:
                        base = forms[0][1][0].removesuffix("ا")  # type: ignore[index]
                        if len(base) >= 3:
                            _add_place(res, base + "ي", code)
                            _add_place(res, base + "يه", code)
            elif code in _REGIONS:
                _add_place(res, label, "R:" + code)
        for tz, info in locale.time_zones.items():
            city = info.get("city") if hasattr(info, "get") else None
            if city and tz in zone_territories and not tz.startswith(("Antarctica", "Etc")):
                if _fold(city).strip() not in _CITY_STOP:
                    _add_place(res, city, "@" + tz.rsplit("/", 1)[-1].lower())
    # each country's own name in its official languages (Danmark, Sverige, Česko, مصر ...)
    from babel.core import UnknownLocaleError
    from babel.languages import get_official_languages

    for code in Locale.parse("en").territories:
        if len(code) != 2 or not code.isalpha() or code in {"EU", "EZ", "UN", "QO", "ZZ"}:
            continue
        for lang in get_official_languages(code, de_facto=True):
            try:
                label = Locale.parse(lang).territories.get(code)
            except UnknownLocaleError:  # a language CLDR has no locale data for
                label = None
            if label:
                _add_place(res, label, code)
    for tz in zone_territories:
        if tz.startswith(("Antarctica", "Etc", "Pacific", "Indian", "Atlantic")) or "/" not in tz:
            continue
        city = tz.rsplit("/", 1)[-1].replace("_", " ")
        if _fold(city).strip() not in _CITY_STOP:
            _add_place(res, city, "@" + city.lower().replace(" ", "_"))
    import pycountry

    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            label = getattr(country, attr, None)
            if label:
                _add_place(res, label, country.alpha_2)
    for row in _read_tsv(DATA / "places.tsv"):
        code, terms = row[0], row[1]
        for term in terms.split("|"):
            _add_place(res, term, code, override=True)
            for masc, fem in (("ien", "ienne"), ("ain", "aine"), ("ais", "aise"), ("ois", "oise")):
                if term.endswith(masc) and code != "SECTION":  # tunisien -> tunisienne
                    _add_place(res, term + fem[len(masc):], code)
    # known organisations
    for row in _read_tsv(DATA / "orgs.tsv"):
        org, flags, acronyms, forms = row[0], row[1], row[2], row[3]
        unit = "#" + org
        if "network" in flags:
            res.networks.add(unit)
        for acr in filter(None, acronyms.split("|")):
            res.org_acronyms[acr.lower()] = unit
        for form in forms.split("|"):
            for kind, value in _term_forms(form):
                if kind == "w":
                    units, _, quals, _ = _word_units(value, res, fuzzy=False)  # type: ignore[arg-type]
                else:
                    units, _, quals, _ = _cjk_units(str(value), res)
                key = frozenset(u for u in units if res.weights.get(u, 1.0) >= 0.6)
                if key and not quals:
                    res.orgs.setdefault(key, unit)
                    if unit in res.networks:  # Greenpeace = Greenpeace International
                        res.orgs.setdefault(key | {"=international"}, unit)
    return res


# ---------------------------------------------------------------------------- analysis


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@functools.cache
def _lexicon_deletes() -> dict[str, list[tuple[str, str]]]:
    """Single-word lexicon terms (6+ letters) and organisation acronyms by their one-letter
    deletions, for typo-tolerant look-up (SymSpell, distance 1)."""
    res = _resources()
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, (unit, _) in res.lex.items():
        if len(key) == 1 and len(key[0]) >= 6:
            for d in _deletes(key[0]) | {key[0]}:
                out[d].append((key[0], unit))
    for acr, unit in res.org_acronyms.items():
        if len(acr) >= 6:
            for d in _deletes(acr) | {acr}:
                out[d].append((acr, unit))
    return out


@functools.lru_cache(maxsize=200_000)
def _near_lexicon(tok: str) -> str | None:
    """The concept of a lexicon word one typo away from ``tok`` (``internatinal``,
    ``amnessty``), unless the swap is a look-alike letter (then it is an impersonation)."""
    if _lookalike_word(tok):
        return None
    table = _lexicon_deletes()
    found = set()
    for d in _deletes(tok) | {tok}:
        for word, unit in table.get(d, ()):
            if word != tok and OSA.distance(word, tok, score_cutoff=1) <= 1:
                found.add(unit)
    if len(found) > 1:  # "amnesty" is a word and an acronym: the word
        found = {u for u in found if u[0] == "="}
    return found.pop() if len(found) == 1 else None



def _word_units(tokens: Sequence[str], res: _Resources, fuzzy: bool = True):
    """tokens -> (units, surfaces, qualifiers, section flag)."""
    units: list[str] = []
    surfaces: list[str] = []
    quals: set[str] = set()
    section = False
    i, n = 0, len(tokens)
    while i < n:
        hit = None
        tok = tokens[i]
        if "\u0621" <= tok[0] <= "\u064a" and len(tok) > 3 and (tok,) not in res.lex:
            # particles written as one word with the next: لحقوق, وحقوق, للقانون (li + al),
            # للجنة (li + al + lajna keeps one lam)
            for cand in ((tok[2:], tok[1:]) if tok.startswith("لل") else (tok[1:],)
                         if tok[0] in "لبوفك" else ()):
                if (cand,) in res.lex or (cand,) in res.places:
                    tokens = list(tokens)
                    tokens[i] = cand
                    break
        for size in range(min(res.max_words, n - i), 0, -1):
            key = tuple(tokens[i:i + size])
            code = res.places.get(key)
            if code is not None:
                hit = ("q", code, size)
                break
            lex = res.lex.get(key)
            if lex is not None:
                hit = ("c", lex[0], size)
                break
        if hit is None:
            tok = tokens[i]
            if tok not in STOPWORDS:
                near = _near_lexicon(tok) if fuzzy and len(tok) >= 6 else None
                units.append(near or _stem(tok))
                surfaces.append(tok)
            i += 1
            continue
        kind, value, size = hit
        if kind == "q":
            if value == "SECTION":
                section = True
            else:
                quals.add(value)
        else:
            units.append(value)
            surfaces.append(" ".join(tokens[i:i + size]))
        i += size
    return units, surfaces, quals, section


def _cjk_units(run: str, res: _Resources):
    units: list[str] = []
    surfaces: list[str] = []
    quals: set[str] = set()
    section = False
    i, n = 0, len(run)
    unknown_start = None

    def flush(end: int) -> None:
        nonlocal unknown_start
        if unknown_start is not None:
            text = run[unknown_start:end]
            units.append(text)
            surfaces.append(text)
            unknown_start = None

    while i < n:
        hit = None
        for size in range(min(res.max_cjk, n - i), 1, -1):
            entry = res.cjk.get(run[i:i + size])
            if entry is not None:
                hit = (entry, size)
                break
        if hit is None:
            entry = res.cjk.get(run[i])
            if entry is not None:
                hit = (entry, 1)
        if hit is None:
            if run[i] in CJK_STOP:
                flush(i)
            elif unknown_start is None:
                unknown_start = i
            i += 1
            continue
        flush(i)
        entry, size = hit
        if entry[0] == "q":
            if entry[1] == "SECTION":
                section = True
            else:
                quals.add(entry[1])
        else:
            units.append(entry[1])
            surfaces.append(run[i:i + size])
        i += size
    flush(n)
    return units, surfaces, quals, section



_SWAPS = (("l", "i"), ("i", "l"), ("0", "o"), ("1", "l"), ("1", "i"), ("rn", "m"),
          ("vv", "w"), ("cl", "d"), ("5", "s"))


@functools.lru_cache(maxsize=65536)
def _lookalike_word(word: str) -> bool:
    """A word that is not in the lexicon but becomes a lexicon word when one confusable
    letter is swapped (``lnternational``, ``0rganisation``, ``rnovement``)."""
    lex = _resources().lex
    if (word,) in lex or len(word) < 5:
        return False
    for a, b in _SWAPS:
        start = word.find(a)
        while start >= 0:
            if (word[:start] + b + word[start + len(a):],) in lex:
                return True
            start = word.find(a, start + 1)
    return False




# ---------------------------------------------------------------------------- countries


def country_of(text: str) -> str | None:
    """The ISO 3166 alpha-2 code of a country named by the whole of ``text``, in any of the
    lexicon's languages and scripts (``Danmark``, ``Côte d'Ivoire``, ``RDC``, ``台灣``,
    ``مصر``); None when the text is not (only) a country."""
    res = _resources()
    segments = _segments(_fold(_clean(text or "")))
    if len(segments) != 1:
        return None
    kind, value = segments[0]
    if kind == "w":
        code = res.places.get(tuple(value))  # type: ignore[arg-type]
    else:
        entry = res.cjk.get(str(value))
        code = entry[1] if entry and entry[0] == "q" else None
    return code if code and len(code) == 2 and code.isalpha() else None


def countries_in(text: str) -> set[str]:
    """The ISO 3166 alpha-2 codes of the countries a name mentions (``ACAT Italia``,
    ``... in Togo``, ``國際特赦組織台灣分會``)."""
    res = _resources()
    found: set[str] = set()
    for kind, value in _segments(_fold(_clean(text or ""))):
        quals = (_word_units(value, res, fuzzy=False)[2] if kind == "w"  # type: ignore[arg-type]
                 else _cjk_units(str(value), res)[2])
        found |= {q for q in quals if len(q) == 2 and q.isalpha()}
    return found
