"""Stage 4, profile: everything the scorer needs about one name, computed once."""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from .confusables import _skeleton, mixed_script_words
from .lexicon import _cjk_units, _lookalike_word, _resources, _word_units
from .text import CJK_LEGAL, STOPWORDS, _clean, _fold, _join, _segments, detect_script, to_latin


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
    script: str = ""  # ISO 15924 code of most of its letters
    latin: str = ""  # the normalised ICU Latin transliteration of a name in another script
    known: frozenset = frozenset()  # well-known organisations (data/orgs.tsv) it is a form of

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
    known_network = False
    known: set[str] = set()
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
                    known.add(org)
                if org in res.networks:
                    known_network = True
            key = frozenset(u for u in units if res.weights.get(u, 1.0) >= 0.6)
            org = res.orgs.get(key)
            if org:  # one of the forms of a well-known organisation (data/orgs.tsv)
                known.add(org)
            if org in res.networks:  # a federation's own name: Greenpeace
                known_network = True
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
    script = detect_script(clean)
    core_units = sorted({u for v in views for u in v.units})
    core_key = "|".join(core_units)
    network = known_network or any(res.org_acronyms.get(a) in res.networks for a in given)
    mixed = bool(mixed_script_words(clean)) or any(
        _lookalike_word(s) for v in views if v.kind == "w" for s in v.surfaces)
    return Profile(
        name=clean, norm=norm, views=tuple(views), quals=frozenset(quals), section=section,
        strong=_intern(frozenset(strong & quals)), inname=_intern(frozenset(inname & quals)),
        given=frozenset(given), derived=frozenset(derived), acronym_only=acronym_only,
        core_key=core_key, network=network, mixed=mixed, skel=_skeleton(clean), skel_fold=_skeleton(clean.casefold()),
        derived_q=frozenset(derived_q), script=script, known=frozenset(known),
        latin=_join(_segments(_fold(to_latin(clean)))) if script not in ("Latn", "") else "",
    )


