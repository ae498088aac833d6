"""Matching organisation names across spellings, scripts and languages (pure Python).

The registry receives the same organisation as ``ACAT-France``, ``ACAT France``,
``Action by Christians for the Abolition of Torture (ACAT) - France``, with a typo, in
Spanish or in Chinese, while ``ACAT-France`` and ``ACAT Belgium`` (or ``Amnesty
International`` and ``Amnesty International Mongolia``) are different organisations. This
module decides, without a database, which names probably denote the same organisation and
says why. The registry (``undersigned.orgs.selectors``), the review queue and the sign-on
widget build on it.

Public API
----------
``normalize(name, lang=None)``
    The comparison form of a name (see "Normalisation").
``analyse(name, lang=None, acronym=None) -> Profile``
    Everything the scorer needs about one name, computed once.
``score_pair(a, b) -> (score, reasons)``
    Score 0..1 of two names or profiles, with short human reasons.
``NameIndex``
    In-memory index: ``add(key, name, lang=None, acronym=None)``, ``query(name)``,
    ``also_known(key, alias)``, ``mark_distinct(a, b)``; ``NameIndex.build(rows)`` from
    ``(key, name, lang, acronym)`` tuples. One per process, kept in memory.
``match_pairs(names)``, ``cluster(names)``
    All pairs above the threshold in a list of names; connected components of those pairs.
``impersonation_check(name, known_names) -> [(index, reason)]``, ``skeleton(name)``,
``mixed_script_words(name)``
    Look-alike detection (Unicode TR39).

Normalisation
-------------
NFKC, invisible and control characters removed, case folded, Arabic letter variants unified
(taa marbuta, alef maqsura, Persian yeh and kaf; hamza seats go with the harakat) and the
article with its particles taken off (والحقوق, and لحقوق or للجنة when the rest is a lexicon
word), the hamza/ayn marks of transliterations dropped (Muʼassasat), Traditional Chinese folded to
Simplified with OpenCC ``t2s`` (so 國際特赦組織 and 国际特赦组织 are the same string),
accents removed from Latin/Greek/Cyrillic letters (combining marks U+0300-036F only, so
Indic and Arabic vowel signs survive; Arabic harakat and tatweel are removed), every dash
and quote variant unified, ``'s`` dropped, dotted abbreviations joined (``e.V.`` ->
``ev``, ``U.S.A.`` -> ``usa``), ``inter-``/``euro-`` prefixes glued, punctuation, symbols
and emoji turned into spaces, native digits made ASCII, number words (one..twenty in
en/fr/es/de, ordinals) made digits. Then articles (the, le, la, l', el, der ...),
connectors (and, &, et, y, e, und, 和, 与, 及 ...) and legal forms (Inc., Ltd, e.V., gGmbH,
ASBL, A.C., 財團法人, 社團法人, 有限公司 ...) are dropped. Prepositions are kept in
``normalize()`` (they are words people read) but ignored when comparing meaning.
Names longer than 1,000 characters are cut there: no organisation needs more.

Analysis
--------
A name is split into *views*: its words (Latin, Cyrillic, Greek, Arabic, Hangul ...), its
Chinese/Japanese runs (a bilingual ``Amnesty International 國際特赦組織`` has both), and any
long parenthesised alternative (``ACAT Germany (Action by Christians for ...)``). Each view
becomes a sequence of *units*:

* qualifiers are taken out first: countries and regions (CLDR territory names from babel
  in 13 locales plus each country's own name in its official languages (Danmark,
  Sverige, Česko), pycountry names, and ``data/places.tsv`` for short forms and demonyms such
  as UK, RDC, Ivorian), cities (CLDR exemplar cities of the time-zone database, localised),
  and section markers (Section, Chapter, Branch, 分會). They are compared separately;
* words and phrases of ``data/lexicon.tsv`` become language-neutral concept ids
  (centre/center/centro/中心 -> ``=center``); Chinese runs are segmented by longest match
  against the same lexicon and gazetteer, unknown runs kept whole;
* stop words (of, for, de, des, pour, para, por, till ...) are dropped; a word one typo
  away from a single lexicon word of 6+ letters is that word (``Internatinal``,
  ``Amnessty``: SymSpell deletions, unless the typo is a look-alike letter); other words
  are lightly stemmed (final -s);
* if the remaining units are exactly one of the forms of a known organisation
  (``data/orgs.tsv``: Amnesty International = 國際特赦組織 = Amnistía Internacional), or
  the whole core is one of its acronyms, the view becomes that organisation's id.

A one-word brand before a comma or colon and a tagline of 3+ words (``Al-Haq, Law in the
Service of Man``) gives two more views, the brand and the tagline.

Acronyms are *given* (the ``acronym`` argument, a parenthesised or trailing ``- ECAP``
token, an all-capital word - unless the whole name is in capitals) or *derived* from initials of the words, with and without the
stop words and with and without the qualifiers (``Cairo Institute for Human Rights
Studies`` -> CIHRS and IHRS).

Scoring
-------
For every pair of views, a weighted soft Jaccard of units (equal units, or plain words
within edit distance 1, 2 for 7+ letters, count for their similarity; generic words such as
"organisation" weigh 0.3) and, for views of 5+ letters, the OSA similarity of the squashed
core when it is one edit away (two when the words are cut differently:
``DefendDefenders``). The best view pair is the base score; a one-word brand that opens or
closes the other name, whose other words are all lexicon words, scores 0.85 (``Addameer``
for ``Addameer Prisoner Support and Human Rights Association``), and so does a one-word name
that the other gives in parentheses (``Dejusticia``). A few concepts that translation blurs
count as near-equal (Chinese 委员会 is a commission, a committee or a council; 联盟 an
alliance, a coalition or a league). A parenthesised acronym with a lexicon word (``(CCPR
Centre)``) is also a view of its own. Then:

* acronyms: an acronym-only name whose acronym is given or derived by the other scores
  0.92 (unless the acronym alone expands to two organisations that are not each other);
  an acronym one name states and the other spells out (in any language) scores 0.85 when
  some words agree in meaning (one word is enough for 4+ letters: DPLF);
  a shared given acronym adds 0.1 to a base of 0.5 or more; two different given acronyms
  cost 0.1;
* qualifiers: disjoint country/city sets veto the pair ("different country FR vs BE");
  a qualifier on one side only vetoes when the name is a network (``orgs.tsv`` flag, or -
  learned - its core is seen in the index with two different qualifiers, as the ACAT
  sections are), when the bare side says International and the other does not (``X
  International`` vs ``X Kenya``), or when the qualified side says Section/Chapter.
  Where the place stands matters: in parentheses or after `` - `` it says where the
  organisation is (``The Oakland Institute (United States)``: 0.05); inside the name it
  says which one it is. A country that opens the name or follows in/of/de
  (``Kenya Human Rights Commission``, ``... in Israel``) or a slash (``JRS/USA``) costs
  0.25, and so do the same words with and without a place in the name (``Social Watch``
  / ``Social Watch Benin``: a chapter or a namesake) unless the names are in different
  scripts or languages, where translators drop places; in-name places that differ in
  part (``ATTAC Berlin`` / ``ATTAC Germany``) cost 0.25 too. An acronym that includes
  the place (ACLU: American) is no qualifier difference;
* look-alikes: a name with a word mixing Latin/Cyrillic/Greek letters or a word that is a
  lexicon word with one confusable letter swapped (``lnternational``), or whose TR39
  skeleton equals the other name's while the text differs, never matches: it is for
  ``impersonation_check`` to flag;
* ``mark_distinct`` pairs score 0.

The default threshold, 0.8, was chosen on ``tests/orgs/data/labelled_names.tsv``; the
held-out set ``tests/orgs/data/heldout_names.tsv`` was not used for tuning.

Index
-----
``NameIndex`` keeps, per name, its profile and posting lists (``array('I')`` of document
numbers) keyed by units (words and concept ids), acronyms (given and derived), Chinese
character bigrams, the exact core (with and without its qualifiers) and the first and last
five letters of the squashed core (character n-gram blocks that survive a typo at the other
end). A query looks up its features rarest first and stops adding common ones once 8,000
postings are read (a name sharing most of the units contains one of the rarest); each plain
word of the query the index has never seen (and its rarest known one) is also looked up as
the indexed words within edit distance 1-2 that share its first or last three letters
(rapidfuzz over small length buckets), alone and in place of the word in the name's core.
Candidates are
ranked by the number of shared features (rare ones count double) and only the best 40 are
scored with ``score_pair``. Nothing is compared with everything. The index learns networks
as it grows: a core seen with two different qualifier sets (ACAT France, ACAT Belgium) is a
network, so the bare core no longer matches either member.

Confusables
-----------
``skeleton()`` is the TR39 skeleton from ICU's SpoofChecker (PyICU is a project
dependency, so no table of our own is needed), computed on the NFKC, space-collapsed text;
profiles keep it with and without case folding (``lnternational`` vs ``International``
needs the case, ``аmnesty`` vs ``Amnesty`` needs the folding). ``impersonation_check``
flags a known name with the same skeleton but another normalised text, and - for names
mixing scripts inside a word - a known name whose skeleton is one edit away.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

DATA = Path(__file__).with_name("data")
DEFAULT_THRESHOLD = 0.8
MAX_NAME = 1000

# ---------------------------------------------------------------------------- characters

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u061c"
                        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043\u30fc"
_QUOTES = "\u2018\u2019\u201a\u201b\u02b9\u2032\u0060\u00b4\uff07"
_TRANS = {ord(c): "-" for c in _DASHES}
_TRANS.update({ord(c): "'" for c in _QUOTES})
# ʼ ʻ ʾ ʿ mark hamza and ayn in transliterated Arabic (Muʼassasat, al-ʻArabīyah): gone
_TRANS.update({ord(c): None for c in "\u02bc\u02bb\u02be\u02bf"})
# Arabic letters that spelling varies: taa marbuta, alef maqsura, alef wasla (hamza seats
# go with the harakat below)
_TRANS.update({0x629: "\u0647", 0x649: "\u064a", 0x671: "\u0627", 0x6cc: "\u064a", 0x6a9: "\u0643"})
_TRANS.update({ord("&"): " and ", ord("+"): " and ", ord("＆"): " and "})
_CJK = ("\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
        "\U00020000-\U0002ffff")
_CJK_RE = re.compile(f"[{_CJK}]")
_SPLIT_CJK = re.compile(f"[{_CJK}]+|[^{_CJK}]+")
_HAN_RE = re.compile("[\u3400-\u9fff\uf900-\ufaff]")
_DOTTED = re.compile(r"(?<!\w)((?:\w\.){2,})")
_PREFIX = re.compile(r"\b(inter|pan|euro|afro|trans|multi|non|anti|intra|ibero|indo|sino)-(?=\w)")
_POSSESSIVE = re.compile(r"'s\b")
_CUT = re.compile(r"\b(within the framework of|in the framework of|dans le cadre de|"
                  r"en el marco de|im rahmen)\b.*$")


@functools.lru_cache(maxsize=4096)
def _char_kind(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat[0] in "PSZ" or cat == "Cc" or cat == "Cf":
        return " "
    return "k"


@functools.cache
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


def _t2s(text: str) -> str:
    if _HAN_RE.search(text):
        return _opencc().convert(text)
    return text


_CLEAN_TABLE = {c: " " for c in list(range(0, 32)) + list(range(127, 160))}
_CLEAN_TABLE.update({ord(c): None for c in _ZERO_WIDTH})


def _clean(name: str) -> str:
    """NFKC, invisible characters out, controls to spaces, whitespace collapsed."""
    if not isinstance(name, str):
        name = str(name or "")
    name = name[: MAX_NAME * 2]
    if not name.isascii():
        name = unicodedata.normalize("NFKC", name)
    return " ".join(name.translate(_CLEAN_TABLE).split())[:MAX_NAME]


_ASCII_FOLD = {c: " " for c in range(128) if not chr(c).isalnum() and chr(c) not in " '"}


def _fold(text: str) -> str:
    """Case, Chinese variants, dashes/quotes, accents, punctuation: the spelling-free text."""
    text = _t2s(text.casefold()).translate(_TRANS)
    text = _CUT.sub("", text)
    text = _PREFIX.sub(r"\1", text)
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
    text = _POSSESSIVE.sub("", text)
    if text.isascii():
        return text.replace("'", " ").translate(_ASCII_FOLD)
    text = unicodedata.normalize("NFD", text)
    out = []
    for ch in text:
        o = ord(ch)
        if o < 128:
            out.append(ch if ch.isalnum() else " ")
            continue
        if 0x300 <= o <= 0x36F or 0x64B <= o <= 0x65F or o == 0x640 or o == 0x670:
            continue
        if ch.isdigit():
            d = unicodedata.digit(ch, None)
            out.append(str(d) if d is not None else " ")
            continue
        out.append(ch if _char_kind(ch) == "k" else " ")
    return unicodedata.normalize("NFC", "".join(out))


# ---------------------------------------------------------------------------- word lists

ARTICLES = frozenset("""the a an le la les l un une el los las lo der die das den dem des_
il gli het een al""".split())
CONNECTORS = frozenset("and et y e und och og en i ou o oder or wa و".split())
# Arabic: the article and the particles written as one word with it (والحقوق, للقانون)
_AR_PREFIX = re.compile("^(?:وال|بال|فال|كال|ال)(?=[\u0621-\u064a]{2})")
LEGAL_ANYWHERE = frozenset("""inc incorporated ltd llc llp plc gmbh ggmbh ev asbl aisbl vzw
pty pvt sarl sprl npo""".split())
LEGAL_TRAILING = frozenset("limited sa ac co corp ry ab as bv nv ag srl sl ong ngo".split()) - {"ong", "ngo"}
CJK_LEGAL = ("股份有限公司", "有限责任公司", "有限公司", "财团法人", "社团法人", "公益财团法人",
             "一般社团法人", "特定非营利活动法人", "非营利组织")
STOPWORDS = frozenset("""of for the and a an to in on at by with from within into via
lil li bi fi min ala ila في من الي عن مع اجل يا
our my is we through pela pelo pelas pelos ya za untuk dan notre nos nuestra nuestro nossa nosso
unser unsere
de des du la le les l d et pour en au aux dans sur par un une avec
del el los las y e para por al con una
do da dos das em
der die das und fur von zu im am vom zur zum
di della per il lo gli
van het voor
till och for pa
s""".split())
CJK_STOP = frozenset("的 和 与 及 之 暨 以 在 于 为 对 有".split())
NUMBERS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
    "un": "1", "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "dix": "10",
    "premier": "1", "premiere": "1", "uno": "1", "dos": "2", "tres": "3", "cuatro": "4",
    "cinco": "5", "diez": "10", "primero": "1", "primera": "1", "zwei": "2", "drei": "3",
    "vier": "4", "funf": "5", "zehn": "10",
}
_ORDINAL = re.compile(r"^(\d+)(st|nd|rd|th|e|er|re|eme|o|a|ª|º)$")


def _word_tokens(text: str) -> list[str]:
    toks = []
    for tok in text.split():
        if "\u0621" <= tok[0] <= "\u064a":
            tok = _AR_PREFIX.sub("", tok)
        if tok in ARTICLES or tok in CONNECTORS or tok in LEGAL_ANYWHERE:
            continue
        if tok in NUMBERS and tok not in ("un", "e", "i"):
            tok = NUMBERS[tok]
        m = _ORDINAL.match(tok)
        if m:
            tok = m.group(1)
        toks.append(tok)
    while len(toks) > 2 and toks[-1] in LEGAL_TRAILING:
        toks.pop()
    return toks


def _cjk_clean(run: str) -> str:
    for form in CJK_LEGAL:
        run = run.replace(form, "")
    return run


def _segments(folded: str) -> list[tuple[str, object]]:
    """[("w", [tokens]) | ("c", run)] in order."""
    out: list[tuple[str, object]] = []
    for part in _SPLIT_CJK.findall(folded):
        if _CJK_RE.match(part):
            run = _cjk_clean(part)
            if run:
                out.append(("c", run))
        else:
            toks = _word_tokens(part)
            if toks:
                out.append(("w", toks))
    return out


def normalize(name: str, lang: str | None = None) -> str:
    """The comparison form of an organisation name (see the module docstring).

    ``lang`` is accepted as a hint for callers that know it; the rules apply to all
    languages at once because real names mix them (``ACAT Italia義大利基督徒...``)."""
    return _join(_segments(_fold(_clean(name))))


def _join(segments) -> str:
    parts = []
    for kind, value in segments:
        parts.append(" ".join(value) if kind == "w" else value)  # type: ignore[arg-type]
    return " ".join(parts)


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
    _WEIGHTS.update(res.weights)
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


def _stem(tok: str) -> str:
    """English/Romance plurals, lightly: missionaries -> missionary, churches -> church."""
    if len(tok) > 4 and tok.endswith("s") and not tok.endswith("ss") and tok.isalpha():
        if tok.endswith("ies") and len(tok) > 5:
            return tok[:-3] + "y"
        if tok.endswith(("ches", "shes", "xes")):
            return tok[:-2]
        return tok[:-1]
    return tok


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


@dataclass(slots=True)
class View:
    units: tuple[str, ...]
    surfaces: tuple[str, ...]
    squashed: str
    kind: str  # "w" words, "c" Chinese/Japanese
    alt: bool = False  # from a parenthesis, a tagline or a parallel title, not the name itself

    def __reduce__(self):  # positional: half the unpickling time of the default
        return (View, (self.units, self.surfaces, self.squashed, self.kind, self.alt))


@dataclass(slots=True)
class Profile:
    name: str
    norm: str
    views: tuple[View, ...]
    quals: frozenset
    section: bool
    given: frozenset
    derived: frozenset
    acronym_only: str
    core_key: str
    network: bool
    mixed: bool
    skel: str
    skel_fold: str
    derived_q: frozenset  # derived acronyms that include a qualifier word (ACLU: American)
    strong: frozenset = frozenset()  # countries that open the name or follow "in"/"of"
    inname: frozenset = frozenset()  # places in the name, not in parentheses or after " - "

    def __reduce__(self):  # profiles travel between processes when an index is built
        return (Profile, tuple(getattr(self, f.name) for f in fields(self)))


_PAREN = re.compile(r"[(\[（【]([^()\[\]（）【】]{1,200})[)\]）】]")
_TRAIL = re.compile(r"\s[-–—,:]\s*([^\s,()]{2,14})\s*$")
_ACR_TOKEN = re.compile(r"^[A-Z][A-Z0-9&.\-]{1,11}[A-Za-z]?$")
_PLACE_PREPOSITIONS = frozenset("in of en de du des del della di do da im fur i w v na".split())
_TAGLINE = re.compile(r"^\s*(\S.{2,80}?)\s+:\s+(\S+(?:\s+\S+){1,})\s*$")
_ISO_TAIL = re.compile(r"(?:,|\s[-–—])\s*([A-Z]{2})\s*$")


@functools.cache
def _iso2() -> frozenset:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


_LOC_TAIL = re.compile(r"^(.*?\S)(?:\s+[-–—]\s*|\s*,\s*)([^,\-–—]{2,60})$")
_BRAND = re.compile(r"^\s*([^\s,.:;]{4,30})\s*[,.:;]\s+(\S+(?:\s+\S+){2,})$")
_INTERN: dict = {}


def _intern(value):
    return _INTERN.setdefault(value, value)


def _initials(tokens: Sequence[str]) -> str:
    return "".join(t[0] for t in tokens if t and t[0].isalnum())


def _is_acronymish(raw: str) -> bool:
    letters = [c for c in raw if c.isalpha()]
    if not 2 <= len(letters) <= 12:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper >= max(2, len(letters) - 1) or (upper >= 2 and upper * 2 >= len(letters))


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


def analyse(name: str, lang: str | None = None, acronym: str | None = None) -> Profile:
    """Everything the scorer needs about one name."""
    res = _resources()
    clean = _clean(name)
    given: set[str] = set()
    if acronym:
        a = "".join(_fold(acronym).split())
        if a:
            given.add(a)
    alt_texts = []
    paren_quals: set[str] = set()
    main = clean
    if " = " in main:  # parallel titles: "Amnesty International Taiwan = 國際特赦組織台灣總會"
        main, *more = [part for part in main.split(" = ") if part.strip(" :=")] or [main]
        alt_texts.extend(part.strip(" :=") for part in more)
    for m in _PAREN.finditer(clean):
        inner = m.group(1).strip()
        words = inner.split()
        if len(words) <= 2 and any(_is_acronymish(w) for w in words) or (
                len(words) == 1 and 2 <= len(inner) <= 12):
            for w in re.split(r"[\s\-–—]+", inner):
                fw = "".join(_fold(w).split())
                code = res.places.get((fw,))
                if code:
                    paren_quals.add(code)
                elif fw and ((fw,) not in res.lex or len(words) == 1):
                    given.add(fw)
            if len(words) == 2 and any((_fold(w).strip(),) in res.lex for w in words) or (
                    len(words) == 1 and re.search(r"\w[-.]\w", inner)):
                alt_texts.append(inner)  # "(CCPR Centre)", "(CNCD-11.11.11)": the short name
            if len(clean[m.end():].split()) >= 2 and clean[: m.start()].strip():
                alt_texts.append(clean[: m.start()])  # "Name (PSI) global union federation"
        elif len(words) >= 2:
            alt_texts.append(inner)
        main = main.replace(m.group(0), " ")
    m = _ISO_TAIL.search(main)  # "Public Citizen, US": a country code after a comma or dash
    if m and m.group(1) in _iso2():
        paren_quals.add(m.group(1))
        main = main[: m.start()]
    m = _TRAIL.search(main)
    if m and _is_acronymish(m.group(1)):
        fw = "".join(_fold(m.group(1)).split())
        if fw and not res.places.get((fw,)):
            given.add(fw)
            main = main[: m.start()]
    letters = [c for c in main if c.isalpha()]
    shouting = sum(c.isupper() for c in letters) * 2 > len(letters)  # "HUMAN RIGHTS FORUM"
    for raw in re.split(r"[\s,;/]+", main):
        for piece in re.split(r"[-–—]", raw):
            if _ACR_TOKEN.match(piece) and _is_acronymish(piece):
                fw = "".join(_fold(piece).split())
                if not fw or (fw,) in res.places or (fw,) in res.lex or fw in STOPWORDS:
                    continue
                if shouting and len(main.split()) > 1:
                    continue
                given.add(fw)
    views: list[View] = []
    quals: set[str] = {q for q in paren_quals if q != "SECTION"}
    section = False
    derived: set[str] = set()
    derived_q: set[str] = set()
    acronym_only = ""
    m = _BRAND.match(main)
    if m:
        alt_texts.extend([m.group(1), m.group(2)])
    else:
        m = _TAGLINE.match(main)  # "Peace Brigades International : making space for peace"
        if m:
            alt_texts.append(m.group(1))
    texts = [main] + alt_texts
    for idx, text in enumerate(texts):
        segments = _segments(_fold(text))
        words = [t for kind, value in segments if kind == "w" for t in value]  # type: ignore[union-attr]
        runs = [str(value) for kind, value in segments if kind == "c"]
        merged: list[tuple[str, object]] = [("w", words)] if words else []
        merged += [("c", run) for run in runs[:1]]
        for run in runs[1:]:  # CJK runs split by punctuation are one name: units add up
            merged.append(("c+", run))
        for kind, value in merged:
            if kind == "c+":
                units, surfaces, q, s = _cjk_units(str(value), res)
                quals |= q
                section = section or s
                if views and views[-1].kind == "c":
                    last = views[-1]
                    views[-1] = View(last.units + tuple(_intern(u) for u in units),
                                     last.surfaces + tuple(surfaces),
                                     last.squashed + "".join(surfaces), "c", last.alt)
                continue
            if kind == "w":
                toks = value
                units, surfaces, q, s = _word_units(toks, res)  # type: ignore[arg-type]
                content = [t for t in toks if t not in STOPWORDS]  # type: ignore[union-attr]
                core_words = " ".join(surfaces).split()
                if len(core_words) >= 2:
                    derived.add(_initials(core_words))
                if len(content) >= 2:
                    full = {_initials(content)}
                    if len(toks) <= 8:  # type: ignore[arg-type]
                        full.add(_initials(toks))  # type: ignore[arg-type]
                    if q:
                        derived_q |= full
                    derived |= full
            else:
                units, surfaces, q, s = _cjk_units(str(value), res)
            quals |= q
            section = section or s
            if not units:
                continue
            if kind == "w" and len(units) == 1 and idx == 0:
                tok = surfaces[0]
                org = res.org_acronyms.get(tok)
                if tok in given or (len(tok) <= 6 and tok.isalnum()) or org:
                    acronym_only = tok
                if org:
                    units = [org]
            key = frozenset(u for u in units if res.weights.get(u, 1.0) >= 0.6)
            org = res.orgs.get(key)
            if org:
                units, surfaces = [org], [" ".join(surfaces)]
            if len(set(units)) < len(units):  # "Addameer ... Association Addameer": once
                seen: set[str] = set()
                keep = [i for i, u in enumerate(units) if not (u in seen or seen.add(u))]
                units, surfaces = [units[i] for i in keep], [surfaces[i] for i in keep]
            squashed = "".join(surfaces).replace(" ", "")
            views.append(View(tuple(_intern(u) for u in units), tuple(surfaces), squashed, kind,
                              idx > 0))
    # a place after a spaced dash or a comma at the end says where the organisation is
    # ("... (CEALDES) - Colombia"); a place inside the name says which one it is
    # ("Kenya Human Rights Commission", "Association for Civil Rights in Israel")
    strong: set[str] = set()
    inname: set[str] = set()
    if quals:  # most names name no place: nothing to place
        m = _LOC_TAIL.match(main)
        head = main
        if m:
            tail = [_word_units(value, res, fuzzy=False) if kind == "w"
                    else _cjk_units(str(value), res) for kind, value in _segments(_fold(m.group(2)))]
            tail_units = [u for units, _, _, _ in tail for u in units]
            tail_quals = {code for _, _, codes, _ in tail for code in codes}
            if tail and not tail_units and not all(q.startswith("R:") for q in tail_quals):
                head = m.group(1)  # (a region after a dash names a chapter: "TWN – Africa")
        folded_head = _fold(head)
        slash = re.search(r"/\s*([^/]{2,40})$", head)  # "Jesuit Refugee Service/USA"
        for kind, value in _segments(folded_head):
            if kind == "w":
                toks = list(value)  # type: ignore[arg-type]
                inname |= _word_units(toks, res, fuzzy=False)[2]
                if not slash:  # a country at the very end is where it is: "... Foundation Taiwan"
                    stripping = True
                    while toks and stripping:
                        stripping = False
                        for size in range(min(res.max_words, len(toks)), 0, -1):
                            if res.places.get(tuple(toks[-size:])):
                                # "... in Israel", "... of Pakistan" say which one: kept
                                if not (len(toks) > size and toks[-size - 1] in _PLACE_PREPOSITIONS):
                                    del toks[-size:]
                                    stripping = True
                                break
                strong |= _word_units(toks, res, fuzzy=False)[2]
            else:
                q = _cjk_units(str(value), res)[2]
                inname |= q
                if not any(form in folded_head for form in CJK_LEGAL):  # 台灣財團法人: a legal form
                    strong |= q
        strong = {q for q in strong if len(q) == 2}  # countries; regions and cities say less
    derived_q = derived_q - {_initials(" ".join(v.surfaces).split()) for v in views}
    derived = {d for d in derived if len(d) >= 2} - given
    norm = _join(_segments(_fold(clean)))
    core_units = sorted({u for v in views for u in v.units})
    core_key = "|".join(core_units)
    network = any(u in res.networks for v in views for u in v.units) or any(
        res.org_acronyms.get(a) in res.networks for a in given)
    mixed = bool(mixed_script_words(clean)) or any(
        _lookalike_word(s) for v in views if v.kind == "w" for s in v.surfaces)
    return Profile(
        name=clean, norm=norm, views=tuple(views), quals=frozenset(quals), section=section,
        strong=_intern(frozenset(strong & quals)), inname=_intern(frozenset(inname & quals)),
        given=frozenset(given), derived=frozenset(derived), acronym_only=acronym_only,
        core_key=core_key, network=network, mixed=mixed, skel=_skeleton(clean), skel_fold=_skeleton(clean.casefold()),
        derived_q=frozenset(derived_q),
    )


# ---------------------------------------------------------------------------- scoring


_WEIGHTS: dict[str, float] = {}  # the lexicon's weights, set by _resources()


def _unit_weight(unit: str) -> float:
    return _WEIGHTS.get(unit, 1.0)


# Arabic names and their Latin transliterations (الكرامة / Alkarama, الحصاد / Alhassad)
# compared by their consonants: vowels, long-vowel letters, hamza and ayn, and the final
# taa marbuta are left out, and letters transliterations confuse share one class.
_AR_CONS = dict(zip("بتثجحخدذرزسشصضطظغفقكلمنهپچژگ", "bttghkddrzsssdtzgfkklmnhbszg", strict=True))
_LAT_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"),
                 ("ph", "f"), ("ck", "k"))
_LAT_CONS = str.maketrans("qcjxvpz", "kkgkfbz", "aeiouyw")


def _arabic(word: str) -> bool:
    return "\u0621" <= word[0] <= "\u06ff"


def _undouble(word: str) -> str:
    """A letter typed twice counts once: "tann" -> "tan"."""
    return "".join(c for i, c in enumerate(word) if i == 0 or c != word[i - 1])


def _squeeze(cons: str) -> str:
    return _undouble(cons.removesuffix("h"))


@functools.lru_cache(maxsize=65536)
def _consonants(word: str) -> str:
    """The consonant skeleton of an Arabic word or of a Latin transliteration ("" if
    neither, or shorter than three consonants)."""
    if "\u0621" <= word[0] <= "\u064a":
        cons = "".join(_AR_CONS.get(c, "") for c in word)
    elif word.isascii() and word.isalpha():
        if word.startswith(("al", "el")) and len(word) >= 6:  # the article glued: Alkarama
            word = word[2:]
        for digraph, single in _LAT_DIGRAPHS:
            word = word.replace(digraph, single)
        cons = word.translate(_LAT_CONS)
    else:
        return ""
    cons = _squeeze(cons)
    return cons if len(cons) >= 3 else ""


def _consonant_keys(word: str) -> set[str]:
    """Consonant skeletons of a word, and of an Arabic word without a one-letter particle
    (بعمدون: "in Amdoun")."""
    keys = {_consonants(word)} if word else set()
    if len(word) > 3 and word[0] in "بلوفك":
        keys.add(_consonants(word[1:]))
    keys.discard("")
    return keys


# Concepts that translations blur: Chinese 委员会 is a commission, a committee or a council.
_RELATED = {frozenset(pair): sim for pair, sim in (
    (("=commission", "=committee"), 0.9), (("=committee", "=council"), 0.75),
    (("=commission", "=council"), 0.75), (("=alliance", "=coalition"), 0.75),
    (("=alliance", "=league"), 0.75),
)}
_RELATED_UNITS = frozenset(u for pair in _RELATED for u in pair)


def _soft_jaccard(a: View, b: View) -> tuple[float, list[str], int]:
    """Weighted soft Jaccard of units; (score, translated concepts, max edit distance)."""
    if a.units == b.units:
        translated = [u for u, sa, sb in zip(a.units, a.surfaces, b.surfaces, strict=True)
                      if u[0] in "=#" and sa != sb]
        return 1.0, translated, 0
    bset = set(b.units)
    matched = 0.0
    translated: list[str] = []
    edits = 0
    left_a = []
    used_b = set()
    for u, s in zip(a.units, a.surfaces, strict=True):
        if u in bset and u not in used_b:
            used_b.add(u)
            matched += _unit_weight(u)
            if u[0] in "=#":
                sb = b.surfaces[b.units.index(u)]
                if sb != s:
                    translated.append(u)
        else:
            left_a.append((u, s))
    left_b = [(u, s) for u, s in zip(b.units, b.surfaces, strict=True) if u not in used_b]
    # an Arabic name beside a Latin one: their words may be one word in two scripts
    transliterated = left_a and left_b and (
        any(_arabic(s) for _, s in left_a) and any(s.isascii() for _, s in left_b)
        or any(s.isascii() for _, s in left_a) and any(_arabic(s) for _, s in left_b))
    for u, s in left_a:
        if u in _RELATED_UNITS:
            hit = -1
            for j, (ub, sb) in enumerate(left_b):
                if sb is not None and ub[0] == "=" and frozenset((u, ub)) in _RELATED and not (
                        s.isascii() and sb.isascii()):  # a translation's blur, not two words
                    hit = j
                    break
            if hit >= 0:
                matched += _RELATED[frozenset((u, left_b[hit][0]))] * _unit_weight(u)
                translated.append(u)
                left_b[hit] = (left_b[hit][0], None)  # type: ignore[assignment]
                continue
        if transliterated and (cons := _consonant_keys(s)):
            arabic = _arabic(s)
            hit = -1
            for j, (ub, sb) in enumerate(left_b):
                if sb is not None and (u[0] not in "=#" or ub[0] not in "=#") and (
                        _arabic(sb) != arabic) and cons & _consonant_keys(sb):
                    hit = j
                    break
            if hit >= 0:  # الكرامة / Karama: the same word in two scripts
                matched += 0.8 * min(_unit_weight(u), _unit_weight(left_b[hit][0]))
                left_b[hit] = (left_b[hit][0], None)  # type: ignore[assignment]
                translated.append("~" + s)
                continue
        if len(s) < 4:
            continue
        best, best_j, best_d = 0.0, -1, 0
        for j, (_ub, sb) in enumerate(left_b):
            if sb is None or len(sb) < 4 or abs(len(sb) - len(s)) > 2:
                continue
            d = OSA.distance(s, sb, score_cutoff=2)
            limit = 1 if min(len(s), len(sb)) < 9 else 2  # Shaitair is not Khaitrair
            if d <= limit:
                sim = 1.0 - d / max(len(s), len(sb))
                if sim > best:
                    best, best_j, best_d = sim, j, d
        if best_j >= 0:
            matched += best * min(_unit_weight(u), _unit_weight(left_b[best_j][0]))
            left_b[best_j] = (left_b[best_j][0], None)  # type: ignore[assignment]
            edits = max(edits, best_d)
    get = _WEIGHTS.get
    wa = sum([get(u, 1.0) for u in a.units])
    wb = sum([get(u, 1.0) for u in b.units])
    denom = wa + wb - matched
    return (matched / denom if denom > 0 else 0.0), translated, edits


def _place(code: str) -> str:
    return code[1:].replace("_", " ").title() if code.startswith("@") else code


def score_pair(a, b, *, network=None, common=None) -> tuple[float, list[str]]:
    """Score (0..1) that two names denote the same organisation, and why.

    ``a``/``b`` are names or profiles; ``network`` is an optional callable profile -> bool
    adding learned networks (the index passes its own); ``common`` an optional callable
    unit -> bool, words too frequent in the index to be anyone's name ("Ventures")."""
    pa = a if isinstance(a, Profile) else analyse(a)
    pb = b if isinstance(b, Profile) else analyse(b)
    if not pa.views or not pb.views:
        return 0.0, ["nothing to compare"]
    if pa.mixed != pb.mixed:
        return 0.0, ["mixed scripts: possible impersonation"]
    if pa.norm == pb.norm:
        return 1.0, ["same normalized name"]
    reasons: list[str] = []
    # look-alikes: same TR39 skeleton, yet a difference normalisation does not explain
    if pa.skel == pb.skel or pa.skel_fold == pb.skel_fold:
        return 0.0, ["confusable look-alike: possible impersonation"]
    # qualifiers
    penalty = 0.0
    one_sided: tuple | None = None
    qa, qb = pa.quals, pb.quals
    if qa and qb:
        if not (qa & qb):
            return 0.0, [f"different country {'/'.join(sorted(map(_place, qa)))} vs "
                         f"{'/'.join(sorted(map(_place, qb)))}"]
        if qa == qb:
            reasons.append("same country " + "/".join(sorted(map(_place, qa))))
        elif (qa ^ qb) & (pa.inname | pb.inname):  # "ATTAC Berlin" is not "ATTAC Germany"
            penalty += 0.25
            reasons.append("places differ in part, in the name itself")
        else:
            penalty += 0.1
            reasons.append("places differ in part")
    elif (qa and pb.acronym_only in pa.derived_q) or (qb and pa.acronym_only in pb.derived_q):
        reasons.append("acronym includes the place")
    elif qa or qb:
        is_net = pa.network or pb.network or (network is not None and (network(pa) or network(pb)))
        qualified, bare = (pa, pb) if qa else (pb, pa)
        if any("=international" in v.units for v in bare.views) and not any(
                "=international" in v.units for v in qualified.views):
            is_net = True  # "X International" is the international body, "X Kenya" a member
        if is_net or qualified.section:
            where = "/".join(sorted(map(_place, qa or qb)))
            return 0.0, [f"section {where} of a network vs the network itself"]
        if qualified.strong and not bare.acronym_only and not (
                {s for s in pa.given & pb.given if len(s) >= 3}):
            # "Kenya Human Rights Commission" is not "Human Rights Commission", nor "Jesuit
            # Refugee Service/USA" the "Jesuit Refugee Service": below the threshold
            penalty += 0.25
            reasons.append("only one has a place in its name: "
                           + "/".join(sorted(map(_place, qualified.strong))))
        else:
            one_sided = (qualified, bare)  # decided below, once the words are compared
            reasons.append("only one names a place: " + "/".join(sorted(map(_place, qa or qb))))
    if pa.section != pb.section:
        penalty += 0.05
    # best view pair
    best, best_reason, best_same, best_pair = 0.0, "", 0.0, None
    for va in pa.views:
        for vb in pb.views:
            if va.alt and vb.alt:  # two taglines or catalogue notes alike say nothing
                continue
            j, translated, edits = _soft_jaccard(va, vb)
            if j > best:
                best = j
                best_same = len(set(va.surfaces) & set(vb.surfaces)) / max(
                    len(va.surfaces), len(vb.surfaces))
                best_pair = (va, vb)
                orgs = [t for t in translated if t.startswith("#")]
                words = [t[1:] for t in translated if t.startswith("=")]
                if orgs:
                    best_reason = "known organisation " + orgs[0][1:].replace("_", " ")
                elif words:
                    best_reason = "translated words: " + ", ".join(words[:4])
                elif edits:
                    best_reason = f"edit distance {edits}"
                elif j >= 0.999:
                    best_reason = "same words"
                else:
                    best_reason = f"similar words ({j:.2f})"
            sa, sb = va.squashed, vb.squashed
            if len(sa) >= 5 and len(sb) >= 5 and abs(len(sa) - len(sb)) <= 2 and va.kind == vb.kind:
                # one edit; two when the words are cut differently ("DefendDefenders"), not
                # when a short word is added ("Amnesty International ČR")
                limit = 2 if len(va.units) != len(vb.units) and min(len(sa), len(sb)) >= 14 else 1
                if limit == 2 and len(sa) != len(sb) and (
                        sa.startswith(sb) or sb.startswith(sa) or sa.endswith(sb) or sb.endswith(sa)):
                    limit = 0
                d = OSA.distance(sa, sb, score_cutoff=limit)
                if d and _short_words_differ(va, vb):
                    d = limit + 1  # "Cade Ventures" / "Cake Ventures": a name, not a typo
                if d <= limit:
                    sim = 1.0 - d / max(len(sa), len(sb))
                    if sim > best:
                        best = sim
                        best_reason = f"edit distance {d}" if d else "same letters"
    if best < 0.85:
        short = _short_name(pa, pb, common) or _short_name(pb, pa, common)
        if short:
            best, best_reason = 0.85, f"short name {short}"
    if best_reason:
        reasons.insert(0, best_reason)
    if one_sided is not None:
        # The same words with and without a place ("Social Watch" / "Social Watch Benin",
        # "Third World Network (TWN)" / "Third World Network - Africa") are a network and
        # its chapter; a translator drops or adds the place ("Judicial Reform Foundation
        # Taiwan" / 民間司法改革基金會): only then is the place a detail.
        if best_same >= 0.5 and one_sided[0].inname and not one_sided[1].acronym_only and all(
                v.kind == "w" for v in pa.views + pb.views):
            penalty += 0.25
            reasons.append("a chapter or namesake: the same words, one with a place")
        else:
            penalty += 0.05
    # acronyms
    acr_a = pa.given | pa.derived
    acr_b = pb.given | pb.derived
    if pa.acronym_only and len(pa.acronym_only) >= 2 and pa.acronym_only in (
            pb.given | {d for d in pb.derived if len(d) >= 3}) and not pb.acronym_only and len(
            pb.given) <= 2:
        if best < 0.92:
            best = 0.92
        reasons.insert(0, f"acronym {pa.acronym_only.upper()} of {pb.name}")
    elif pb.acronym_only and len(pb.acronym_only) >= 2 and pb.acronym_only in (
            pa.given | {d for d in pa.derived if len(d) >= 3}) and not pa.acronym_only and len(
            pa.given) <= 2:
        if best < 0.92:
            best = 0.92
        reasons.insert(0, f"acronym {pb.acronym_only.upper()} of {pa.name}")
    elif (cross := {s for s in (pa.given & pb.derived) | (pb.given & pa.derived) if len(s) >= 3}
          ) and best >= (0.1 if max(map(len, cross)) >= 4 else 0.4) and not _own_names_differ(best_pair):
        # One name states its acronym, the other (often in another language) spells out
        # the words it stands for, and some words agree in meaning: CPJ / Committee to
        # Protect Journalists beside Comité para la Protección de los Periodistas (CPJ).
        # Four letters or more rarely agree by chance: one shared word is enough (DPLF:
        # Due Process of Law Foundation / Fundación para el Debido Proceso (DPLF)).
        best = max(best, 0.85)
        reasons.insert(0, "acronym " + ", ".join(sorted(s.upper() for s in cross))
                       + " spelled out in the other name")
    else:
        shared = pa.given & pb.given
        shared = {s for s in shared if len(s) >= 3}
        if shared:
            if best >= 0.5:  # a shared acronym confirms similar names, it cannot make them
                best = min(1.0, best + 0.1)
            reasons.insert(0, "same acronym " + ", ".join(sorted(s.upper() for s in shared)))
        elif pa.given and pb.given and not (pa.given & acr_b) and not (pb.given & acr_a):
            best -= 0.1
            reasons.append("different acronyms")
    score = max(0.0, min(1.0, best - penalty))
    return round(score, 3), reasons


