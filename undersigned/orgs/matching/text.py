"""Stage 1, text: the spelling-free comparison form of a name (see docs/matching.md)."""
from __future__ import annotations

import functools
import re
import unicodedata

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


def _t2s(text: str) -> str:
    if _HAN_RE.search(text):
        return opencc_convert(text, "t2s")
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



def _stem(tok: str) -> str:
    """English/Romance plurals, lightly: missionaries -> missionary, churches -> church."""
    if len(tok) > 4 and tok.endswith("s") and not tok.endswith("ss") and tok.isalpha():
        if tok.endswith("ies") and len(tok) > 5:
            return tok[:-3] + "y"
        if tok.endswith(("ches", "shes", "xes")):
            return tok[:-2]
        return tok[:-1]
    return tok



# ---------------------------------------------------------------------------- scripts

_SCRIPT_PREFIXES = (
    ("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("ARABIC", "Arab"), ("GREEK", "Grek"),
    ("HEBREW", "Hebr"), ("HANGUL", "Hang"), ("HIRAGANA", "Jpan"), ("KATAKANA", "Jpan"),
    ("CJK", "Hani"), ("THAI", "Thai"), ("DEVANAGARI", "Deva"), ("BENGALI", "Beng"),
    ("ARMENIAN", "Armn"), ("GEORGIAN", "Geor"), ("ETHIOPIC", "Ethi"), ("TAMIL", "Taml"),
    ("MYANMAR", "Mymr"), ("KHMER", "Khmr"), ("LAO", "Laoo"), ("TIBETAN", "Tibt"),
    ("SINHALA", "Sinh"), ("GUJARATI", "Gujr"), ("GURMUKHI", "Guru"), ("TELUGU", "Telu"),
    ("KANNADA", "Knda"), ("MALAYALAM", "Mlym"), ("SYRIAC", "Syrc"), ("THAANA", "Thaa"),
)


@functools.lru_cache(maxsize=8192)
def char_script(ch: str) -> str:
    """The ISO 15924 code of a letter's script ('' for a non-letter, Zyyy if unlisted)."""
    if not ch.isalpha():
        return ""
    name = unicodedata.name(ch, "")
    for prefix, code in _SCRIPT_PREFIXES:
        if name.startswith(prefix):
            return code
    return "Zyyy"


def detect_script(text: str) -> str:
    """The script of most letters in ``text`` ('' when it has none); a Japanese text with
    kana among its kanji is Jpan."""
    if text.isascii():
        return "Latn" if any(c.isalpha() for c in text) else ""
    counts: dict[str, int] = {}
    for ch in text:
        code = char_script(ch)
        if code:
            counts[code] = counts.get(code, 0) + 1
    if not counts:
        return ""
    best = max(counts, key=counts.get)
    if best == "Hani" and counts.get("Jpan"):
        return "Jpan"
    return best


@functools.cache
def _latin_transliterator():
    import icu

    return icu.Transliterator.createInstance("Any-Latin; Latin-ASCII")


def to_latin(text: str) -> str:
    """ICU's ``Any-Latin; Latin-ASCII`` transliteration (Правозащитный центр «Мемориал» ->
    Pravozasitnyj centr <<Memorial>>): for names that are transliterated, not translated."""
    if text.isascii():
        return text
    try:
        return _latin_transliterator().transliterate(text)
    except Exception:  # pragma: no cover - ICU refusing a string
        return text


# ---------------------------------------------------------------------------- Chinese


@functools.lru_cache(maxsize=8)
def opencc_converter(config: str):
    """The OpenCC converter for ``config`` (t2s, s2t, s2tw ...): the project's one wrapper."""
    import opencc

    return opencc.OpenCC(config)


def opencc_convert(text: str, config: str) -> str:
    return opencc_converter(config).convert(text)
