"""Small word lists the importers rely on, built once and cached.

* Country names -> ISO 3166 alpha-2, from pycountry (English names, official and common
  names) and Babel's CLDR territory names in the languages our coalitions write in
  (en fr es pt de it nl ru ar zh-Hant zh-Hans tr), plus a handful of usual aliases
  (UK, USA, DRC/RDC, Ivory Coast...).  Regions and groupings (Africa, EU, UN) are left
  out on purpose: "CIDH AFRICA" is not a country.
* Month names in the same languages (CLDR, wide and abbreviated, format and stand-alone,
  so Russian genitive "февраля" and French "févr." both work), and the Levantine Arabic
  month names CLDR does not carry.
* Stop words to tell the language of a Latin-script text, with a few name words each.
* A cross-language lexicon mapping words of organisation names to one concept
  (centro/centre/center -> center), used to spot one organisation listed under its
  English and its Spanish name.
* A deliberately small list of misspellings seen in real sign-on lists.

Everything here is data; nothing talks to the network.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CLDR_LOCALES = ["en", "fr", "es", "pt", "de", "it", "nl", "ru", "ar", "zh_Hant", "zh_Hans", "tr"]
# Country names are looked up in more languages than months: a country written after a
# name in any of these is an annotation (", Kenya", " – Кения", "، كينيا", "（肯亞）").
COUNTRY_LOCALES = CLDR_LOCALES + [
    "uk", "pl", "cs", "sv", "da", "nb", "fi", "el", "he", "fa", "ur", "hi", "bn", "id",
    "ms", "vi", "th", "ja", "ko", "sw", "am", "ha", "tl", "ro", "hu", "ca", "eu", "gl",
    "hr", "sr", "bg", "ka", "hy", "az", "kk", "uz", "ps", "ne", "si", "my", "km"]

# Codes Babel lists among territories that are not countries (regions, groupings, unknown).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "CP", "DG", "EA", "IC", "TA"}

COUNTRY_ALIASES = {
    "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "usa": "US", "u.s.a.": "US", "us": "US", "u.s.": "US", "united states": "US",
    "etats-unis": "US", "eeuu": "US", "ee.uu.": "US",
    "drc": "CD", "rdc": "CD", "dr congo": "CD", "congo-kinshasa": "CD",
    "democratic republic of congo": "CD", "democratic republic of the congo": "CD",
    "congo-brazzaville": "CG", "congo": "CG", "republic of congo": "CG",
    "ivory coast": "CI", "cote d'ivoire": "CI", "côte d'ivoire": "CI",
    "russia": "RU", "south korea": "KR", "north korea": "KP", "korea": "KR",
    "corée": "KR", "corea": "KR", "coreia": "KR", "u.s.a": "US",
    "burma": "MM", "swaziland": "SZ", "czech republic": "CZ", "turkey": "TR",
    "türkiye": "TR", "turkiye": "TR", "palestine": "PS", "state of palestine": "PS",
    "occupied palestinian territory": "PS", "opt": "PS", "taiwan": "TW", "syria": "SY",
    "iran": "IR", "laos": "LA", "vietnam": "VN", "viet nam": "VN", "bolivia": "BO",
    "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "uae": "AE", "macedonia": "MK",
    "kosovo": "XK", "the gambia": "GM", "gambia": "GM", "the netherlands": "NL",
    "holland": "NL", "vatican": "VA", "east timor": "TL", "cape verde": "CV",
    "brasil": "BR", "méxico": "MX", "perú": "PE", "españa": "ES", "italia": "IT",
    "deutschland": "DE", "schweiz": "CH", "suisse": "CH", "svizzera": "CH",
    "sverige": "SE", "norge": "NO", "danmark": "DK", "suomi": "FI", "österreich": "AT",
    "belgique": "BE", "belgië": "BE", "nederland": "NL", "polska": "PL",
}
# Short all-capital codes we accept as a country after a separator ("– UK"); other
# two/three-letter capitals are far more often an acronym ("- STJ", "– APC").
COUNTRY_CODES_ACCEPTED = {"UK", "US", "USA", "DRC", "RDC", "UAE", "OPT"}

# Words naming a whole region, a coalition's way of saying "not one country".
INTERNATIONAL_WORDS = {
    "international", "internacional", "internationale", "global", "regional", "worldwide",
    "world", "mundial", "monde", "multiple", "various", "several", "n/a", "int",
    "international / regional", "intl", "régional", "global south", "sur global",
    "sud global", "global north", "国际", "國際", "全球", "区域", "區域",
    "دولي", "عالمي", "إقليمي", "международная", "международный", "глобальный",
}


_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """Case-folded, accent-stripped, whitespace-collapsed key for word lists."""
    if not value.isascii():
        value = unicodedata.normalize("NFKD", value)
        value = "".join(ch for ch in value if not unicodedata.combining(ch))
        value = value.replace("\u2019", "'").replace("\u2018", "'")
    return _SPACES.sub(" ", value).strip().casefold()


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded country name (in many languages) -> alpha-2."""
    import pycountry
    from babel import Locale

    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[fold(value)] = country.alpha_2
    for loc in COUNTRY_LOCALES:
        try:
            territories = Locale.parse(loc).territories
        except (ValueError, LookupError):  # a Babel without this locale
            continue
        for code, value in territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES:
                names.setdefault(fold(value), code)
    for alias, code in COUNTRY_ALIASES.items():
        names[fold(alias)] = code
    # "Congo" alone, in every language, is the Republic of the Congo (CLDR agrees); the
    # Democratic Republic is always qualified.
    return names