def _short_words_differ(va: View, vb: View) -> bool:
    """A short word of a name (5 letters or fewer, outside the lexicon) missing from the
    other: one letter there makes another name, not a typo."""
    for x, y in ((va, vb), (vb, va)):
        other = set(y.surfaces)
        for u, s in zip(x.units, x.surfaces, strict=True):
            if len(s) > 5 or u[0] in "=#" or s in other:
                continue
            if any(uy[0] in "=#" and OSA.distance(s, w, score_cutoff=2) <= 2
                   for uy, sy in zip(y.units, y.surfaces, strict=True) for w in sy.split()):
                continue  # a lexicon word misspelt: "Freedom Hosue"
            if any(_undouble(s) == _undouble(sy) for sy in other):
                continue  # a letter typed twice: "Viet Tann"
            return True
    return False


def _own_names_differ(pair) -> bool:
    """Both views keep a word of their own outside the lexicon (``Sunus Council for Youth``
    / ``Sousis Council for Youth``): namesakes, whatever their initials say."""
    if pair is None:
        return False
    va, vb = pair
    own_a = {s for u, s in zip(va.units, va.surfaces, strict=True) if u[0] not in "=#"} - set(vb.surfaces)
    own_b = {s for u, s in zip(vb.units, vb.surfaces, strict=True) if u[0] not in "=#"} - set(va.surfaces)
    return bool(own_a) and bool(own_b)


