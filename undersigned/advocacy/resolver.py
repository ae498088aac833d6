"""Turn state names as people write them into UN Member and observer States.

``resolve_state`` takes one name; ``resolve_list`` a list pasted from a UN document,
a statement or an NGO page; ``parse_vote`` a recorded vote. A name is resolved only
when it is a known form of exactly one state: anything else is reported under
``unresolved``, with "did you mean" suggestions that are never applied.

How a list is read: the text is cut into tokens (words, each CJK character, the
punctuation that separates items, line breaks and footnote marks). At each word the
longest run of tokens that is a known name is taken, provided it ends at the end of
an item (punctuation, a line break, a footnote mark, "and", or a connecting phrase
such as "on behalf of"): "Niger Delta" is not read as Niger. Line breaks inside a
run are ignored, so a name broken over two lines is still found, and commas and
"and" inside a known name ("Korea, Republic of", "Trinidad and Tobago") are part of
it. Regional organisations and groups go to ``others``; connecting words ("the",
"on behalf of", "and my own country", "and its member States") are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from .reference import State, all_states, get_state, territories

# --- tokens ---------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"""
    (?P<mark>\(\s*\*+\s*\)|\*+|[†‡])
  | (?P<abbr>\b(?:[A-Za-z]\.\s?){2,}(?![A-Za-z]))
  | (?P<saint>\b(?:St|ST|Ste)\.)
  | (?P<cjk>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])
  | (?P<note>[\u00b2\u00b3\u00b9\u2070-\u2079]+)
  | (?P<word>(?:[^\W_\u00b2\u00b3\u00b9\u2070-\u2079]|[\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed])+
             (?:['’ʼ‘](?:[^\W_\u00b2\u00b3\u00b9\u2070-\u2079]|[\u0300-\u036f\u064b-\u065f])+)*)
  | (?P<amp>&)
  | (?P<nl>\r?\n|\r|\t|[ \u00a0]{2,})
  | (?P<dash>(?<=\s)[-‐‑][ \u00a0]|[–—―])
  | (?P<sep>[,;:()\[\]{}、，；：（）،؛/|•·.!?"“”«»„])
    """,
    re.VERBOSE,
)

_SEP_NORM = {"，": ",", "、": ",", "،": ",", "；": ";", "؛": ";", "：": ":", "（": "(", "）": ")"}
# Separators that may occur inside a known name ("Korea, Republic of", "Iran (Islamic
# Republic of)", "Congo, Dem. Rep."); the others always end a name.
_INNER_SEPS = {",", "(", ")", ".", "-"}
_KEY_SEPS = {",", "(", ")"}
_CONNECTORS = {"and", "et", "y", "e", "и", "und", "和", "及", "与", "或", "or", "ou", "o", "و"}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # word | sep | nl | mark
    norm: str
    start: int
    end: int
    raw: str


# "St" is Saint; "Peoples" is what "People's" becomes when the apostrophe is lost.
_WORD_NORMS = {"st": "saint", "ste": "sainte", "sta": "santa", "peoples": "people"}
_ELISION_RE = re.compile(r"[lL]['’](?=[^\W\d_]{2})")
_POSSESSIVE_RE = re.compile(r"(?<=[^\W\d_]{2})['’ʼ][sS]$")


def _fold(text: str) -> str:
    """Case-fold, drop diacritics and apostrophes."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"['’ʼ‘\u0640]", "", text)  # apostrophes, Arabic tatweel


@cache
def _simplified(char: str) -> str:
    """A Traditional Chinese character as Simplified, so 韓國 and 韩国 meet."""
    try:
        return _opencc_t2s().convert(char)
    except ImportError:  # pragma: no cover - OpenCC is a dependency
        return char


@cache
def _opencc_t2s():
    import opencc

    return opencc.OpenCC("t2s")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        raw = m.group()
        if kind == "mark":
            tokens.append(Token("mark", "*", m.start(), m.end(), raw))
        elif kind == "abbr":
            tokens.append(Token("word", re.sub(r"[.\s]", "", raw).casefold(), *m.span(), raw))
        elif kind == "saint":
            norm = "sainte" if raw.lower().startswith("ste") else "saint"
            tokens.append(Token("word", norm, m.start(), m.end(), raw))
        elif kind == "cjk":
            tokens.append(Token("word", _simplified(raw), m.start(), m.end(), raw))
        elif kind == "word":
            start, end = m.start(), m.end()
            elided = _ELISION_RE.match(raw)
            if elided:  # French "l'Allemagne": the article, then the name
                cut = elided.end()
                tokens.append(Token("word", "l", start, start + cut, raw[:cut]))
                raw, start = raw[cut:], start + cut
            possessive = _POSSESSIVE_RE.search(raw)
            if possessive:  # "Chile's" -> Chile; "People's" -> People
                raw = raw[: possessive.start()]
                end = start + len(raw)
            norm = _fold(raw)
            norm = _WORD_NORMS.get(norm, norm)
            tokens.append(Token("word", norm, start, end, raw))
        elif kind == "amp":
            tokens.append(Token("word", "and", m.start(), m.end(), raw))
        elif kind == "note":  # superscript footnote numbers: end a name, mean nothing
            tokens.append(Token("nl", "\n", m.start(), m.end(), raw))
        elif kind == "nl":
            tokens.append(Token("nl", "\n", m.start(), m.end(), raw))
        elif kind == "dash":
            tokens.append(Token("sep", "-", m.start(), m.end(), raw))
        else:
            tokens.append(Token("sep", _SEP_NORM.get(raw, raw), m.start(), m.end(), raw))
    return tokens


def _key(tokens: Iterable[Token], *, bare: bool = False) -> str:
    parts = []
    for t in tokens:
        if t.kind == "word":
            parts.append(t.norm)
        elif t.kind == "sep" and not bare and t.norm in _KEY_SEPS:
            parts.append(t.norm)
    return " ".join(parts)


def _keys_for(name: str) -> set[str]:
    """Index keys for one written form: as written, without punctuation, without a
    leading article, and for "X, Y"/"X (Y)" also "Y X"."""
    toks = [t for t in tokenize(name) if t.kind in ("word", "sep")]
    while toks and toks[0].kind == "word" and toks[0].norm in _ARTICLES:
        toks = toks[1:]
    keys = {_key(toks), _key(toks, bare=True)}
    seps = [i for i, t in enumerate(toks) if t.kind == "sep" and t.norm in _KEY_SEPS]
    if len(seps) == 1 and toks[seps[0]].norm == ",":
        i = seps[0]
        keys.add(_key(toks[i + 1 :] + toks[:i], bare=True))
    if len(seps) == 2 and toks[seps[0]].norm == "(" and toks[seps[1]].norm == ")":
        i, j = seps
        keys.add(_key(toks[i + 1 : j] + toks[:i] + toks[j + 1 :], bare=True))
    out = set()
    for key in keys:
        words = key.split()
        while words and words[0] in _ARTICLES:
            words = words[1:]
        if words:
            out.add(" ".join(words))
    return out


def _is_code_like(name: str) -> bool:
    """Short all-capitals forms (USA, UK, DRC, UAE, EU) only match in capitals."""
    compact = re.sub(r"[.\s]", "", name)
    return len(compact) <= 5 and sum(c.isupper() for c in compact) >= 2 and " " not in name.strip()


# Leading articles are never part of a name as resolved ("the Netherlands" is read as
# "Netherlands"). Spanish "el" is left out: El Salvador.
_ARTICLES = {"the", "la", "le", "les", "l", "los", "las"}

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Chinese connecting phrases (each character is a token), longest first.
_CJK_FILLER = ("我国代表团", "代表团", "以下国家", "代表", "以及", "我国", "国家", "本国")

# fmt: off
# Words dropped when they are not part of a name: articles, "on behalf of", "and my
# own country", "and its member States", "joined by", counts ...
_FILLER = {
    *_ARTICLES,
    *_CONNECTORS,
    "el",  # not an article in keys (El Salvador), but dropped before other names
    "a", "an", "on", "behalf", "of", "my", "own", "country", "countries", "its", "their",
    "member", "members", "state", "states", "as", "well", "together", "with", "joined",
    "by", "co", "cosponsors", "cosponsor", "sponsors", "sponsor", "sponsored",
    "cosponsored", "following", "statement", "joint", "delivered", "including",
    "namely", "also", "in", "addition", "core", "group", "cross", "regional",
    "interregional", "plus", "other", "others",
    "observer", "observers", "non", "signatories", "signatory", "signed", "list",
    "further", "additional", "is", "are", "was", "were", "has", "have", "been",
    "which", "who", "that", "this", "these", "those", "follows", "vote", "voting",
    "au", "nom", "de", "du", "des", "pays", "suivants", "ainsi", "que", "mon", "propre",
    "en", "nombre", "del", "mi", "propio", "pais", "paises", "asi", "como", "siguientes",
    "от", "имени", "的", "国", "等",
    "draft", "resolution", "decision", "adopted", "rejected", "recorded", "result",
    "coordinator", "chair", "mr", "ms", "mrs", "madam", "president", "i", "we", "total",
}


@dataclass(frozen=True)
class _Entry:
    kind: str  # "state" | "group" | "organisation" | "territory"
    ident: str  # iso3 for states, canonical name otherwise
    case_sensitive: tuple[str, ...] = ()  # compact forms that must match exactly


# Regional organisations and negotiating groups that sign or are named in statements.
ORGANISATIONS: list[tuple[str, str, list[str]]] = [
    ("European Union", "organisation", ["EU", "E.U.", "Union européenne", "Unión Europea",
                                         "Европейский союз", "欧洲联盟", "欧盟", "الاتحاد الأوروبي"]),
    ("African Union", "organisation", ["AU", "Union africaine", "Unión Africana"]),
    ("Organisation of Islamic Cooperation", "organisation", [
        "OIC", "Organization of Islamic Cooperation", "Organisation of the Islamic Cooperation",
        "伊斯兰合作组织", "منظمة التعاون الإسلامي",
        "Organization of the Islamic Conference", "Organisation de la coopération islamique",
        "OCI", "Organización de Cooperación Islámica"]),
    ("League of Arab States", "organisation", ["Arab League", "LAS"]),
    ("Group of Arab States", "group", ["Arab Group", "Group of the Arab States", "阿拉伯国家集团",
                                       "المجموعة العربية"]),
    ("Group of African States", "group", ["African Group", "Groupe des États d'Afrique",
                                          "非洲国家集团", "非洲集团", "المجموعة الأفريقية",
                                          "Groupe africain", "Grupo de Estados de África",
                                          "Grupo Africano"]),
    ("Group of Asia-Pacific States", "group", ["Asia-Pacific Group",
            "Group of Asia and the Pacific Small Island Developing States",
            "Asia and the Pacific Group", "Asia Pacific Group",
                                               "Group of Asian States", "Asian Group", "APG"]),
    ("Group of Eastern European States", "group", ["Eastern European Group", "EEG"]),
    ("Group of Latin American and Caribbean States", "group", [
        "GRULAC", "Latin American and Caribbean Group",
        "Group of Latin American and Caribbean Countries"]),
    ("Group of Western European and other States", "group", [
        "WEOG", "Western European and Others Group", "Western European and Other States Group",
        "Group of Western European and Other States"]),
    ("Group of 77 and China", "group", ["G77 and China", "G-77 and China", "G77", "G-77",
                                        "77国集团和中国",
                                        "Group of 77", "Groupe des 77 et la Chine"]),
    ("Non-Aligned Movement", "group", ["NAM", "Movement of Non-Aligned Countries", "不结盟运动",
                                       "Mouvement des pays non alignés"]),
    ("Like-Minded Group", "group", ["LMG", "Like Minded Group", "Like-Minded Group of countries"]),
    ("Nordic-Baltic countries", "group", ["Nordic-Baltic Eight", "NB8", "Nordic Baltic countries",
                                          "Nordic and Baltic countries", "Nordic countries",
                                          "Baltic States", "Nordic-Baltic group"]),
    ("Benelux", "group", ["Benelux countries"]),
    ("Caribbean Community", "organisation", ["CARICOM"]),
    ("Association of Southeast Asian Nations", "organisation", ["ASEAN"]),
    ("Gulf Cooperation Council", "organisation", ["GCC", "Cooperation Council for the Arab States of the Gulf"]),
    ("Community of Latin American and Caribbean States", "organisation", ["CELAC"]),
    ("Southern Common Market", "organisation", ["MERCOSUR", "Mercosur"]),
    ("Community of Portuguese Language Countries", "organisation", ["CPLP"]),
    ("Organisation internationale de la Francophonie", "organisation", [
        "OIF", "Francophonie", "International Organisation of La Francophonie"]),
    ("Commonwealth", "organisation", ["Commonwealth of Nations"]),
    ("Council of Europe", "organisation", ["CoE"]),
    ("Organization for Security and Co-operation in Europe", "organisation", ["OSCE"]),
    ("Pacific Islands Forum", "organisation", ["PIF"]),
    ("Small Island Developing States", "group", ["SIDS"]),
    ("Least Developed Countries", "group", ["LDCs", "LDC Group"]),
    ("Group of Friends", "group", []),
    ("Sovereign Order of Malta", "organisation", ["Order of Malta", "Sovereign Military Order of Malta"]),
]
# fmt: on


@cache
def _index() -> tuple[dict[str, _Entry], dict[str, set[str]], int]:
    """Key -> entry for every known form; key -> iso3s for forms shared by several
    states (never resolved, only suggested); the longest key in tokens."""
    states: dict[str, set[str]] = {}
    codes: dict[tuple[str, str], set[str]] = {}
    for s in all_states():
        for form in {*s.names.values(), *s.aliases}:
            for key in _keys_for(form):
                states.setdefault(key, set()).add(s.iso3)
                if _is_code_like(form):
                    codes.setdefault((key, s.iso3), set()).add(re.sub(r"[.\s]", "", form))
    index: dict[str, _Entry] = {}
    ambiguous: dict[str, set[str]] = {}
    for key, iso3s in states.items():
        if len(iso3s) > 1:
            ambiguous[key] = iso3s
            continue
        (iso3,) = iso3s
        index[key] = _Entry("state", iso3, tuple(codes.get((key, iso3), ())))
    for name, kind, aliases in ORGANISATIONS:
        for form in (name, *aliases):
            for key in _keys_for(form):
                cs = (re.sub(r"[.\s]", "", form),) if _is_code_like(form) else ()
                index.setdefault(key, _Entry(kind, name, cs))
    for t in territories():
        for form in {*t["names"].values(), *t["aliases"]}:
            for key in _keys_for(form):
                if key not in index and key not in ambiguous:
                    index[key] = _Entry("territory", t["names"]["en"])
    longest = max(len(k.split()) for k in index)
    return index, ambiguous, longest


def _entry_matches(entry: _Entry, raw: str) -> bool:
    if not entry.case_sensitive:
        return True
    return re.sub(r"[.\s]", "", raw) in entry.case_sensitive


# --- one name ---------------------------------------------------------------------


def resolve_state(name: str) -> State | None:
    """The state ``name`` denotes, or None when it is unknown or ambiguous.

    Accepts UN short and formal names, common English forms, the names in the six UN
    languages (and zh-Hant), ISO inverted forms ("Korea, Republic of") and ISO 3166
    alpha-2/alpha-3 codes written in capitals ("FR", "FRA")."""
    text = (name or "").strip().strip("*†‡").strip()
    if not text:
        return None
    if re.fullmatch(r"[A-Z]{2,3}", text):
        try:
            return get_state(text)
        except KeyError:
            pass
    toks = [t for t in tokenize(text) if t.kind in ("word", "sep")]
    while toks and toks[-1].kind == "sep" and toks[-1].norm not in (")",):
        toks.pop()
    text = text[toks[0].start : toks[-1].end] if toks else text
    found = _lookup(text)
    # A lone short form in lower case ("usa", "drc") is still unambiguous here.
    if found is None and re.fullmatch(r"[A-Za-z.]{3,6}", text) and text != text.upper():
        found = _lookup(text.upper())
    return found


def _lookup(text: str) -> State | None:
    index, _, _ = _index()
    for key in _keys_for(text):
        entry = index.get(key)
        if entry and entry.kind == "state" and _entry_matches(entry, text):
            return get_state(entry.ident)
    return None


@cache
def _suggestion_index() -> tuple[dict[str, str], list[str], dict[str, set[str]]]:
    """Keys to suggest from (key -> iso3), as a list for rapidfuzz, and word -> iso3s."""
    index, _, _ = _index()
    choices = {k: e.ident for k, e in index.items() if e.kind == "state" and not e.case_sensitive}
    words: dict[str, set[str]] = {}
    for key, code in choices.items():
        for word in key.split():
            words.setdefault(word, set()).add(code)
    return choices, list(choices), words


def suggest_states(name: str, limit: int = 3) -> list[State]:
    """Likely states for an unknown name ("did you mean"); never applied automatically."""
    query = _key(tokenize(name), bare=True)
    if not query:
        return []
    return [get_state(c) for c in _suggest(query)[:limit]]


@lru_cache(maxsize=4096)
def _suggest(query: str) -> tuple[str, ...]:
    from rapidfuzz import fuzz, process

    _, ambiguous, _ = _index()
    choices, keys, words = _suggestion_index()
    found: list[str] = sorted(ambiguous.get(query, ()))
    # A part shared by a few states' names ("Korea" -> both Koreas).
    if len(query) >= 4:
        parts = query.split()
        sharing = set.intersection(*(words.get(w, set()) for w in parts))
        sharing = {c for c in sharing if any(f" {query} " in f" {k} " for k in _keys_of(c))}
        if len(sharing) <= 4:
            found += [c for c in sorted(sharing) if c not in found]
    # A word of the name that is itself a state's name ("Niger Delta" -> Niger).
    for word in query.split():
        if word in choices and len(word) > 3 and choices[word] not in found:
            found.append(choices[word])
    for key, _score, _ in process.extract(
        query, keys, scorer=fuzz.ratio, limit=18, score_cutoff=75
    ):
        if choices[key] not in found:
            found.append(choices[key])
    return tuple(found)


@cache
def _keys_by_state() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, code in _suggestion_index()[0].items():
        out.setdefault(code, []).append(key)
    return out


def _keys_of(code: str) -> list[str]:
    return _keys_by_state().get(code, [])


# --- lists ------------------------------------------------------------------------


def _state_item(state: State, as_written: str, marked: bool) -> dict:
    return {
        "as_written": as_written,
        "iso2": state.iso2,
        "iso3": state.iso3,
        "name": state.name,
        "marked": marked,
    }


def _suggestion(state: State) -> dict:
    return {"iso2": state.iso2, "iso3": state.iso3, "name": state.name}


# Past this many unknown names in one text, the rest get no suggestions (a paste of
# a whole report should not cost seconds).
MAX_SUGGESTED = 200


class _Reader:
    def __init__(self, text: str):
        self.text = unicodedata.normalize("NFC", text)
        self.tokens = tokenize(self.text)
        self.index, _, self.longest = _index()

    def boundary(self, j: int) -> bool:
        """True when a name may end before token ``j``."""
        if j >= len(self.tokens):
            return True
        t = self.tokens[j]
        if t.kind != "word":
            return True
        # Arabic glues "and" (و) to the next name.
        return self.filler_len(j) > 0 or (len(t.norm) > 2 and t.norm.startswith("و"))

    def filler_len(self, i: int) -> int:
        """How many tokens from ``i`` are a connecting word or phrase (0: none)."""
        t = self.tokens[i]
        if t.kind != "word":
            return 0
        if t.norm in _FILLER or t.norm.isdigit():
            return 1
        if len(t.norm) == 1 and _CJK_RE.match(t.norm):
            for phrase in _CJK_FILLER:
                run = self.tokens[i : i + len(phrase)]
                if len(run) == len(phrase) and "".join(u.norm for u in run) == phrase:
                    return len(phrase)
        return 0

    def match(self, i: int) -> tuple[int, _Entry] | None:
        """The longest known name starting at word token ``i``: (end, entry)."""
        toks = self.tokens
        if toks[i].kind != "word":
            return None
        window: list[Token] = []
        candidates: list[tuple[int, list[Token]]] = []
        j = i
        while j < len(toks) and len(window) < self.longest + 4:
            t = toks[j]
            if t.kind == "mark" or (t.kind == "sep" and t.norm not in _INNER_SEPS):
                break
            j += 1
            if t.kind == "nl":
                continue
            window.append(t)
            if t.kind == "word" or t.norm == ")":
                candidates.append((j, list(window)))
        for end, win in reversed(candidates):
            if not self.boundary(end):
                continue
            raw = self.text[win[0].start : win[-1].end]
            for key in self._window_keys(win):
                entry = self.index.get(key)
                if entry and _entry_matches(entry, raw):
                    return end, entry
        return None

    @staticmethod
    def _window_keys(win: list[Token]) -> list[str]:
        keys = [_key(win)]
        first = win[0].norm
        # Arabic lists glue "and" (و) to the next name.
        if len(first) > 2 and first.startswith("و"):
            rest = Token("word", first[1:], 0, 0, "")
            keys.append(_key([rest, *win[1:]]))
        return keys

    def read(self) -> dict:
        toks = self.tokens
        states: list[dict] = []
        seen: dict[str, dict] = {}
        duplicates: list[dict] = []
        others: list[dict] = []
        unresolved: list[dict] = []
        i = 0
        lead_mark = False
        last_item: dict | None = None
        while i < len(toks):
            t = toks[i]
            if t.kind == "mark":
                # "*Andorra" marks the next name; "Andorra,*" (the style of UN
                # L-documents) and "Andorra *" mark the one before.
                nxt = toks[i + 1] if i + 1 < len(toks) else None
                if nxt is not None and nxt.kind == "word" and nxt.start == t.end:
                    lead_mark = True
                elif last_item is not None:
                    last_item["marked"] = True
                i += 1
                continue
            if t.kind != "word":
                if t.kind == "sep":
                    lead_mark = False
                i += 1
                continue
            hit = self.match(i)
            if hit:
                end, entry = hit
                last = end - 1
                while toks[last].kind == "nl":
                    last -= 1
                as_written = self.text[t.start : toks[last].end]
                marked = lead_mark
                while end < len(toks) and toks[end].kind == "mark":
                    marked = True
                    end += 1
                lead_mark = False
                if entry.kind == "state":
                    state = get_state(entry.ident)
                    item = _state_item(state, " ".join(as_written.split()), marked)
                    if state.iso3 in seen:
                        seen[state.iso3]["marked"] |= marked
                        duplicates.append(item)
                        last_item = seen[state.iso3]
                    else:
                        seen[state.iso3] = item
                        states.append(item)
                        last_item = item
                else:
                    last_item = {
                        "as_written": " ".join(as_written.split()),
                        "kind": entry.kind,
                        "name": entry.ident,
                        "marked": marked,
                    }
                    others.append(last_item)
                i = end
                continue
            skip = self.filler_len(i)
            if skip:
                i += skip
                continue
            # An unknown name: up to the end of the item or the next known name.
            j = i + 1
            last_word = i
            while j < len(toks):
                u = toks[j]
                if u.kind in ("nl", "mark") or (u.kind == "sep" and u.norm != "."):
                    break
                if u.kind == "word":
                    if u.norm in _CONNECTORS or self.match(j):
                        break
                    skip = self.filler_len(j)
                    if skip:
                        j += skip
                        continue
                    last_word = j
                j += 1
            written = " ".join(self.text[t.start : toks[last_word].end].split())
            hints = suggest_states(written) if len(unresolved) < MAX_SUGGESTED else []
            unresolved.append(
                {"as_written": written, "did_you_mean": [_suggestion(s) for s in hints]}
            )
            lead_mark = False
            last_item = None
            i = j
        return {
            "states": states,
            "others": others,
            "unresolved": unresolved,
            "duplicates": duplicates,
        }


def resolve_list(text: str) -> dict:
    """Read a pasted list of states.

    Returns ``{"states": [...], "others": [...], "unresolved": [...], "duplicates": [...]}``
    in the order written. Each state is ``{"as_written", "iso2", "iso3", "name",
    "marked"}`` where ``marked`` is true when the name carried an asterisk or dagger
    (commonly: not a member of the Council). A state named twice is listed once (the
    later mentions are under ``duplicates``). ``others`` holds organisations, groups
    and territories that are not UN Member or observer States (``{"as_written",
    "kind", "name", "marked"}``); ``unresolved`` holds everything else that looked like a name,
    each with ``did_you_mean`` suggestions."""
    return _Reader(text or "").read()


# --- votes ------------------------------------------------------------------------

_VOTE_HEADINGS = {
    "yes": r"in\s+favou?r|yes|for|pour|a\s+favor|votos\s+a\s+favor|за",
    "no": r"against|no|contre|en\s+contra|против",
    "abstain": r"abstaining|abstentions?|abstained|abstain|abstenciones|abstención|воздержались",
    "absent": r"absent|non[-\s]?voting|not\s+voting|did\s+not\s+vote|no\s+votaron",
}
_HEADING_RE = re.compile(
    r"(?P<head>(?<![^\W\d_])(?:"
    + "|".join(f"(?P<{k}>{v})" for k, v in _VOTE_HEADINGS.items())
    + r"))\s*(?:\(\s*(?P<count>\d+)\s*\)|\[\s*(?P<count2>\d+)\s*\])?\s*[:：]",
    re.IGNORECASE,
)
_TALLY_RE = re.compile(
    r"(?P<yes>\d+)\s*(?:votes?\s*)?(?:in\s+favou?r\s*)?(?:,|to|-)?\s*"
    r"(?P<no>\d+)\s*(?:votes?\s*)?(?:against\s*)?,?\s*(?:with|and|-)?\s*"
    r"(?P<abstain>\d+)\s*abstentions?",
    re.IGNORECASE,
)


# A line that starts the record's next part, ending the last list of a vote.
_SECTION_END_RE = re.compile(
    r"(?:\n|[.;]\s)\s*[\[(]?\s*(?:the\s+)?(?:draft\b|resolution\b|decision\b|amendments?\b|result\b|"
    r"subsequently\b|the\s+(?:text|motion|proposal)\b)",
    re.IGNORECASE,
)
_INTENDED_RE = re.compile(
    r"[^.\n\[]*\bintended\s+to\s+(?:vote|abstain)[^.\]]*[.\]]?", re.IGNORECASE
)


def parse_vote(text: str) -> dict:
    """Read a recorded vote ("In favour: ...; Against: ...; Abstaining: ...").

    Returns ``{"yes": [...], "no": [...], "abstain": [...], "absent": [...],
    "others": [...], "unresolved": [...], "counts": {...}, "warnings": [...]}``; the
    lists hold the state items of ``resolve_list``. ``counts`` has the totals the text
    states, ("In favour (28):" or "adopted by 28 to 8, with 11 abstentions"), and
    ``warnings`` any mismatch with the names found or a state named in two places."""
    text = unicodedata.normalize("NFC", text or "")
    result: dict = {"yes": [], "no": [], "abstain": [], "absent": []}
    others: list[dict] = []
    unresolved: list[dict] = []
    counts: dict[str, int] = {}
    warnings: list[str] = []
    heads = list(_HEADING_RE.finditer(text))
    for n, m in enumerate(heads):
        side = next(k for k in _VOTE_HEADINGS if m.group(k))
        end = heads[n + 1].start() if n + 1 < len(heads) else len(text)
        section = text[m.end() : end]
        stop = _SECTION_END_RE.search(section)
        if stop:  # the record goes on after the list ("Draft resolution ... was adopted")
            section = section[: stop.start()]
        part = resolve_list(section)
        result[side].extend(part["states"])
        others += part["others"]
        unresolved += part["unresolved"]
        count = m.group("count") or m.group("count2")
        if count:
            counts[side] = int(count)
    tally = _TALLY_RE.search(text)
    if tally:
        for side in ("yes", "no", "abstain"):
            counts.setdefault(side, int(tally.group(side)))
    for side, number in counts.items():
        if len(result[side]) != number:
            warnings.append(f"{side}: the text says {number}, {len(result[side])} states found")
    where: dict[str, str] = {}
    for side in ("yes", "no", "abstain", "absent"):
        for item in result[side]:
            if item["iso3"] in where:
                warnings.append(f"{item['name']} is listed under {where[item['iso3']]} and {side}")
            where.setdefault(item["iso3"], side)
    if not heads:
        warnings.append("no 'In favour:' / 'Against:' / 'Abstaining:' headings found")
    # UN records note votes that a delegation later said it meant to cast otherwise;
    # they do not change the record, but the coalition will want to know.
    for note in _INTENDED_RE.finditer(text):
        warnings.append("note: " + " ".join(note.group().strip(" []").split()))
    return {
        **result,
        "others": others,
        "unresolved": unresolved,
        "counts": counts,
        "warnings": warnings,
    }
