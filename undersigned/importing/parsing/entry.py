"""One list entry: its names (one per script), acronym, country and qualifier.

``parse_signatory(text, number) -> (signatory, anomalies)``.  How an entry is read:

* **Scripts.**  Names in two scripts are split (also when glued: ``ACAT Italia義大利``),
  whatever stands between them ("English / Arabic", "Arabic – English", "English
  (Русский)") is a separator, not part of either name, and quotes stay with the name they
  open («Мемориал»).  A Latin word right before a Chinese name that repeats the start of
  the English name (``... Association Addameer 監獄...``) belongs to the Chinese name.
  Names are kept as printed (only whitespace cleaned); an acronym or a country written
  after a name in another script is taken off it as it is off a Latin one.
* **A country is an annotation set apart from the name**: after a comma, a dash or a tab,
  in brackets, or in a column of its own, written in any language CLDR knows
  (``lexicon.lookup_country``).  A country word inside the name is the name ("ACAT-France",
  "ICJ Kenya", "Amnesty International Mongolia", "(ACAT TOGO)" set no country).  When
  taking the country off would leave a bare acronym ("ACAT, GHANA"), the name keeps the
  country ("ACAT Ghana") and ``country`` is set too: a national section of a network is
  its own organisation.  "International", "Global" in a country's place is a scope, and
  dropped (the letter format carries ISO codes only).
* **Acronyms** are short forms in brackets or after a dash, after or before the name
  ("FIDH – International Federation for Human Rights", "MINBYUN – Lawyers for a Democratic
  Society", "FIDH (International Federation ...)", "GALE, The Global Alliance ..."), a
  trailing run of capitals ("CIDH AFRICA"), and mixed-case short forms ("(Cepaz)",
  "– Provea", "(Frayba)", "(Centro Prodh)", "(Red TDT)"): one or two capitalised words,
  much shorter than the name, that are not a place.  A longer bracketed text is another
  name of the organisation ("Human Rights Association (Insan Haklari Dernegi)").
  ``(JWF.org)`` is kept as printed: it is how the organisation styles its short name.
* **Qualifiers** (", within the framework of ...", "on behalf of ...") are kept apart.
* **Languages.**  A Latin name's ``lang`` comes from its own words and is ``None`` when
  they say nothing ("Swedwatch", "IFEX").
"""

from __future__ import annotations

import re

from .. import lexicon
from ..scripts import (
    char_script,
    han_script,
    han_variants,
    lang_for_script,
    script_counts,
    to_traditional,
)
from .patterns import LEGAL_SUFFIX_RE, NAME_STOP, QUALIFIER_RE
from .text import (
    FOOTNOTE_MARKS,
    INVISIBLE,
    MAX_ENTRY,
    WHITESPACE_ODD,
    acronym_like,
    anomaly,
    clean,
    clean_spaces,
    initials_match,
    letters,
    softened,
    strongly_acronym,
)

_anomaly = anomaly
_clean = clean
_clean_spaces = clean_spaces
_softened = softened

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
    while stop < len(text) and text[stop] in ")）」』》〉”\"'»" and (
            seg.count("(") + seg.count("（") > seg.count(")") + seg.count("）")
            or seg.count("«") > seg.count("»")
            or text[stop] in "」』》〉”"):
        stop += 1
        seg = text[first:stop]
    # Opening brackets/quotes right before the run.
    while first > 0 and text[first - 1] in "(（「『《〈“\"'«":
        first -= 1
    before, other, after = text[:first], text[first:stop], text[stop:]
    if positions["Latn"][0] > first:
        # The other script comes first: it is the primary name.
        latin = _sep_strip(after if _sep_strip(after) else before)
        other = _sep_strip(other)
        return [(other, script), (latin, "Latn")] if latin else [(other, script)]
    words = before.split()
    if len(words) >= 2 and script in ("Hani", "Jpan", "Kore"):
        last_word = words[-1]
        earlier = {w.strip("(),") for w in words[:-1]}
        if (len(last_word) >= 3 and last_word[0].isupper() and last_word in earlier
                and not lexicon.lookup_country(last_word)):
            cut = before.rstrip().rfind(last_word)
            other = before[cut:].strip() + " " + other.strip()
            before = before[:cut]
    tail = _sep_strip(after)
    latin = (_sep_strip(before) + " " + tail).strip() if tail else _sep_strip(before)
    return [(latin, "Latn"), (_sep_strip(other), script)]