_ARTICLE = re.compile(r"^(?:the|les?|la|l'|los|las|el|os|as|o|a|die|der|das|de)\s*(?=\S)")


def _loose(key: str) -> str:
    """A folded name without hyphens, dots or a leading article ("les Pays-Bas" and
    "Pays Bas", "États-Unis" and "Etats Unis", "U.S.A." and "USA" meet)."""
    key = key.replace("-", " ").replace(".", "").replace("'", "' ")
    key = _ARTICLE.sub("", key)
    return _SPACES.sub(" ", key).strip()


@lru_cache(maxsize=1)
def _loose_country_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, code in country_names().items():
        out.setdefault(_loose(name), code)
    return out


def lookup_country(value: str) -> str | None:
    """alpha-2 for a country name or accepted code, else None."""
    text = value.strip().strip(".,;:()[]").strip()
    if not text:
        return None
    if text.isascii() and text.upper() == text and len(text.replace(".", "")) <= 3 and text.replace(".", "").isalpha():
        if text.replace(".", "") in COUNTRY_CODES_ACCEPTED:
            return country_names().get(fold(text))
        return None
    if len(text) > 60:
        return None
    code = country_names().get(fold(text))
    if code is None:
        loose = _loose(fold(text))
        code = _loose_country_names().get(loose) if len(loose) > 3 else None
    if code is None and re.search(r"[\u3400-\u9fff]", text):
        # 臺灣/台灣, 國/国: compare in Simplified, which CLDR zh_Hans covers.
        from .scripts import _converters

        code = country_names().get(fold(_converters()["t2s"].convert(text)))
    return code