_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def _short_name(pa: Profile, pb: Profile, common=None) -> str:
    """``Addameer`` for ``Addameer Prisoner Support and Human Rights Association``: a one-word
    name (not a dictionary word, nor a word many names share) that opens or closes the other,
    whose other words are all lexicon words (what the organisation is, not who)."""
    if len(pa.views) != 1 or len(pa.views[0].units) != 1 or pa.inname:
        return ""  # "Jubilee Scotland" is a brand and a place: a chapter, not a short name
    brand = pa.views[0].units[0]
    if brand[0] in "=#" or len(brand) < 5 or (common is not None and common(brand)):
        return ""
    words = [w for w in _WORD.findall(pa.name) if w.casefold() not in ARTICLES]
    if len(words) != 1:  # "AnD Ventures", "A* Capital": not one word
        return ""
    if pa.views[0].squashed in pb.given and len(pb.given) <= 2:  # Dejusticia / ... (Dejusticia)
        return brand
    for v in pb.views:
        if v.kind == "w" and len(v.units) > 1 and brand in (v.units[0], v.units[-1]):
            rest = [u for u in v.units if u != brand]
            if len(rest) <= 4 and all(u[0] == "=" for u in rest):
                return brand
    return ""


# ---------------------------------------------------------------------------- index


@dataclass(slots=True)
class Match:
    key: object
    score: float
    reasons: list[str]
    name: str = ""