_SEPARATORS = " /|–—-:=,;\t"


def _sep_strip(text: str) -> str:
    """A segment without the separator that stood between two scripts ("English / Arabic",
    "Arabic – English")."""
    return text.strip().strip(_SEPARATORS).strip()


_OTHER_ACRONYM = re.compile(r"^(.*\S)\s*[(（]\s*([A-Za-z][\w.&\- ]{0,20}?)\s*[)）]\s*$")
_OTHER_COUNTRY = re.compile(r"^(.*\S)\s*(?:[,،，、]|\s[-–—]|[-–—]\s|[(（])\s*([^,،，、()（）\-–—]{2,40}?)"
                            r"\s*[)）]?\s*$")


def _peel_other(text: str) -> tuple[str, str | None, str | None]:
    """(name, acronym, country) of a name in another script: a Latin acronym in brackets
    or a country set apart after it are annotations, as they are after a Latin name."""
    acronym = country = None
    if len(text) > MAX_ENTRY:
        return text, None, None
    m = _OTHER_COUNTRY.match(text)
    if m:
        code = lexicon.lookup_country(m[2])
        if code:
            country, text = code, m[1].strip(_SEPARATORS)
    m = _OTHER_ACRONYM.match(text)
    if m and acronym_like(m[2].replace(" ", "")) and char_script(m[1][-1:] or " ") != "Latn":
        acronym, text = m[2].strip(), m[1].strip()
    return text, acronym, country


_COUNTRY_AFTER_SEP = re.compile(
    r"^(.*\S)\s*(?:,|\s[-–—|]|\t|[-–—]\s)\s*([^,\t–—()|]+?)\s*\.?\s*$")
_COUNTRY_IN_BRACKETS = re.compile(r"^(.*?\S)\s*\(\s*([^()]+?)\s*\)\s*$")
_PAREN_AT_END = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*(,?\s*[^(),]{0,12})$")
_DASH_ACRONYM = re.compile(r"^(.*\S)\s+[-–—]\s+(\S+)$")
_CAPS_WORD = re.compile(r"[A-Z][A-Z0-9&.\-]+")
_TWO_LANGUAGES = re.compile(r"\s+[-–—/]\s+|(?<=[^\W\d_])/(?=[^\W\d_])|(?<=[^\W\d_])/\s+")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.|\b(?:Inc|Ltd|Co|Corp|Jr|Sr|St|Nr|No|Bros|Assn"
                               r"|Intl|Dept|etc|ev|asbl|Cía|Cia|Esq)\.)$", re.IGNORECASE)
_GLUED_ACRONYM = re.compile(r"^(.*[^\W\d_])-([A-Z][A-Z0-9&+]{2,11})$")


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
        return (len(tok) <= 10 and initials_match(tok, name) and tok[:1].isupper()) or \
            short_form(tok, name)
    if len(tokens) <= 3 and (strongly_acronym(tokens[0]) or all(strongly_acronym(t) for t in tokens)):
        return True
    if short_form(content, name):
        return True
    return len(tokens) <= 3 and name.casefold().startswith(content.casefold())


def short_form(content: str, name: str) -> bool:
    """A mixed-case short name: one or two capitalised words, much shorter than the name,
    that are not a place or a scope ("Cepaz", "Provea", "Frayba", "Centro Prodh",
    "Red TDT", "Dejusticia")."""
    tokens = content.split()
    if not 1 <= len(tokens) <= 2 or len(content) > (12 if len(tokens) == 1 else 13):
        return False
    if not all(t[:1].isupper() and t[:1].isalpha() for t in tokens):
        return False
    words = name.split()
    if len(words) < (3 if len(tokens) == 1 else 4) or len(content) * 2 > len(name):
        return False
    folded = lexicon.fold(content)
    if (folded in lexicon.INTERNATIONAL_WORDS or lexicon.lookup_country(content)
            or lexicon.is_region(content)):
        return False
    name_words = {lexicon.fold(w.strip("(),.-")) for w in words}
    return not all(lexicon.fold(t) in name_words for t in tokens)