@lru_cache(maxsize=1)
def _country_word_index() -> dict[str, list[tuple[str, ...]]]:
    """First folded word -> list of folded multi-word country names starting with it."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for name in country_names():
        words = tuple(name.split())
        if words:
            index.setdefault(words[0], []).append(words)
    for words_list in index.values():
        words_list.sort(key=len, reverse=True)
    return index


def countries_in(text: str) -> set[str]:
    """Alpha-2 codes of the country names occurring as whole words in ``text``
    (RDC/DRC/UK/USA accepted as written in capitals)."""
    found: set[str] = set()
    raw_tokens = re.findall(r"[\w'’.]+", text)
    for tok in raw_tokens:
        bare = tok.strip(".")
        if bare in COUNTRY_CODES_ACCEPTED:
            found.add(country_names()[fold(bare)])
    tokens = [fold(t.strip(".'’")) for t in re.findall(r"[\w'’]+(?:[-'’][\w]+)*", text)]
    tokens = [t for t in tokens if t]
    index = _country_word_index()
    i = 0
    while i < len(tokens):
        matched = 0
        for words in index.get(tokens[i], ()):
            if tuple(tokens[i:i + len(words)]) == words:
                found.add(country_names()[" ".join(words)])
                matched = len(words)
                break
        i += matched or 1
    # Hyphenated forms ("ACAT-France", "Spain-Catalonia"): whitespace-separated tokens
    # with a hyphen (a split, not a backtracking pattern: linear in the text).
    for tok in text.split():
        if "-" not in tok:
            continue
        for part in tok.strip(".,;:()[]'\"").split("-"):
            code = country_names().get(fold(part)) if len(part) > 3 else None
            if code:
                found.add(code)
            elif part in COUNTRY_CODES_ACCEPTED:
                found.add(country_names()[fold(part)])
    # CJK country names are not space separated: look for them as substrings.
    if re.search(r"[\u3400-\u9fff]", text):
        for name, code in _cjk_country_names():
            if name in text:
                found.add(code)
    return found


REGIONS = {fold(w) for w in (
    "Africa", "Asia", "Europe", "America", "Americas", "Latin America", "North America",
    "South America", "Central America", "Caribbean", "Pacific", "Asia Pacific",
    "Asia-Pacific", "Middle East", "MENA", "North Africa", "West Africa", "East Africa",
    "Southern Africa", "Central Africa", "Horn of Africa", "Sub-Saharan Africa", "Oceania",
    "Balkans", "Central Asia", "South Asia", "Southeast Asia", "East Asia", "Arab Region",
    "Afrique", "Asie", "Amérique latine", "Amériques", "Moyen-Orient", "África",
    "América Latina", "Américas", "Europa", "Asia y el Pacífico", "Caribe", "Mashreq",
    "Maghreb", "Sahel", "Nordic", "Scandinavia", "Mesoamerica", "Mesoamérica", "Andes",
    "Amazonia", "Amazonía", "Global South", "Global North")}


def is_region(value: str) -> bool:
    """A region or grouping of countries ("Africa", "Latin America", "MENA")."""
    return fold(value.strip(" .,;:()[]")) in REGIONS


@lru_cache(maxsize=1)
def _cjk_country_names() -> list[tuple[str, str]]:
    out = [(n, c) for n, c in country_names().items()
           if re.search(r"[\u3400-\u9fff]", n) and len(n) >= 2]
    return sorted(out, key=lambda nc: -len(nc[0]))


# Months -------------------------------------------------------------------------------

_LEVANTINE_MONTHS = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5,
    "حزيران": 6, "تموز": 7, "آب": 8, "اب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10,
    "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "كانون الاول": 12,
    "ابريل": 4, "إبريل": 4, "اغسطس": 8, "اكتوبر": 10,
}


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Folded month name or abbreviation (many languages) -> 1..12."""
    from babel.dates import get_month_names

    months: dict[str, int] = {}
    for loc in CLDR_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context=context, locale=loc).items():
                    key = fold(name).rstrip(".")
                    if key and not key.isdigit() and not re.search(r"\d", key):
                        months.setdefault(key, number)
    for name, number in _LEVANTINE_MONTHS.items():
        months[fold(name)] = number
    months.update({"sept": 9, "setiembre": 9, "juil": 7})
    return months


# Languages ----------------------------------------------------------------------------