def _features(p: Profile) -> list[str]:
    feats = set()
    for v in p.views:
        for u in v.units:
            feats.add("u:" + u)
        if v.kind == "c":
            text = "".join(v.surfaces)
            for i in range(len(text) - 1):
                feats.add("k:" + text[i:i + 2])
        if len(v.squashed) >= 5:
            feats.add("p:" + v.squashed[:5])
            feats.add("s:" + v.squashed[-5:])
    for a in p.given:
        feats.add("a:" + a)
    for a in p.derived:
        if len(a) >= 3:
            feats.add("a:" + a)
    for q in p.quals:
        feats.add("q:" + q)
    if p.core_key:
        feats.add("c:" + p.core_key)
        if p.quals:
            feats.add("x:" + p.core_key + "@" + ",".join(sorted(p.quals)))
    return list(feats)


def index_features(profile: Profile) -> list[str]:
    """The posting-list keys of an analysed name (for building an index in parallel)."""
    return _features(profile)


class NameIndex:
    """In-memory candidate index over organisation names.

    Keys are whatever the caller uses (organisation pks); one key may have many names.
    Build it once per process (``NameIndex.build(rows)``) and keep it."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, max_candidates: int = 40,
                 max_postings: int = 8_000):
        self.threshold = threshold
        self.max_candidates = max_candidates
        self.max_postings = max_postings
        self._keys: list = []
        self._profiles: list[Profile | None] = []
        self._by_key: dict = defaultdict(list)
        self._post: dict[str, array] = {}
        self._vocab_list: list[str] = []
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._similar_cache: dict[str, list[str]] = {}
        self._distinct: set[frozenset] = set()
        self._core_quals: dict[str, object] = {}
        self._skel: dict[str, list[int]] | None = None

    # -- building
    @classmethod
    def build(cls, rows: Iterable[tuple], **kwargs) -> NameIndex:
        """From (key, name[, lang[, acronym]]) tuples."""
        index = cls(**kwargs)
        for row in rows:
            index.add(*row)
        return index

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key, name: str, lang: str | None = None, acronym: str | None = None) -> bool:
        """Index one name of an organisation; False when the name has nothing to match."""
        profile = analyse(name, lang=lang, acronym=acronym)
        return self.add_profile(key, profile)

    def add_profile(self, key, profile: Profile, features: Sequence[str] | None = None) -> bool:
        """Index an analysed name; ``features`` (``index_features(profile)``) may come from
        the process that analysed it."""
        if not profile.views or len(profile.norm) < 2:
            return False
        doc = len(self._keys)
        self._keys.append(key)
        self._profiles.append(profile)
        self._by_key[key].append(doc)
        for f in features if features is not None else _features(profile):
            post = self._post.get(f)
            if post is None:
                post = self._post[f] = array("I")
                if f.startswith("u:") and f[2] not in "=#" and len(f) >= 6:
                    self._add_vocab(f[2:])
            post.append(doc)
        if profile.core_key:
            seen = self._core_quals.get(profile.core_key)
            if profile.quals:
                if seen is None:
                    self._core_quals[profile.core_key] = profile.quals
                elif seen != "MULTI" and seen != profile.quals:
                    self._core_quals[profile.core_key] = "MULTI"
        if self._skel is not None:
            self._skel.setdefault(profile.skel, []).append(doc)
            if profile.skel_fold != profile.skel:
                self._skel.setdefault(profile.skel_fold, []).append(doc)
        return True

    def _add_vocab(self, token: str) -> None:
        self._vocab_list.append(token)
        n = len(token)
        self._buckets[(token[:3], n)].append(token)
        self._buckets[("$" + token[-3:], n)].append(token)
        if self._similar_cache:
            self._similar_cache.clear()

    def also_known(self, key, alias: str, lang: str | None = None) -> bool:
        """Teach the index a name a reviewer merged into ``key``."""
        return self.add(key, alias, lang=lang)

    def mark_distinct(self, key_a, key_b) -> None:
        """Record a "not the same organisation" decision: the pair is never proposed again."""
        self._distinct.add(frozenset((key_a, key_b)))

    def is_common(self, unit: str) -> bool:
        """A word in so many names (10, or 1 in 200) that it names no one: "Ventures"."""
        return len(self._post.get("u:" + unit, ())) >= max(10, len(self._keys) // 200)

    def is_network(self, profile: Profile) -> bool:
        return profile.network or self._core_quals.get(profile.core_key) == "MULTI"

    # -- querying
    def _similar_tokens(self, token: str) -> list[str]:
        """Indexed words within edit distance 1 (2 for words of 7+ letters) that share the
        first or the last three letters: a typo rarely hits both ends."""
        cached = self._similar_cache.get(token)
        if cached is not None:
            return cached
        limit = 1 if len(token) < 7 else 2
        pool: list[str] = []
        n = len(token)
        for size in range(n - limit, n + limit + 1):
            pool.extend(self._buckets.get((token[:3], size), ()))
            pool.extend(self._buckets.get(("$" + token[-3:], size), ()))
        out = []
        if pool:
            for cand, _, _ in process.extract(token, pool, scorer=OSA.distance,
                                              score_cutoff=limit, limit=40):
                if cand != token and cand not in out:
                    out.append(cand)
        if len(self._similar_cache) > 100_000:
            self._similar_cache.clear()
        self._similar_cache[token] = out
        return out

    def _candidates(self, p: Profile, want: int) -> list[int]:
        """Documents sharing the query's rarest features (see the module docstring)."""
        feats = _features(p)
        if p.acronym_only:
            feats.append("a:" + p.acronym_only)
        for a in p.given | {d for d in p.derived if len(d) >= 3}:
            feats.append("u:" + a)
        # words the index has never seen are probably misspelt: look up their neighbours,
        # and the name's core with the neighbour in place of the word ("ActjionAid Palau" ->
        # the core "actionaid" with the place PW: rare, so counted first). Of the words it
        # knows, only a rare one (a brand) is looked up, its namesakes one letter away.
        words = [f for f in feats if f.startswith("u:") and f[2] not in "=#" and len(f) >= 6]
        plain = [f for f in words if f not in self._post]
        known = sorted((len(self._post[f]), f) for f in words if f in self._post)
        if known and known[0][0] <= 3:
            plain.append(known[0][1])
        extra = []
        units = p.core_key.split("|") if p.core_key else []
        places = ",".join(sorted(p.quals))
        for f in plain[:3]:
            for near in self._similar_tokens(f[2:])[:10]:
                extra.append("u:" + near)
                if f[2:] in units:
                    core = "|".join(sorted({near if u == f[2:] else u for u in units}))
                    extra.append("c:" + core)
                    if places:
                        extra.append("x:" + core + "@" + places)
        items = []
        for f in set(feats).union(extra):
            post = self._post.get(f)
            if post:
                items.append((len(post), f, post))
        items.sort(key=lambda x: x[0])
        counts: Counter = Counter()
        spent = 0
        for df, f, post in items:
            if spent + df > self.max_postings and counts:
                continue
            if df > self.max_postings:
                post = post[: self.max_postings]
            counts.update(post)
            if df <= 64 or f[0] in "cx":  # rare features and the exact core count double
                counts.update(post)
            spent += len(post)
        if len(counts) <= want:
            return list(counts)
        return [d for d, _ in counts.most_common(want)]

    def query(self, name, limit: int = 10, threshold: float | None = None,
              lang: str | None = None, acronym: str | None = None,
              exclude=None) -> list[Match]:
        """Best organisations for a name (or a Profile), one Match per key, best first.

        ``exclude`` is the key the name belongs to, if any: that key is left out, and so is
        every key ``mark_distinct`` separated from it."""
        threshold = self.threshold if threshold is None else threshold
        p = name if isinstance(name, Profile) else analyse(name, lang=lang, acronym=acronym)
        if not p.views or len(p.norm) < 2 or not self._keys:
            return []
        best: dict = {}
        for doc in self._candidates(p, self.max_candidates):
            key = self._keys[doc]
            if exclude is not None and key == exclude:
                continue
            other = self._profiles[doc]
            if other.acronym_only and not p.acronym_only and any(
                    not self._profiles[d].acronym_only for d in self._by_key[key]):
                # an organisation with full names is found by them; through its bare
                # acronym only when the query is an acronym too (3 letters collide often)
                continue
            score, reasons = score_pair(p, other, network=self.is_network, common=self.is_common)
            if score < threshold:
                continue
            if exclude is not None and frozenset((exclude, key)) in self._distinct:
                continue
            cur = best.get(key)
            if cur is None or score > cur.score:
                best[key] = Match(key, score, reasons, other.name)
        out = sorted(best.values(), key=lambda m: (-m.score, str(m.key)))
        if p.acronym_only:
            out = self._ambiguous_acronym(p.acronym_only, out, threshold)
        return out[:limit]

    def _ambiguous_acronym(self, acr: str, out: list[Match], threshold: float) -> list[Match]:
        """An acronym alone that expands to two organisations that are not each other is
        ambiguous (ALRC: Asian / African Legal Resource Centre): not proposed as a match."""
        by_acronym = [m for m in out if m.reasons and m.reasons[0].startswith("acronym ")]
        if len(by_acronym) < 2:
            return out
        profiles = {id(m): self._profiles[self._by_key[m.key][0]] for m in by_acronym}
        given = [m for m in by_acronym if acr in profiles[id(m)].given]
        if given:  # names that state the acronym themselves win over guessed expansions
            drop = {id(m) for m in by_acronym if m not in given}
            return [m for m in out if id(m) not in drop]
        first = profiles[id(by_acronym[0])]
        for other in by_acronym[1:]:
            if score_pair(first, profiles[id(other)], network=self.is_network)[0] < threshold:
                drop = {id(m) for m in by_acronym}
                return [m for m in out if id(m) not in drop]
        return out

    def query_key(self, key, limit: int = 10, threshold: float | None = None) -> list[Match]:
        """Other organisations that one of ``key``'s names matches (for the review queue)."""
        found: dict = {}
        for doc in self._by_key.get(key, ()):
            for m in self.query(self._profiles[doc], limit=limit, threshold=threshold, exclude=key):
                if m.key not in found or m.score > found[m.key].score:
                    found[m.key] = m
        return sorted(found.values(), key=lambda m: (-m.score, str(m.key)))[:limit]

    def impersonations(self, name: str) -> list[tuple[object, str]]:
        """Keys whose names look like ``name`` (same TR39 skeleton, with or without case
        folding) but are written otherwise. The skeleton map is built on first use."""
        if self._skel is None:
            skel: dict[str, list[int]] = defaultdict(list)
            for doc, p in enumerate(self._profiles):
                skel[p.skel].append(doc)
                if p.skel_fold != p.skel:
                    skel[p.skel_fold].append(doc)
            self._skel = skel
        p = analyse(name)
        out = []
        seen = set()
        for s in {p.skel, p.skel_fold}:
            for doc in self._skel.get(s, ()):
                other = self._profiles[doc]
                if doc not in seen and other.norm != p.norm:
                    seen.add(doc)
                    out.append((self._keys[doc], _impersonation_reason(p.name, other.name)))
        return out


