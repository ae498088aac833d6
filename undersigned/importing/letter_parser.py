"""Parse a published joint letter (plain text) into its parts and its signatory list.

``parse_letter(text, lang=None)`` is pure: no database, no network, no Django models.
It returns a plain dict (see ``parse_letter``) that the database-writing importer turns
into a Letter and its Signatures, and that a coordinator reviews first: everything
doubtful is *reported* in ``anomalies`` rather than silently fixed.

How the text is cut up (choices and why):

* **Where the list is.**  A signatory heading ("Signatories:", "Signed,", "Signataires",
  "Organizaciones firmantes", "الموقعون", "Подписавшие", "聯署組織"...) wins.  Otherwise the
  longest run of numbered lines (``1.`` ``1)`` ``(1)`` ``1 -``; a run restarts when
  numbering goes back to 1, and a run of sentences is a list of asks, not names);
  otherwise the trailing block of name-like lines (short, no sentence ending, mostly
  capitalised words), stepping over a short closing block such as a place and date.
* **Items.**  A numbered line starts an item; an unnumbered line right under it (no
  blank line) continues it.  In unnumbered lists a line continues the previous item
  when it starts in lower case or with "(", or the previous ends with "," "&" "-" or
  "and"; a line that is only a country is the previous item's country column.  Items
  under an "Individuals:" sub-heading are kept and reported (``individual``).
  Markdown emphasis and links around a name are removed.
* **Before the list.**  Bullets (• - * – ▪ ...) are the asks; a "To:"/"Dear ..." line is
  the recipients; a short first line (or "Re:"/"Objet :"/"Asunto:") is the title; the
  first short line holding a date is the date; everything else is paragraphs, in
  order.  Text after the list (contact lines) is appended to the paragraphs.
* **One item.**  Names in two scripts are split (also when glued: ``ACAT Italia義大利``);
  a Latin word right before the Chinese name that repeats the start of the English name
  (``... Association Addameer 監獄...``) belongs to the Chinese name.  Non-Latin names
  are kept exactly as printed (only trimmed).  On the Latin part we take off, from the
  end, a qualifier (", within the framework of ..."), a country after a comma, dash,
  tab or in brackets, an acronym in brackets or after a dash or as a trailing run of
  capitals ("CIDH AFRICA"), and at the start an acronym followed by its expansion
  (``FIDH (International Federation ...)``, ``GALE, The Global Alliance ...``).
  A bracketed text that is not an acronym is another name of the organisation
  (``Human Rights Association (Insan Haklari Dernegi)``).
* **Countries** are ISO alpha-2 from pycountry/CLDR names in a dozen languages; the
  last column wins ("X - Y - Colombia", "... - Guinea-Bissau").  A country written
  inside the name with no separator ("Amnesty International Mongolia", "Judicial Reform
  Foundation Taiwan") stays in the name and does not set ``country``: it is part of the
  name and guessing would be wrong as often as right.  Two exceptions, because there
  the country is plainly a section marker: an acronym followed by a country ("ACAT
  Belgium", "ACAT-France", "ACAT RDC") and an acronym naming one ("(ACAT TOGO)",
  "(Acat-Burundi)") set ``country`` and leave the name alone.  A bracketed country
  annotates ("CIVICUS (South Africa)": name CIVICUS, country ZA).  "International",
  "Global" in a country column or in brackets is dropped: the letter format carries
  ISO codes only (sign-on sheets use ``INT``).
* **ACAT, GHANA.**  When taking the country off would leave a bare acronym ("ACAT"), the
  name keeps the country ("ACAT Ghana", capitals of a shouted country softened), and
  ``country`` is set too: a national section of a network is its own organisation
  and must not collapse into "ACAT".  Likewise ``ACAT-France`` keeps its name and gets
  ``country`` FR.
* **(JWF.org)** is kept as the acronym as printed: it is how the organisation styles
  its short name.
* **Languages.**  The letter's language comes from its body (script, Chinese variant by
  OpenCC, stop words); ``und`` when nothing tells.  A Latin name's ``lang`` comes from
  its own words and is ``None`` when they say nothing ("Swedwatch", "IFEX"): we would
  rather leave it blank than call every brand English.
* **Anomalies** (``kind``, ``numbers``, ``detail``): numbering_gap, numbering_order,
  duplicate, possible_duplicate (see ``duplicates``), typo, whitespace,
  simplified_in_traditional, traditional_in_simplified, trailing_garbage (a count glued
  on, footnote marks), unnumbered_item, empty_item, individual, page_marker.  ``numbers`` are the
  printed numbers; for unnumbered lists the 1-based position in the list.
* **Speed.**  ASCII fast paths and precompiled patterns: about 8,000 lines/s without
  the duplicate search on this 2-core machine (``bench/bench_import.py``); no pattern
  is quadratic on long lines (tested).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from . import lexicon
from .scripts import (
    char_script,
    han_script,
    han_variants,
    lang_for_script,
    script_counts,
    to_traditional,
)

__all__ = ["parse_letter", "parse_signatory", "find_date", "detect_language",
           "read_letter_file"]

# Line shapes --------------------------------------------------------------------------

NUMBERED_RE = re.compile(
    r"^\s*[(\[]?(\d{1,6})(?:\s*[.)\]:]|\s*[、．]|\s+[-–—](?=\s)|(?=\t))(?!\d)\s*(.*)$")
PAGE_MARKER_RE = re.compile(
    r"^\s*(?:(?:page|página|pagina|seite|страница|стр\.|صفحة|第)\s*\d+(?:\s*(?:of|/|de|sur|из|von|من)"
    r"\s*\d+)?\s*頁?|\d+\s*/\s*\d+|[-–—]\s*\d+\s*[-–—])\s*$", re.IGNORECASE)
INDIVIDUALS_RE = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?(?:individual(?:s|\s+signatories|\s+signatures)?|in\s+a\s+personal"
    r"\s+capacity|signed\s+in\s+(?:a|their)\s+personal\s+capacity|personnes(?:\s+physiques)?"
    r"|signataires\s+individuels|à\s+titre\s+individuel|firmantes\s+individuales"
    r"|(?:personas|firmas)\s+individuales|a\s+título\s+(?:individual|personal)"
    r"|частные\s+лица|физические\s+лица|أفراد|الأفراد|个人|個人|个人签署|個人連署)"
    r"(?:\*\*)?\s*[:：.]?\s*(?:\*\*)?\s*$", re.IGNORECASE)
BULLET_CHARS = "•·▪◦●○■□►▶➢➤✓✔❖\u2043\u2219*-–—"
BULLET_RE = re.compile(r"^\s*[" + re.escape(BULLET_CHARS) + r"]\s*(?=\S)(.*)$")
SIGNATORY_HEADING_RE = re.compile(
    r"^\s*(?:#+\s*)?(?:\*\*)?(?:list\s+of\s+)?(?:"
    r"(?:the\s+)?(?:undersigned|co-?signator(?:y|ies)|signator(?:y|ies)|signing|co-?signing"
    r"|endorsing|supporting)"
    r"(?:\s+organi[sz]ations?|\s+groups|\s+members)?|signed(?:\s+by)?|co-?signed(?:\s+by)?"
    r"|endorsed\s+by|supported\s+by|endorsements?|organi[sz]ations?(?:\s+signing|\s+signatories)?"
    r"|(?:premi(?:ers|ères)\s+)?signataires|firman|adhesiones|adhieren"
    r"|(?:organisations\s+|organizaciones\s+|liste\s+des\s+)?signataires|signé(?:e?s)?\s+par"
    r"|(?:organizaciones\s+|organizações\s+)?(?:firmantes|signatárias|signatários)"
    r"|firmado\s+por|suscriben|unterzeichner(?:innen)?|unterzeichnende\s+organisationen"
    r"|подписа(?:вшие|нты|ли)(?:\s+организации)?|организации,?\s+подписавшие(?:\s+письмо)?"
    r"|(?:المنظمات\s+)?(?:الموقعون|الموقعين|الموقعة)(?:\s+على\s+الرسالة)?"
    r"|[^\s:：]{0,6}(?:聯署|连署|連署|联署|簽署|签署|署名)[^\s:：]{0,6}"
    r")(?:\*\*)?\s*(?:\(\d+\))?\s*[:：.,]?\s*(?:\*\*)?\s*$",
    re.IGNORECASE,
)
SUBJECT_RE = re.compile(
    r"^\s*(?:re|subject|objet|asunto|assunto|betreff|oggetto|тема|الموضوع|主旨|事由|主题|主題)"
    r"\s*[:：]\s*(.+)$", re.IGNORECASE)
TO_RE = re.compile(
    r"^\s*(?:to|attn|attention|à|a|para|destinataires?|destinatarios?|кому|إلى|الى|致|收件人)"
    r"\s*[:：]\s*(.+)$", re.IGNORECASE)
TO_LOOSE_RE = re.compile(  # "To Permanent Representatives ..." without a colon
    r"^\s*((?:to|aux?|a)\s+(?:the\s+|les\s+|las\s+|los\s+)?(?:permanent|member|state|"
    r"representative|minister|ambassador|delegation|h\.\s?e\.|his\b|her\b|their\b|all\b|"
    r"government|head|représentant|représentation|état|membre|délégation|ministre|"
    r"gouvernement|representaci|representante|estado|misi|delegaci|gobierno)\w*.*"
    r"|(?:à\s+l['’]attention\s+de|a\s+la\s+atención\s+de|attention)\s*:?\s*.+)$",
    re.IGNORECASE)
_LOOSE_TO_PREFIX = re.compile(
    r"^\s*(?:to|aux?|a|à\s+l['’]attention\s+de|a\s+la\s+atención\s+de|attention\s*:?)\s+"
    r"(?:the\s+|les\s+|las\s+|los\s+)?", re.IGNORECASE)
SALUTATION_RE = re.compile(
    r"^\s*(dear|your\s+excellenc(?:y|ies)|excellenc(?:y|ies)|mesdames|madame|monsieur|"
    r"messieurs|excellences?|estimad[oa]s?|señor(?:a|es)?|excelent[ií]simo|excelencias?|"
    r"sehr\s+geehrte|уважаем\w*|ваше\s+превосходительство|سعادة|أصحاب\s+السعادة|السادة|"
    r"尊敬的|敬愛的|親愛的|亲爱的|各位)(?:\b|(?<=[^\x00-\x7f]))(.*?)\s*[,，:：!]?\s*$",
    re.IGNORECASE)
CLOSING_RE = re.compile(
    r"^\s*(sincerely|yours\s+sincerely|yours\s+faithfully|respectfully|kind\s+regards|"
    r"best\s+regards|cordialement|bien\s+cordialement|atentamente|saludos|"
    r"mit\s+freundlichen\s+grüßen|с\s+уважением|وتفضلوا|此致|敬上|謹啟|谨启)\b.{0,40}$",
    re.IGNORECASE)

WHITESPACE_ODD = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\u205f\u1680"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
FOOTNOTE_MARKS = "*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰"
LEGAL_SUFFIX_RE = re.compile(
    r"^,?\s*(?:Inc|Ltd|LLC|Limited|e\.\s?V|asbl|a\.s\.b\.l|gGmbH|GmbH|NGO|ONG|A\.C|A\.?S\.?B\.?L"
    r"|NPO|CIC|S\.A|Corp|Trust)\.?$", re.IGNORECASE)
QUALIFIER_RE = re.compile(
    r"(?:\s*[,;]\s*|\s+|\s*\(\s*)(?=(?:within\s+the\s+framework\s+of|in\s+the\s+framework\s+of"
    r"|as\s+part\s+of|dans\s+le\s+cadre\s+de|en\s+el\s+marco\s+de|on\s+behalf\s+of|au\s+nom\s+de"
    r"|en\s+nombre\s+de|in\s+partnership\s+with|as\s+(?:a\s+)?member\s+of|member\s+of"
    r"|membre\s+de|miembro\s+de|represented\s+by|représentée?\s+par|representad[oa]\s+por"
    r"|in\s+its\s+capacity\s+as)\b)", re.IGNORECASE)
NAME_FUNCTION = lexicon.NAME_STOP_WORDS | {"sur", "contre", "sin", "sans", "without", "till",
                                          "för", "och", "für", "zur", "zum", "ohne"}
NAME_STOP = {"for", "of", "and", "the", "in", "on", "to", "de", "del", "des", "du", "la", "le",
             "les", "et", "y", "pour", "para", "por", "a", "an", "against", "with", "at", "by"}

DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９",
                       "012345678901234567890123456789")


# Small helpers ------------------------------------------------------------------------

_DOUBLE_SPACE = re.compile(r" {2,}")


def _clean(text: str, keep_tabs: bool = False) -> str:
    if text.isascii() and "\t" not in text:
        return _DOUBLE_SPACE.sub(" ", text).strip()
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if ch in WHITESPACE_ODD or (ch == "\t" and not keep_tabs) else ch
                   for ch in text if ch not in INVISIBLE)
    text = re.sub(r" {2,}", " ", text)
    if keep_tabs:
        text = re.sub(r" *\t[\t ]*", "\t", text)
    return text.strip()


def _clean_spaces(text: str) -> str:
    """Whitespace cleaned, nothing else: no Unicode normalisation, so a CJK compatibility
    ideograph or any other character stays exactly as printed."""
    text = "".join(" " if ch in WHITESPACE_ODD or ch == "\t" else ch for ch in text
                   if ch not in INVISIBLE)
    return _DOUBLE_SPACE.sub(" ", text).strip()


def _letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha()]


def acronym_like(token: str) -> bool:
    """A short name written mostly in capitals (FIDH, ACAT-UK, iDEFEND, IM-Defensoras,
    JWF.org, Acat-Burundi)."""
    token = token.strip()
    if not token or " " in token or len(token) > 24:
        return False
    letters = _letters(token)
    if len(letters) < 2:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    if upper < 2:
        return False
    return upper / len(letters) >= 0.5 or any(c in token for c in "-.&/") or any(
        c.isdigit() for c in token)


def strongly_acronym(token: str) -> bool:
    letters = _letters(token)
    if " " in token.strip() or not 2 <= len(letters) <= 14:
        return False
    return sum(1 for ch in letters if ch.isupper()) / len(letters) >= 0.6


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", name)).upper()


def initials_match(acronym: str, name: str) -> bool:
    """Every letter of the acronym found, in order, among the initials of the name's
    words (stop words included: FIDH matches 'International Federation for Human Rights'
    only loosely, which is why that form needs a strong acronym instead)."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    initials = _initials(name)
    if len(letters) < 2 or not initials:
        return False
    pos = 0
    for ch in letters:
        pos = initials.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _anomaly(kind: str, numbers, detail: str) -> dict:
    return {"kind": kind, "numbers": [n for n in numbers if n is not None], "detail": detail}