STOP_WORDS = {
    "en": {"the", "and", "of", "to", "for", "in", "is", "are", "we", "that", "with", "on",
           "our", "as", "by", "this", "be", "human", "rights", "international",
           "association", "foundation", "network", "centre", "center", "society",
           "organization", "organisation", "coalition", "council", "institute", "women",
           "defenders", "development", "union", "group", "alliance", "committee", "forum",
           "house", "project", "world", "justice", "freedom", "media", "peace", "youth",
           "care", "risk", "scholars", "civilian", "oversight", "congress", "without",
           "borders", "against", "federation", "policing", "watch", "fund", "trust",
           "lawyers", "rivers", "boundaries", "motivators", "speak", "up", "from", "at",
           "movement", "initiative", "campaign", "action", "people", "peoples",
           "children", "education", "law", "legal", "commission", "working"},
    "fr": {"le", "la", "les", "des", "du", "et", "pour", "dans", "nous", "est", "sont",
           "une", "un", "que", "qui", "sur", "au", "aux", "par", "droits", "l'homme",
           "homme", "humains", "ligue", "femmes", "réseau", "reseau", "défenseurs",
           "plateforme", "collectif", "agir", "ensemble"},
    "es": {"el", "los", "las", "del", "y", "para", "por", "en", "con", "que", "una",
           "nosotros", "es", "son", "al", "derechos", "humanos", "centro", "fundación",
           "fundacion", "asociación", "asociacion", "red", "mujeres", "defensoras",
           "comité", "comision", "comisión", "desarrollo", "acción", "accion", "equipo",
           "estudios", "alternativas", "abierta", "jurídica"},
    "pt": {"os", "as", "do", "da", "dos", "das", "e", "para", "com", "não", "direitos",
           "associação", "fundação", "rede", "mulheres"},
    "de": {"der", "die", "das", "und", "für", "fur", "mit", "ist", "sind", "wir", "nicht",
           "menschenrechte", "welt", "verein", "stiftung", "netzwerk"},
    "it": {"il", "gli", "della", "delle", "per", "che", "diritti", "umani", "associazione",
           "fondazione", "rete", "donne"},
    "sv": {"och", "för", "till", "kvinna", "stiftelse", "förbundet"},
    "tr": {"ve", "için", "insan", "haklari", "hakları", "dernegi", "derneği", "vakfı"},
}


@lru_cache(maxsize=1)
def _stop_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for lang, vocab in STOP_WORDS.items():
        for word in vocab:
            index.setdefault(word, []).append(lang)
    return {w: tuple(langs) for w, langs in index.items()}


def known_word(word: str) -> bool:
    """A word of the languages the stop lists know ("humains", "rights"), not a coinage."""
    return fold(word) in _stop_index()


_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_ES_RE = re.compile(r"[ñ¿¡]")
_FR_RE = re.compile(r"[çèêœ]|l'|d'")
_DE_RE = re.compile(r"[äöüß]")
_PT_RE = re.compile(r"[ãõ]")


def latin_language(text: str) -> str | None:
    """Best guess of the language of a Latin-script text from its words, None if no
    evidence (acronyms, brand names)."""
    words = _WORD_RE.findall(text.casefold())
    if not words:
        return None
    found: dict[str, list[str]] = {}
    index = _stop_index()
    for w in words:
        for lang in index.get(w, ()):
            found.setdefault(lang, []).append(w)
    scores: dict[str, float] = {}
    for lang, hits in found.items():
        # One short function word ("al", "e") in a two-word brand is no evidence.
        if len(hits) == 1 and len(hits[0]) < 3 and len(words) <= 3:
            continue
        scores[lang] = len(hits) + (0.1 if lang == "en" else 0)
    # Letters only one language uses.
    joined = " ".join(words)
    if joined.isascii():
        pass
    elif _ES_RE.search(joined):
        scores["es"] = scores.get("es", 0) + 2
    if _FR_RE.search(joined):
        scores["fr"] = scores.get("fr", 0) + 1
    if not joined.isascii() and _DE_RE.search(joined) and "tr" not in scores:
        scores["de"] = scores.get("de", 0) + 1
    if not joined.isascii() and _PT_RE.search(joined):
        scores["pt"] = scores.get("pt", 0) + 2
    if not scores:
        return None
    return max(scores, key=scores.get)


# Typos ----------------------------------------------------------------------------------