# ---------------------------------------------------------------------------- lists


def match_pairs(names: Sequence[str], threshold: float = DEFAULT_THRESHOLD,
                langs: Sequence[str | None] | None = None) -> list[dict]:
    """All pairs of names (by position) scoring at least ``threshold``, best first."""
    # a list is small: every name may look at more candidates than a live suggestion does
    index = NameIndex(threshold=threshold, max_candidates=100, max_postings=20_000)
    profiles: dict[int, Profile] = {}
    for i, name in enumerate(names):
        if not name or not str(name).strip():
            continue
        p = analyse(name, lang=langs[i] if langs else None)
        if index.add_profile(i, p):
            profiles[i] = p
    seen: dict[tuple[int, int], dict] = {}
    for i, p in profiles.items():
        for m in index.query(p, limit=50, threshold=threshold, exclude=i):
            if profiles[m.key].acronym_only and not p.acronym_only:  # type: ignore[index]
                continue  # the acronym's own query decides (and knows when it is ambiguous)
            a, b = min(i, m.key), max(i, m.key)  # type: ignore[type-var]
            if (a, b) not in seen:
                seen[(a, b)] = {"a": a, "b": b, "score": m.score, "reasons": m.reasons}
    return sorted(seen.values(), key=lambda d: (-d["score"], d["a"], d["b"]))