def _softened(country_text: str) -> str:
    text = country_text.strip()
    return text.title() if text.isupper() and len(text) > 3 else text


# Dates --------------------------------------------------------------------------------

_DATE_PATTERNS = [
    ("ymd", re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?")),
    ("ymd", re.compile(r"(?<!\d)(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")),
    ("ymd", re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")),
    ("ymd", re.compile(r"(?<![\d/.])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d/])")),
    ("num", re.compile(r"(?<![\d/.-])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?![\d/.-])")),
    ("dmy", re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|e|º|°|\.)?[\s-]*(?:de\s+|of\s+)?"
                       r"([^\W\d_][^\W\d_]*\.?(?:\s[^\W\d_]+)?)[\s-]*[,،]?\s*(?:de\s+|del\s+)?"
                       r"(\d{4})(?!\d)", re.IGNORECASE)),
    ("mdy", re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4})(?!\d)",
                       re.IGNORECASE)),
]


def _month(word: str) -> int | None:
    months = lexicon.month_names()
    key = lexicon.fold(word).rstrip(".")
    if key in months:
        return months[key]
    first = key.split(" ")[0]
    return months.get(first)


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first date in ``text`` as ISO 8601, in any of the usual forms:
    2023-02-27, 2023 年 2 月 27 日, 27/02/2023 (day first unless impossible),
    27 February 2023, February 27, 2023, 27 février 2023, 1er mars 2023,
    27 de febrero de 2023, 27 февраля 2023 г., ٢٧ فبراير ٢٠٢٣, 27 شباط 2023."""
    text = text.translate(DIGITS)
    best: tuple[int, str] | None = None
    for kind, pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            iso = None
            if kind == "ymd":
                iso = _valid(int(m[1]), int(m[2]), int(m[3]))
            elif kind == "num":
                a, b, y = int(m[1]), int(m[2]), int(m[3])
                iso = _valid(y, b, a) if a > 12 or b <= 12 else _valid(y, a, b)
            elif kind == "dmy":
                month = _month(m[2])
                if month:
                    iso = _valid(int(m[3]), month, int(m[1]))
            elif kind == "mdy":
                month = _month(m[1])
                if month:
                    iso = _valid(int(m[3]), month, int(m[2]))
            if iso and (best is None or m.start() < best[0]):
                best = (m.start(), iso)
                break
    return best[1] if best else None


# Language ---------------------------------------------------------------------------------

def detect_language(text: str) -> str:
    """BCP 47 tag of a text from its script, Chinese variant and stop words; 'und' when
    there is nothing to go on."""
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


def _normalise_lang(lang: str) -> str:
    parts = lang.replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part)
    return "-".join(out)


# Finding the list ------------------------------------------------------------------------

def _is_heading(line: str) -> bool:
    return len(line.strip()) <= 80 and bool(SIGNATORY_HEADING_RE.match(line))


def _name_like(line: str) -> bool:
    s = _clean(BULLET_RE.sub(r"\1", line))
    if not s or len(s) > 200:
        return False
    if s[-1] in ":;；：" or CLOSING_RE.match(s) or SALUTATION_RE.match(s):
        return False
    words = s.split()
    if len(words) > 25:
        return False
    if s[-1] in ".!?。！？" and len(words) > 6 and not LEGAL_SUFFIX_RE.search(words[-1]):
        return False
    if find_date(s) and len(words) <= 6:
        return False
    latin = [w for w in words if w[:1].isalpha() and char_script(w[0]) == "Latn"]
    if len(latin) >= 3:
        caps = sum(1 for w in latin if w[0].isupper() or lexicon.fold(w) in NAME_FUNCTION
                   or re.match(r"^[ldLD]['’]", w))
        if caps / len(latin) < 0.6:
            return False
    return True


def _prose_like(line: str) -> bool:
    """A line that ends a list under a heading: long, or a sentence, or a closing."""
    s = _clean(line)
    words = s.split()
    return (len(s) > 250 or len(words) > 30 or bool(CLOSING_RE.match(s))
            or (s[-1:] in ".!?。！？" and len(words) > 10))


def _numbered(line: str):
    m = NUMBERED_RE.match(line)
    if not m or not m[2].strip():
        return None
    return int(m[1]), m[2]


def _find_list(lines: list[str]) -> tuple[int, int, str]:
    """(start, end, mode) of the signatory block; mode is 'numbered' or 'lines'.
    start == end means no list."""
    n = len(lines)
    heading = None
    for i, line in enumerate(lines):
        if line.strip() and _is_heading(line):
            heading = i
    if heading is not None and any(lines[j].strip() for j in range(heading + 1, n)):
        after = [j for j in range(heading + 1, n) if lines[j].strip()]
        numbered = sum(1 for j in after if _numbered(lines[j]))
        mode = "numbered" if numbered >= max(1, len(after) // 2) else "lines"
        return heading + 1, _list_end(lines, heading + 1, mode), mode

    # Runs of numbered lines; a run breaks on a restart at 1 or on a long stretch of
    # other text.
    runs: list[list[int]] = []
    current: list[int] = []
    last_number = None
    last_index = -1
    for i, line in enumerate(lines):
        num = _numbered(line)
        if num is None:
            continue
        number, _ = num
        prose_between = sum(1 for j in range(last_index + 1, i) if lines[j].strip()) if current else 0
        if current and (number == 1 and (last_number or 0) > 1 or prose_between > 3):
            runs.append(current)
            current = []
        current.append(i)
        last_number, last_index = number, i
    if current:
        runs.append(current)
    # A run of sentences ("1. Support the resolution;") is a list of asks, not names.
    runs = [r for r in runs if len(r) >= 3
            and sum(1 for i in r if _name_like(lines[i])) * 2 >= len(r)]
    if runs:
        best = max(runs, key=lambda r: (len(r), r[0]))
        return best[0], _list_end(lines, best[0], "numbered", best[-1]), "numbered"

    # Trailing block of name-like lines (blank lines allowed between them).
    j = n - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    end = j + 1
    start = end
    items = 0
    skipped = 0
    while j >= 0:
        line = lines[j]
        if not line.strip():
            j -= 1
            continue
        if not _name_like(line):
            # A short closing block after the list ("Geneva, 3 March 2024", a contact
            # line) is stepped over, at most three of them.
            block_start = j
            while block_start > 0 and lines[block_start - 1].strip():
                block_start -= 1
            if items == 0 and skipped < 3 and j - block_start < 2 and len(_clean(line)) <= 120:
                skipped += 1
                j = block_start - 1
                while j >= 0 and not lines[j].strip():
                    j -= 1
                end = j + 1
                start = end
                continue
            break
        start = j
        items += 1
        j -= 1
    if items >= 3:
        return start, end, "lines"
    return n, n, "none"


def _list_end(lines: list[str], start: int, mode: str, last_numbered: int | None = None) -> int:
    n = len(lines)
    if mode != "numbered":
        # Up to the last name-like line; closing prose after a blank line ends the list.
        end = n
        while end > start and not lines[end - 1].strip():
            end -= 1
        j = end - 1
        while j > start:
            if lines[j].strip() and _prose_like(lines[j]) and not lines[j - 1].strip():
                end = j
            j -= 1
        return end
    if last_numbered is None:
        last_numbered = max(i for i in range(start, n) if _numbered(lines[i]))
    end = last_numbered + 1
    while end < n and lines[end].strip() and not _numbered(lines[end]):
        end += 1  # continuation lines of the last item
    return end


# Items ----------------------------------------------------------------------------------

def _split_items(lines: list[str], start: int, end: int, mode: str) -> tuple[list[dict], list]:
    """[{number, raw, text}] and anomalies for unnumbered lines in a numbered list."""
    items: list[dict] = []
    anomalies: list[dict] = []
    blank_before = True
    section = None
    for i in range(start, end):
        line = lines[i]
        if not line.strip():
            blank_before = True
            continue
        raw = line.rstrip("\r\n")
        if INDIVIDUALS_RE.match(line):
            section = "individuals"
            blank_before = True
            continue
        if PAGE_MARKER_RE.match(line):
            # "Page 2 of 5", "- 3 -": a page break pasted from a PDF.
            anomalies.append(_anomaly("page_marker", [items[-1]["number"]] if items else [],
                                      f"'{line.strip()}' (a page number) was skipped"))
            blank_before = True
            continue
        if _is_heading(line) and items:
            section = None
            blank_before = True
            continue
        count_before = len(items)
        if mode == "numbered":
            num = _numbered(line)
            if num:
                items.append({"number": num[0], "raw": raw, "text": num[1]})
            elif items and not blank_before:
                items[-1]["raw"] += "\n" + raw
                items[-1]["text"] += " " + line.strip()
            elif _clean(line).endswith((":", "：")) or _is_heading(line):
                pass  # a sub-heading ("Individuals:")
            else:
                text = BULLET_RE.sub(r"\1", line)
                items.append({"number": None, "raw": raw, "text": text})
                anomalies.append(_anomaly(
                    "unnumbered_item", [items[-2]["number"]] if len(items) > 1 else [],
                    f"'{_clean(text)}' has no number in a numbered list"))
                items[-1]["section"] = section
        else:
            text = BULLET_RE.sub(r"\1", line) if BULLET_RE.match(line) else line
            stripped = _clean(text)
            prev = items[-1]["text"].rstrip() if items else ""
            if items and stripped.endswith((":", "：")) and not BULLET_RE.match(line):
                blank_before = False
                continue
            if items and not BULLET_RE.match(line) and (
                stripped[:1].islower() and char_script(stripped[0]) == "Latn"
                or stripped.startswith("(")
                or prev.endswith((",", "&", "-", "–", "/"))
                or re.search(r"\b(and|et|y|und|of|for|de|du|des)$", prev)
            ) and not blank_before:
                items[-1]["raw"] += "\n" + raw
                items[-1]["text"] += " " + stripped
            elif items and not BULLET_RE.match(line) and lexicon.lookup_country(stripped) \
                    and "\t" not in prev:
                items[-1]["raw"] += "\n" + raw
                items[-1]["text"] += "\t" + stripped
            else:
                items.append({"number": None, "raw": raw, "text": text})
        if len(items) > count_before:
            items[-1]["section"] = section
        blank_before = False
    return items, anomalies


_WS_SUSPECT = re.compile(r"[^\x21-\x7e ]|  |\( | \)|[A-Za-z]\(|\s$")


def _whitespace_problems(text: str, columns: bool) -> list[str]:
    if not _WS_SUSPECT.search(text.strip(" ") + text[-1:] if text else ""):
        return []
    problems = []
    odd = sorted({f"U+{ord(ch):04X}" for ch in text if ch in WHITESPACE_ODD})
    if odd:
        problems.append("non-breaking or unusual space " + ", ".join(odd))
    if any(ch in INVISIBLE for ch in text):
        problems.append("invisible characters")
    body = text if columns else text.replace("\t", " ")
    core = body.strip(" \t" + WHITESPACE_ODD)
    if re.search(r"[^\S\t\n]{2,}", core.replace("\u00a0", " ")):
        problems.append("doubled spaces")
    if body != body.rstrip(" \t" + WHITESPACE_ODD):
        problems.append("trailing space")
    if re.search(r"\(\s|\s\)", core):
        problems.append("space inside brackets")
    if re.search(r"[^\W\d_]\((?![sS]\))", core) and char_script(
            (re.search(r"([^\W\d_])\(", core) or [" ", " "])[1]) == "Latn":
        problems.append("no space before '('")
    if not columns and "\t" in text.strip():
        problems.append("tab inside the name")
    return problems


_ONLY_LATIN = re.compile(r"[\x00-\u024f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf«»]*")


def _unwrap(text: str) -> str:
    text = text.strip()
    pairs = {"(": ")", "（": "）", "[": "]", "«": "»", "“": "”", "「": "」"}
    if len(text) > 2 and text[0] in pairs and text.endswith(pairs[text[0]]) and \
            text.count(text[0]) == 1:
        return text[1:-1].strip()
    return text


def _split_scripts(text: str) -> list[tuple[str, str]]:
    """[(segment, script)] in printed order; Latin-family text and at most one other
    script run.  A Latin word inside or right after the other-script run belongs to it;
    a repeated brand word right before it too (Addameer)."""
    if _ONLY_LATIN.fullmatch(text):
        return [(text, "Latn")]
    positions: dict[str, list[int]] = {}
    for i, ch in enumerate(text):
        sc = char_script(ch)
        if sc:
            positions.setdefault("Latn" if sc in ("Latn", "Zyyy") else sc, []).append(i)
    others = {s: p for s, p in positions.items() if s != "Latn"
              and (len(p) >= 2 or s in ("Hani", "Jpan", "Kore"))}
    if not others or "Latn" not in positions or len(positions["Latn"]) < 2:
        script = max(positions, key=lambda s: len(positions[s])) if positions else "Latn"
        return [(text, script)]
    # The other script that starts first (CJK counts together).
    script = min(others, key=lambda s: others[s][0])
    first, last = others[script][0], others[script][-1]
    if script in ("Hani", "Jpan", "Kore"):
        cjk = [i for s in ("Hani", "Jpan", "Kore") for i in others.get(s, [])]
        first, last = min(cjk), max(cjk)
    stop = last + 1
    # Closing brackets/quotes that close something opened in the run.
    seg = text[first:stop]
    while stop < len(text) and text[stop] in ")）」』》〉”\"'" and (
            seg.count("(") + seg.count("（") > seg.count(")") + seg.count("）")
            or text[stop] in "」』》〉”"):
        stop += 1
        seg = text[first:stop]
    # Opening brackets/quotes right before the run.
    while first > 0 and text[first - 1] in "(（「『《〈“\"'«":
        first -= 1
    before, other, after = text[:first], text[first:stop], text[stop:]
    if positions["Latn"][0] > first:
        # The other script comes first: it is the primary name.
        latin = (after if after.strip() else before).strip()
        return [(other.strip(), script), (latin, "Latn")] if latin else [(other.strip(), script)]
    words = before.split()
    if len(words) >= 2 and script in ("Hani", "Jpan", "Kore"):
        last_word = words[-1]
        earlier = {w.strip("(),") for w in words[:-1]}
        if (len(last_word) >= 3 and last_word[0].isupper() and last_word in earlier
                and not lexicon.lookup_country(last_word)):
            cut = before.rstrip().rfind(last_word)
            other = before[cut:].strip() + " " + other.strip()
            before = before[:cut]
    latin = (before.rstrip() + " " + after.strip()).strip() if after.strip() else before
    return [(latin.strip(), "Latn"), (other.strip(), script)]


_COUNTRY_AFTER_SEP = re.compile(
    r"^(.*\S)\s*(?:,|\s[-–—|]|\t|[-–—]\s)\s*([^,\t–—()|]+?)\s*\.?\s*$")
_COUNTRY_IN_BRACKETS = re.compile(r"^(.*?\S)\s*\(\s*([^()]+?)\s*\)\s*$")
_PAREN_AT_END = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*(,?\s*[^(),]{0,12})$")
_DASH_ACRONYM = re.compile(r"^(.*\S)\s+[-–—]\s+(\S+)$")
_CAPS_WORD = re.compile(r"[A-Z][A-Z0-9&.\-]+")


def _take_country_suffix(name: str) -> tuple[str, str | None, str | None]:
    """(name, code, printed) when name ends with a country after a separator."""
    m = _COUNTRY_AFTER_SEP.match(name)
    if m:
        code = lexicon.lookup_country(m[2])
        if code:
            return m[1], code, m[2]
        if lexicon.fold(m[2]) in lexicon.INTERNATIONAL_WORDS and len(m[1].split()) >= 2:
            return m[1], "INT", m[2]
    m = _COUNTRY_IN_BRACKETS.match(name) if name.endswith(")") else None
    if m:
        code = lexicon.lookup_country(m[2])
        if code:
            return m[1], code, f"({m[2]})"
    return name, None, None


def _paren_is_acronym(content: str, name: str) -> bool:
    tokens = content.split()
    if not tokens:
        return False
    if len(tokens) == 1:
        tok = tokens[0]
        if acronym_like(tok):
            return True
        return len(tok) <= 10 and initials_match(tok, name) and tok[:1].isupper()
    if len(tokens) <= 3 and (strongly_acronym(tokens[0]) or all(strongly_acronym(t) for t in tokens)):
        return True
    return len(tokens) <= 3 and name.casefold().startswith(content.casefold())


def _parse_latin(text: str) -> dict:
    """Structure of an item's first non-Chinese name: name, other names (brackets),
    acronym, country, qualifier."""
    s = _clean(text, keep_tabs=True)
    result = {"name": "", "alt": [], "acronym": None, "country": None, "qualifier": None}

    m = QUALIFIER_RE.search(s)
    if m and m.start() > 0:
        qualifier = s[m.end():].strip()
        if m.group(0).strip().startswith("(") and qualifier.endswith(")"):
            qualifier = qualifier[:-1]
        result["qualifier"] = qualifier.strip(" ,;") or None
        s = s[:m.start()].rstrip(" ,;")

    # Extra tab-separated columns: country, acronym, or more name.
    if "\t" in s:
        cols = [c.strip() for c in s.split("\t") if c.strip()]
        s = cols[0] if cols else ""
        for col in cols[1:]:
            code = lexicon.lookup_country(col)
            if code and not result["country"]:
                result["country"] = code
            elif lexicon.fold(col) in lexicon.INTERNATIONAL_WORDS and not result["country"]:
                result["country"] = None
            elif strongly_acronym(col) and not result["acronym"]:
                result["acronym"] = col
            elif re.match(r"^(https?://|www\.)", col):
                continue
            else:
                s = f"{s} {col}"

    for _ in range(6):
        before = s
        # Country after a separator, or in brackets.
        if not result["country"]:
            rest, code, printed = _take_country_suffix(s)
            if code == "INT":
                # "– International" in a country column: not a country; dropped from
                # the name (the letter format carries ISO codes only).
                s = rest
                continue
            if code:
                result["country"] = code
                # "ACAT, GHANA" keeps its country; "CIVICUS (South Africa)" does not:
                # brackets annotate, a comma or dash names the section.
                if not printed.startswith("(") and (
                        acronym_like(rest) or not rest.strip(" ,-–—")):
                    s = f"{rest.strip(' ,-–—')} {_softened(printed)}".strip()
                    continue
                s = rest
        # Acronym in brackets at the end (optionally followed by a legal form).
        m = _PAREN_AT_END.match(s) if ")" in s else None
        if m and m[1].strip() and (not m[3].strip() or LEGAL_SUFFIX_RE.match(m[3].strip())):
            content = m[2]
            name_part = m[1].strip()
            suffix = m[3].strip()
            inner = _clean(content)
            if inner and _paren_is_acronym(inner, name_part):
                if result["acronym"] is None:
                    result["acronym"] = inner
                else:
                    result["alt"].insert(0, inner)
            elif inner and lexicon.lookup_country(inner) and not result["country"]:
                result["country"] = lexicon.lookup_country(inner)
            elif inner and lexicon.fold(inner) in lexicon.INTERNATIONAL_WORDS:
                pass  # "(International)", "(Global)": a scope, not a name or country
            elif inner:
                words = inner.split()
                if len(words) >= 3 and acronym_like(words[-1]) and result["acronym"] is None \
                        and words[-2] not in "-–—" and not lexicon.lookup_country(words[-1]):
                    result["acronym"] = words[-1]
                    inner = " ".join(words[:-1])
                result["alt"].insert(0, inner)
            s = name_part + (("" if suffix.startswith(",") else ", ") + suffix if suffix else "")
            continue
        # Acronym after a dash at the end.
        m = _DASH_ACRONYM.match(s)
        if m and strongly_acronym(m[2]) and result["acronym"] is None \
                and not lexicon.lookup_country(m[2]):
            result["acronym"] = m[2]
            s = m[1]
            continue
        # Trailing run of capitals after an ordinary name ("... North Africa CIDH AFRICA").
        words = s.split()
        k = len(words)
        while k > 0 and _CAPS_WORD.fullmatch(words[k - 1]):
            k -= 1
        if 0 < k < len(words) and k >= 2 and result["acronym"] is None:
            tail = " ".join(words[k:])
            lead = words[:k]
            if (words[k - 1].lower() not in NAME_STOP and not lexicon.lookup_country(tail)
                    and sum(1 for w in lead if w.isupper()) == 0):
                result["acronym"] = tail
                s = " ".join(lead)
                continue
        if s == before:
            break

    s = s.strip(" ,;:-–—")
    # Leading acronym with its expansion in brackets: "FIDH (International Federation ...)".
    if (result["alt"] and result["acronym"] is None and strongly_acronym(s)
            and len(result["alt"][0].split()) >= 2):
        result["acronym"] = s
        s = result["alt"].pop(0)
    # Leading acronym, comma or dash, expansion: "GALE, The Global Alliance ...".
    m = re.match(r"^(\S+?)\s*(?:,|:|\s[-–—])\s+(.+)$", s)
    if m and result["acronym"] is None and acronym_like(m[1]) and len(m[2].split()) >= 2 \
            and initials_match(m[1], m[2]) and not lexicon.lookup_country(m[2]):
        result["acronym"] = m[1]
        s = m[2]
    # Country left inside an expansion ("Action by Christians Against Torture - UK").
    if not result["country"]:
        rest, code, printed = _take_country_suffix(s)
        if code and code != "INT" and not acronym_like(rest) and rest.strip():
            result["country"], s = code, rest
    # A glued dash-country: "ACAT-France".
    if not result["country"]:
        m = re.fullmatch(r"([A-Z][\w.&]*)-([^\W\d_][\w' ]+)", s)
        if m and acronym_like(m[1]) and lexicon.lookup_country(m[2]):
            result["country"] = lexicon.lookup_country(m[2])
    # An acronym and a country: "ACAT Belgium", "ACAT RDC" (the name keeps both).
    if not result["country"]:
        m = re.fullmatch(r"(\S+) ([^\W\d_][\w' .]+)", s)
        if m and strongly_acronym(m[1]) and lexicon.lookup_country(m[2]):
            result["country"] = lexicon.lookup_country(m[2])
    # The acronym of a national section names its country: "(ACAT-France)".
    if not result["country"] and result["acronym"]:
        m = re.fullmatch(r"[\w.&]+[- ]([^\W\d_][\w' ]+)", result["acronym"])
        if m and lexicon.lookup_country(m[1]):
            result["country"] = lexicon.lookup_country(m[1])
    s = s.strip(" ,;:-–—")
    if result["acronym"]:
        result["acronym"] = result["acronym"].strip()
    result["name"] = s or (result["acronym"] or "")
    return result


_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:https?://|mailto:|www\.)[^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_GLUED_BRACKET = re.compile(r"^(.*[)\]])\s?(\d{1,6})$")
_GLUED_LETTER = re.compile(r"^(.*[^\W\d_])(\d{2,6})$")
_FOOTNOTE = re.compile(r"^(.*?[^\s" + re.escape(FOOTNOTE_MARKS) + r"])\s*([" +
                       re.escape(FOOTNOTE_MARKS) + r"]+)$")


def parse_signatory(text: str, number: int | None = None, *, raw: str | None = None,
                    count: int | None = None, letter_lang: str | None = None,
                    columns: bool = False) -> tuple[dict, list[dict]]:
    """One list item (its number already taken off) -> (signatory, anomalies)."""
    anomalies: list[dict] = []
    ref = [number]
    label = f"item {number}" if number is not None else "an item"
    problems = _whitespace_problems(text, columns or "\t" in text.strip())
    if problems:
        anomalies.append(_anomaly("whitespace", ref, f"{label}: " + "; ".join(problems)))

    work = text.strip(" " + WHITESPACE_ODD + INVISIBLE)
    if "[" in work or "*" in work or "_" in work:
        # Markdown: [name](url), **name**, __name__.
        work = _MD_LINK.sub(r"\1", work)
        work = _MD_EMPHASIS.sub(r"\2", work).strip()
    # Something glued on the end: a count, a footnote mark.
    m = _GLUED_BRACKET.match(work) or _GLUED_LETTER.match(work)
    if m:
        value = int(m[2])
        glued_to_bracket = m[1].endswith((")", "]"))
        if glued_to_bracket or value in {count, number}:
            why = (" (it equals the number of signatories, a count pasted onto the line)"
                   if value == count else "")
            anomalies.append(_anomaly("trailing_garbage", ref,
                                      f"{label}: removed '{m[2]}' glued to the end{why}"))
            work = m[1]
    m = _FOOTNOTE.match(work) if work[-1:] in FOOTNOTE_MARKS else None
    if m:
        anomalies.append(_anomaly("trailing_garbage", ref,
                                  f"{label}: removed footnote mark '{m[2]}'"))
        work = m[1]

    segments = _split_scripts(work)
    names: list[dict] = []
    structure = None
    for seg_text, script in segments:
        if len(segments) > 1:
            seg_text = _unwrap(seg_text)
        if script not in ("Hani", "Jpan", "Kore") and structure is None:
            structure = _parse_latin(seg_text)
            for value in [structure["name"], *structure["alt"]]:
                if value:
                    sc = script if script != "Latn" else "Latn"
                    if sc != "Latn":
                        sc = max(script_counts(value), key=script_counts(value).get,
                                 default=script)
                    names.append({"text": value, "script": sc,
                                  "lang": lexicon.latin_language(value) if sc == "Latn"
                                  else lang_for_script(sc, value)})
            continue
        value = _clean_spaces(seg_text)
        if not value:
            continue
        if script == "Hani":
            default = "Hant" if letter_lang == "zh-Hant" else (
                "Hans" if letter_lang == "zh-Hans" else "Hani")
            script = han_script(value, default)
            trad, simp = han_variants(value)
            if script == "Hant" and simp:
                chars = ", ".join(f"'{value[i]}' (Traditional '{to_traditional(value[i])}')"
                                  for i in simp)
                anomalies.append(_anomaly(
                    "simplified_in_traditional", ref,
                    f"{label}: Simplified {chars} in the Traditional name {value}"))
            elif script == "Hans" and trad:
                chars = ", ".join(f"'{value[i]}'" for i in trad)
                anomalies.append(_anomaly(
                    "traditional_in_simplified", ref,
                    f"{label}: Traditional {chars} in the Simplified name {value}"))
        elif script == "Latn":
            names.append({"text": _clean(value), "script": "Latn",
                          "lang": lexicon.latin_language(value)})
            continue
        names.append({"text": value, "script": script, "lang": lang_for_script(script, value)})

    structure = structure or {"acronym": None, "country": None, "qualifier": None}
    for item in names:
        if item["script"] != "Latn":
            continue
        for word in re.findall(r"[^\W\d_]+", item["text"]):
            right = lexicon.TYPOS.get(word.casefold())
            if right:
                if word[0].isupper():
                    right = right[0].upper() + right[1:]
                anomalies.append(_anomaly("typo", ref,
                                          f"{label}: '{word}' looks like a misspelling of '{right}'"))
    if not names:
        anomalies.append(_anomaly("empty_item", ref, f"{label}: nothing to read"))
    signatory = {
        "number": number,
        "raw": raw if raw is not None else text,
        "names": names,
        "acronym": structure["acronym"],
        "country": structure["country"],
        "qualifier": structure["qualifier"],
    }
    return signatory, anomalies


# The letter ------------------------------------------------------------------------------

def _numbering_anomalies(items: list[dict]) -> list[dict]:
    out = []
    numbers = [it["number"] for it in items if it["number"] is not None]
    if not numbers:
        return out
    if numbers[0] > 1:
        missing = list(range(1, numbers[0]))
        out.append(_anomaly("numbering_gap", missing[:100],
                            f"the list starts at {numbers[0]}, not 1"))
    for a, b in zip(numbers, numbers[1:], strict=False):
        if b == a + 1:
            continue
        if b > a + 1:
            missing = list(range(a + 1, b))
            shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
            out.append(_anomaly("numbering_gap", missing[:100],
                                f"no item numbered {shown} (between {a} and {b})"))
        else:
            out.append(_anomaly("numbering_order", [a, b],
                                f"{b} comes after {a}" + (" (number repeated)" if a == b else "")))
    return out


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = _clean(line)
        if not line:
            continue
        if out and not (char_script(out[-1]) in ("Hani", "Jpan") and
                        char_script(line[0]) in ("Hani", "Jpan")):
            out += " "
        out += line
    return out


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if _clean(line):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _header_and_body(lines: list[str], out: dict, after: list[str]) -> None:
    """Fill title, date, recipients, paragraphs, asks from the text around the list."""
    blocks = _blocks(lines)
    paragraphs: list[str] = []
    asks: list[str] = []
    first_block = True
    seen_body = False
    title_from_heading = False
    for block in blocks:
        # Asks and numbered calls inside a block.
        rest: list[str] = []
        pending_ask: list[str] | None = None
        for line in block:
            bullet = BULLET_RE.match(line)
            numbered = _numbered(line)
            if bullet and not re.match(r"^\s*[-–—*]{2,}\s*$", line):
                if pending_ask is not None:
                    asks.append(_join(pending_ask))
                elif rest:
                    paragraphs.append(_join(rest))
                    rest = []
                pending_ask = [bullet[1]]
                continue
            if numbered and (pending_ask is not None or sum(
                    1 for x in block if _numbered(x)) >= 2):
                if pending_ask is not None:
                    asks.append(_join(pending_ask))
                elif rest:
                    paragraphs.append(_join(rest))
                    rest = []
                pending_ask = [numbered[1]]
                continue
            if pending_ask is not None and (line[:1].isspace() or not re.search(
                    r"[.;。；!?:]\s*$", pending_ask[-1])):
                pending_ask.append(line)
                continue
            if pending_ask is not None:
                asks.append(_join(pending_ask))
                pending_ask = None
            rest.append(line)
        if pending_ask is not None:
            asks.append(_join(pending_ask))
        if not rest:
            first_block = False
            continue
        text = _join(rest)
        single = len(rest) == 1
        if not seen_body:
            m = SUBJECT_RE.match(text)
            if m and (out["title"] is None or title_from_heading):
                # "Re: ..." says what the letter is about better than a heading such
                # as "JOINT NGO LETTER".
                out["title"] = _clean(m[1])
                title_from_heading = False
                first_block = False
                continue
            strict = TO_RE.match(rest[0])
            m = strict or TO_LOOSE_RE.match(rest[0])
            if m and out["recipients"] is None:
                who = m[1] if strict else _LOOSE_TO_PREFIX.sub("", m[1])
                out["recipients"] = _join([who, *rest[1:]])
                first_block = False
                continue
            if single and out["date"] is None and len(text) <= 80 and find_date(text):
                out["date"] = find_date(text)
                first_block = False
                continue
            m = SALUTATION_RE.match(text) if len(text) <= 150 else None
            if m:
                if out["recipients"] is None:
                    who = m[2].strip(" ,，:：،")
                    out["recipients"] = who if m[1].lower() == "dear" and who else text.rstrip(
                        " ,，:：!،")
                seen_body = True
                first_block = False
                continue
            if first_block and single and out["title"] is None and _title_like(text):
                out["title"] = text.lstrip("# ").strip()
                title_from_heading = True
                first_block = False
                continue
        if _is_heading(text):
            continue
        seen_body = True
        first_block = False
        paragraphs.append(text)
    for block in _blocks(after):
        text = _join(block)
        if not text:
            continue
        if out["date"] is None and len(text) <= 80 and find_date(text):
            out["date"] = find_date(text)
            continue
        paragraphs.append(text)
    out["paragraphs"] = [p for p in paragraphs if p]
    out["asks"] = [a for a in asks if a]


def _title_like(text: str) -> bool:
    words = text.split()
    return (0 < len(text) <= 150 and len(words) <= 20 and text[-1] not in ".,;:，。；：、"
            and not CLOSING_RE.match(text) and not TO_RE.match(text))


def parse_letter(text: str, lang: str | None = None, *, duplicates: bool = True) -> dict:
    """Parse a joint letter.  Returns::

        {"language": "zh-Hant", "date": "2023-02-27" | None, "title": str | None,
         "recipients": str | None, "paragraphs": [str], "asks": [str],
         "signatories": [{"number": int | None, "raw": str,
                          "names": [{"text", "script", "lang"}], "acronym": str | None,
                          "country": "CO" | None, "qualifier": str | None}],
         "anomalies": [{"kind", "numbers", "detail"}]}

    ``lang`` overrides the detected language.  ``duplicates=False`` skips the
    duplicate search (the slowest step on very long lists).  Never raises on odd
    text: whatever cannot be read is reported or left in the paragraphs.
    """
    if not isinstance(text, str):
        raise TypeError("parse_letter expects text (str); use read_letter_file for files")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = re.sub("[\x0b\x0c\x1c\x1d\x1e\x85]", "\n", text)
    lines = text.split("\n")
    start, end, mode = _find_list(lines)
    before_lines = lines[:start] if mode != "none" else lines
    after_lines = lines[end:] if mode != "none" else []
    if mode != "none" and start > 0 and _is_heading(lines[start - 1]):
        before_lines = lines[:start - 1]

    out: dict = {"language": None, "date": None, "title": None, "recipients": None,
                 "paragraphs": [], "asks": [], "signatories": [], "anomalies": []}
    _header_and_body(before_lines, out, after_lines)
    body = "\n".join(out["paragraphs"] + out["asks"])
    if lang:
        out["language"] = _normalise_lang(lang)
    else:
        detected = detect_language(body) if body.strip() else "und"
        if detected == "und":
            detected = detect_language(text)
        out["language"] = detected
    if out["date"] is None:
        for paragraph in out["paragraphs"][:2]:
            m = re.match(r"^\s*([^,，]{0,40}[,，]\s*)?(.{0,60})$", paragraph)
            if m and find_date(paragraph):
                out["date"] = find_date(paragraph)
                out["paragraphs"].remove(paragraph)
                break

    if mode == "none":
        return out
    items, anomalies = _split_items(lines, start, end, mode)
    count = len(items)
    for item in items:
        signatory, found = parse_signatory(
            item["text"], item["number"], raw=item["raw"], count=count,
            letter_lang=out["language"], columns="\t" in item["text"].strip())
        if mode != "numbered" or item["number"] is None:
            position = len(out["signatories"]) + 1
            for anomaly in found:
                if not anomaly["numbers"]:
                    anomaly["numbers"] = [position]
        out["signatories"].append(signatory)
        anomalies.extend(found)
        if item.get("section") == "individuals":
            ref = item["number"] if item["number"] is not None else len(out["signatories"])
            anomalies.append(_anomaly(
                "individual", [ref], f"'{_clean(item['text'])}' is listed under individual "
                "signatories: a person, not an organisation"))
    anomalies = _numbering_anomalies(items) + anomalies
    if duplicates:
        from .duplicates import find_possible_duplicates

        anomalies.extend(find_possible_duplicates(out["signatories"]))
    out["anomalies"] = anomalies
    return out


def read_letter_file(path) -> str:
    """Text of a letter file (.txt .md .html .docx); see ``readers``."""
    from .readers import read_letter_file as _read

    return _read(path)