def _parse_latin(text: str) -> dict:
    """Structure of an item's first non-Chinese name: name, other names (brackets),
    acronym, country, qualifier."""
    s = _clean(text, keep_tabs=True)
    result = {"name": "", "alt": [], "acronym": None, "country": None, "qualifier": None,
              "unread_column": None}

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
            elif code:
                continue  # a second country column
            else:
                result["unread_column"] = col

    # A name written in two languages of one script: "Council of Africa - Conseil de
    # l'Afrique", "Instituto del Tercer Mundo (ITEM) / Social Watch".
    masked = re.sub(r"\([^()]*\)", lambda m: "x" * len(m[0]), s)  # never inside brackets
    cuts = list(_TWO_LANGUAGES.finditer(masked))
    parts = [s[:cuts[0].start()], s[cuts[0].end():]] if len(cuts) == 1 else [s]
    if len(parts) == 2 and "\t" not in s:
        left, right = parts[0].strip(), parts[1].strip()
        lang_left = lexicon.latin_language(re.sub(r"\([^()]*\)", "", left))
        lang_right = lexicon.latin_language(right)
        if (len(left.split()) >= 2 and len(right.split()) >= 2 and lang_left and lang_right
                and lang_left != lang_right and right[:1].isupper()
                and not lexicon.lookup_country(right) and not lexicon.is_region(right)):
            first = _parse_latin(left)
            second = _parse_latin(right)
            first["alt"] = [second["name"], *first["alt"], *second["alt"]]
            for key in ("acronym", "country", "qualifier", "unread_column"):
                first[key] = result[key] or first[key] or second[key]
            return first
    # A trailing full stop ends the sentence, not the name ("Fundación Corona."), unless
    # it ends an abbreviation ("Inc.", "A.C.", "e.V.", "U.S.").
    if s.endswith(".") and not s.endswith("..") and not _ABBREVIATION_END.search(s):
        s = s[:-1].rstrip()
    # An acronym glued on with a hyphen: "... Southern Africa-ARASA", "... Québec-FIQ".
    m = _GLUED_ACRONYM.match(s)
    if m and len(m[1].split()) >= 3 and not lexicon.lookup_country(m[2]):
        result["acronym"] = m[2]
        s = m[1]
    for _ in range(6):
        before = s
        # The country a column gave, written after the name too ("11.11.11, Belgium").
        if result["country"]:
            rest, code, printed = _take_country_suffix(s)
            if code == result["country"] and rest.strip(" ,-–—") and not acronym_like(
                    rest.strip(" ,-–—")) or code == result["country"] and printed.startswith("("):
                s = rest
                continue
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
                    result["bare"] = rest.strip(" ,-–—")
                    s = f"{result['bare']} {_softened(printed)}".strip()
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
        if m and (strongly_acronym(m[2]) or short_form(m[2], m[1])) and result["acronym"] is None \
                and not lexicon.lookup_country(m[2]):
            result["acronym"] = m[2]
            s = m[1]
            continue
        # Trailing run of capitals after an ordinary name ("... North Africa CIDH AFRICA").
        words = s.split()
        k = len(words)
        while k > 0 and _CAPS_WORD.fullmatch(words[k - 1]) and len(letters(words[k - 1])) >= 2 \
                and not LEGAL_SUFFIX_RE.match(words[k - 1]):
            k -= 1
        if 0 < k < len(words) and k >= 2 and result["acronym"] is None:
            tail = " ".join(words[k:])
            lead = words[:k]
            caps = words[k:]
            # A shouted word ("... des droits HUMAINS") is no acronym: a short run, one
            # that spells the name's initials, or one that is no word is.
            plausible = len(caps) >= 2 or len(letters(caps[0])) <= 5 or initials_match(
                caps[0], " ".join(lead)) or not lexicon.known_word(caps[0])
            if (words[k - 1].lower() not in NAME_STOP and not lexicon.lookup_country(tail)
                    and sum(1 for w in lead if w.isupper() and len(letters(w)) >= 2) == 0
                    and plausible
                    and all(len(letters(w)) >= 2 for w in caps)):
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
    # Leading acronym, a dash, the name: "FIDH – International Federation for Human Rights",
    # "MINBYUN – Lawyers for a Democratic Society".
    m = re.match(r"^(\S+)\s+[-–—]\s+(\S.*)$", s)
    if m and result["acronym"] is None and strongly_acronym(m[1]) and len(m[2].split()) >= 2 \
            and m[2][:1].isupper() and not lexicon.lookup_country(m[2]):
        result["acronym"] = m[1]
        s = m[2]
    # Leading acronym, comma or dash, expansion: "GALE, The Global Alliance ...".
    m = re.match(r"^(\S+?)\s*(,|:|\.|\s[-–—])\s+(.+)$", s)
    if m and result["acronym"] is None and len(m[3].split()) >= 2 \
            and not lexicon.lookup_country(m[3]) and (
                acronym_like(m[1]) and initials_match(m[1], m[3]) and m[2] != "."
                or m[2] == "." and strongly_acronym(m[1]) and initials_match(m[1], m[3])
                # "CIVICUS: World Alliance ...", "Repongac: Network of ...": a short name
                # and what it stands for.
                or m[2] == ":" and len(m[3].split()) >= 3 and m[3][:1].isupper()
                and len(m[1]) <= 12 and m[1][:1].isupper() and m[1].isalpha()):
        result["acronym"] = m[1]
        s = m[3]
    # Country left inside an expansion ("Action by Christians Against Torture - UK").
    if not result["country"]:
        rest, code, printed = _take_country_suffix(s)
        if code and code != "INT" and not acronym_like(rest) and rest.strip():
            result["country"], s = code, rest
    s = s.strip(" ,;:-–—")
    result["alt"] = [a.strip(" ,;:-–—") for a in result["alt"] if a.strip(" ,;:-–—")]
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

    if len(work) > MAX_ENTRY:
        anomalies.append(_anomaly(
            "long_entry", ref, f"{label}: {len(work)} characters is not a name; kept as "
            "printed, check where the list was cut"))
        value = _clean(work)[:MAX_ENTRY * 4]
        signatory = {"number": number, "raw": raw if raw is not None else text,
                     "names": [{"text": value, "script": "", "lang": None}], "acronym": None,
                     "country": None, "qualifier": None, "printed": [value]}
        return signatory, anomalies
    segments = _split_scripts(work)
    names: list[dict] = []
    printed: list[str] = []
    structure = None
    other_acronym = other_country = None
    for seg_text, script in segments:
        if len(segments) > 1:
            seg_text = _unwrap(seg_text)
        if seg_text.strip():
            printed.append(_clean_spaces(seg_text))
        if script == "Latn" and structure is None:
            structure = _parse_latin(seg_text)
            for value in [structure["name"], *structure["alt"]]:
                if value:
                    names.append({"text": value, "script": "Latn",
                                  "lang": lexicon.latin_language(value)})
            continue
        value = _clean_spaces(seg_text)
        if script != "Latn":
            value, acronym, country = _peel_other(value)
            other_acronym = other_acronym or acronym
            other_country = other_country or country
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
        elif script not in ("Jpan", "Kore"):
            counts = script_counts(value)
            script = max(counts, key=counts.get, default=script)
            if script == "Latn":
                script = "Zyyy"
        names.append({"text": value, "script": script, "lang": lang_for_script(script, value)})

    structure = structure or {"acronym": None, "country": None, "qualifier": None}
    if structure.get("unread_column"):
        anomalies.append(_anomaly(
            "unread_column", ref, f"{label}: '{structure['unread_column']}' in a column of its "
            "own was not read (not a country or an acronym the parser knows)"))
    if structure["acronym"] is None and other_acronym:
        structure["acronym"] = other_acronym
    if structure["country"] is None and other_country:
        structure["country"] = other_country
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
        "printed": printed,
    }
    if structure.get("bare"):
        signatory["_bare"] = structure["bare"]  # see letter.sections_keep_their_country
    return signatory, anomalies