TYPOS = {
    "coaltion": "coalition", "coalitoin": "coalition", "coordiantion": "coordination",
    "coordinaton": "coordination", "organiation": "organisation", "orginization": "organization",
    "organizaton": "organization", "organisaton": "organisation", "assocation": "association",
    "assocciation": "association", "associaton": "association", "internatinal": "international",
    "internationl": "international", "intenational": "international", "foundaton": "foundation",
    "fundation": "foundation", "comittee": "committee", "commitee": "committee",
    "committe": "committee", "developement": "development", "devlopment": "development",
    "enviroment": "environment", "enviromental": "environmental", "goverment": "government",
    "governement": "government", "rigths": "rights", "righs": "rights", "humna": "human",
    "defnders": "defenders", "defendors": "defenders", "netwrok": "network",
    "netowrk": "network", "institue": "institute", "insititute": "institute",
    "centr": "centre", "socity": "society", "sociey": "society", "alliace": "alliance",
    "allaince": "alliance", "federaton": "federation", "democarcy": "democracy",
    "democrasy": "democracy", "justise": "justice", "libery": "liberty",
}


# Cross-language concepts ----------------------------------------------------------------

_CONCEPT_GROUPS = [
    "center centre centro centr центр مركز",
    "alternative alternatives alternativa alternativas alternatif alternatifs",
    "development developpement desarrollo desenvolvimento sviluppo entwicklung развитие تنمية التنمية",
    "human humans humain humains humaine humaines humano humanos humanas humana umani menschen",
    "right rights droit droits derecho derechos direito direitos diritti rechte права حقوق",
    "association associations asociacion asociación associação associazione verein ассоциация جمعية",
    "foundation fondation fundacion fundación fundação fondazione stiftung фонд مؤسسة",
    "network reseau réseau red rede rete netzwerk сеть شبكة",
    "commission comision comisión comissão commissione комиссия لجنة",
    "committee comite comité comitato комитет",
    "coalition coalicion coalición coalizão coalizione коалиция ائتلاف",
    "international internacional internationale internazionale международный دولية الدولية",
    "women woman femmes femme mujeres mujer mulheres donne frauen женщин женщины النساء المرأة",
    "defender defenders defenseur defenseurs défenseur défenseurs defensor defensores defensoras",
    "institute institut instituto istituto институт معهد",
    "study studies etude etudes étude études estudio estudios studi",
    "legal legales juridique juridica jurídica juridico jurídico",
    "social sociales sociaux",
    "justice justicia justiça giustizia",
    "peace paix paz pace frieden мир سلام",
    "freedom liberte liberté libertad liberdade liberta libertà freiheit",
    "expression expresion expresión",
    "free libre libres",
    "youth jeunesse juventud juventude giovani молодежь شباب",
    "child children enfant enfants nino niño ninos niños nina niña criança",
    "observatory observatoire observatorio osservatorio",
    "federation fédération federacion federación federação",
    "league ligue liga lega",
    "action accion acción açao ação azione",
    "democracy democratie démocratie democracia democrazia демократия",
    "torture tortura folter пытки",
    "abolition abolicion abolición",
    "christian christians chretien chretiens chrétien chrétiens cristiano cristianos",
    "environment environmental environnement ambiente medio",
    "indigenous autochtone autochtones indigena indígena indigenas indígenas",
    "people peoples peuple peuples pueblo pueblos povo",
    "community communities communaute communauté comunidad comunidades",
    "platform plateforme plataforma",
    "organization organisation organizacion organización organização organizzazione",
    "solidarity solidarite solidarité solidaridad solidariedade",
    "society societe société sociedad",
]
CONCEPTS: dict[str, str] = {}
for _group in _CONCEPT_GROUPS:
    _words = _group.split()
    for _w in _words:
        CONCEPTS[fold(_w)] = _words[0]

NAME_STOP_WORDS = {fold(w) for w in (
    "the of for to and in on at a an by with against "
    "de del la las los el al y e para por en con "
    "des du le les l d et pour au aux sur "
    "der die das und fur für von "
    "do da dos das "
    "di della dei per "
    "и в для по "
    "و في من ل"
).split()}


def concept_key(name: str) -> tuple[str, ...]:
    """Sorted concepts of a name's meaningful words: equal keys mean the same words in
    different languages ("Centro de Alternativas al Desarrollo" ==
    "Center to Alternatives to Development")."""
    words = re.findall(r"[^\W_]+", fold(name))
    out = []
    for w in words:
        if w in NAME_STOP_WORDS:
            continue
        w = TYPOS.get(w, w)
        out.append(CONCEPTS.get(w, w))
    return tuple(sorted(out))