def cluster_pairs(n: int, pairs: Iterable[dict]) -> list[list[int]]:
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        ra, rb = find(pair["a"]), find(pair["b"])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def cluster(names: Sequence[str], threshold: float = DEFAULT_THRESHOLD) -> list[list[int]]:
    """Groups (of 2+ positions) of names that denote one organisation: union-find over
    ``match_pairs``. Singletons are left out."""
    return cluster_pairs(len(names), match_pairs(names, threshold=threshold))


# ---------------------------------------------------------------------------- impersonation


def evaluate(rows: Sequence[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD) -> dict:
    """Pairwise precision, recall and F1 of ``cluster`` against labelled (name, cluster-id)
    rows; also the false positive and false negative pairs (as name pairs)."""
    names = [r[0] for r in rows]
    labels = [r[1] for r in rows]
    pairs = match_pairs(names, threshold=threshold)
    predicted = cluster_pairs(len(names), pairs)
    got = set()
    for group in predicted:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                got.add((a, b))
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        if normalize(names[i]):
            by_label[label].append(i)
    truth = set()
    for members in by_label.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                truth.add((a, b))
    tp = len(got & truth)
    precision = tp / len(got) if got else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    direct = {(p["a"], p["b"]): p for p in pairs}
    return {
        "precision": precision, "recall": recall, "f1": f1, "pairs": len(got),
        "true_pairs": len(truth),
        "false_positives": sorted((names[a], names[b], direct.get((a, b), {}).get("score"))
                                  for a, b in got - truth),
        "false_negatives": sorted((names[a], names[b]) for a, b in truth - got),
    }


def pooled(results: Iterable[dict]) -> dict:
    """Pairs of several ``evaluate`` results pooled (lists matched and labelled one by one):
    right, wrong and missed pairs, precision, recall and F1."""
    right = wrong = missed = 0
    for r in results:
        wrong += len(r["false_positives"])
        missed += len(r["false_negatives"])
        right += r["pairs"] - len(r["false_positives"])
    precision = right / (right + wrong) if right + wrong else 1.0
    recall = right / (right + missed) if right + missed else 1.0
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "right": right, "wrong": wrong,
            "missed": missed}


def read_labelled(path) -> list[tuple[str, str]]:
    """(name, cluster-id) rows of a TSV file; ``#`` lines are comments."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, label = line.rpartition("\t")
        rows.append((name, label.strip()))
    return rows


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
