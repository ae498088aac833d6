"""Stage 5, features: how two names compare."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .lexicon import _resources
from .profile import Profile, View
from .reasons import Reason
from .text import ARTICLES, STOPWORDS


def _unit_weight(unit: str) -> float:
    return _resources().weights.get(unit, 1.0)


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
    get = _resources().weights.get
    wa = sum([get(u, 1.0) for u in a.units])
    wb = sum([get(u, 1.0) for u in b.units])
    denom = wa + wb - matched
    return (matched / denom if denom > 0 else 0.0), translated, edits


def _place(code: str) -> str:
    return code[1:].replace("_", " ").title() if code.startswith("@") else code


def _places(codes) -> str:
    return "/".join(sorted(map(_place, codes)))


@dataclass(slots=True)
class NameComparison:
    """What two names say about being one organisation: ``signals`` (name -> value, the
    model's inputs; absent means 0), ``reasons`` (each tied to the signal it explains),
    ``veto`` (a reason that forbids the pair whatever else agrees: look-alikes)."""

    signals: dict
    reasons: list  # [(signal name, Reason)]
    veto: Reason | None = None


def compare_names(pa: Profile, pb: Profile, *, network=None, common=None) -> NameComparison:
    """Compare two analysed names. ``network`` is an optional callable profile -> bool adding
    networks the index learned; ``common`` an optional callable unit -> bool, words too
    frequent in the index to be anyone's name ("Ventures")."""
    sig: dict[str, float] = {}
    why: list[tuple[str, Reason]] = []
    if not pa.views or not pb.views:
        return NameComparison(sig, why, Reason("nothing"))
    if pa.mixed != pb.mixed:
        return NameComparison(sig, why, Reason("mixed_scripts"))
    if pa.norm == pb.norm:
        sig["same_norm"] = 1.0
        sig["words"] = sig["best"] = 1.0
        why.append(("same_norm", Reason("same_name")))
        return NameComparison(sig, why)
    # look-alikes: same TR39 skeleton, yet a difference normalisation does not explain
    if pa.skel == pb.skel or pa.skel_fold == pb.skel_fold:
        return NameComparison(sig, why, Reason("lookalike"))
    if pa.script != pb.script and pa.script and pb.script:
        sig["scripts_differ"] = 1.0
    # qualifiers
    one_sided: tuple | None = None
    qa, qb = pa.quals, pb.quals
    if qa and qb:
        if not (qa & qb):
            sig["place_conflict"] = 1.0
            why.append(("place_conflict", Reason("different_country", a=_places(qa),
                                                 b=_places(qb))))
        elif qa == qb:
            sig["same_place"] = 1.0
            why.append(("same_place", Reason("same_country", country=_places(qa))))
        else:
            if (qa ^ qb) & (pa.inname | pb.inname):  # "ATTAC Berlin" is not "ATTAC Germany"
                sig["places_differ_in_name"] = 1.0
            else:
                sig["places_differ"] = 1.0
            why.append(("places_differ_in_name" if "places_differ_in_name" in sig
                        else "places_differ", Reason("places_differ")))
    elif (qa and pb.acronym_only in pa.derived_q) or (qb and pa.acronym_only in pb.derived_q):
        sig["acronym_has_place"] = 1.0
    elif qa or qb:
        is_net = pa.network or pb.network or (network is not None and (network(pa) or network(pb)))
        qualified, bare = (pa, pb) if qa else (pb, pa)
        if any("=international" in v.units for v in bare.views) and not any(
                "=international" in v.units for v in qualified.views):
            is_net = True  # "X International" is the international body, "X Kenya" a member
        if is_net or qualified.section:
            sig["section_of_network"] = 1.0
            why.append(("section_of_network", Reason("section_of_network",
                                                     where=_places(qa or qb))))
        elif qualified.strong and not bare.acronym_only and not (
                {s for s in pa.given & pb.given if len(s) >= 3}):
            # "Kenya Human Rights Commission" is not "Human Rights Commission"
            sig["place_in_name"] = 1.0
            why.append(("place_in_name", Reason("place_in_name",
                                                 where=_places(qualified.strong))))
        else:
            one_sided = (qualified, bare)  # decided below, once the words are compared
            sig["place_one_side"] = 1.0
    if pa.section != pb.section:
        sig["section_word"] = 1.0
    if pa.known & pb.known:  # forms of one well-known organisation: evidence, weighed with
        sig["known_same"] = 1.0  # the places (a section is not its network)
        why.append(("known_same", Reason("known_forms")))
    # best view pair
    best, best_same, best_pair, best_translated, best_edits = 0.0, 0.0, None, [], 0
    edit_sim = 0.0
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
                best_translated, best_edits = translated, edits
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
                    edit_sim = max(edit_sim, 1.0 - d / max(len(sa), len(sb)))
    sig["words"] = best
    if edit_sim:
        sig["squashed_edit"] = edit_sim
        why.append(("squashed_edit", Reason("typo")))
    words = [t for t in best_translated if t.startswith("=")]
    if words:
        sig["translated"] = 1.0
        why.append(("words", Reason("translated_words")))
    elif best >= 0.999:
        why.append(("words", Reason("same_words")))
    elif best_edits:
        sig["typo"] = float(best_edits)
        why.append(("words", Reason("typo")))
    elif best >= 0.5:
        why.append(("words", Reason("similar_words")))
    if any(t.startswith("~") for t in best_translated):
        sig["transliterated_words"] = 1.0
    short = _short_name(pa, pb, common) or _short_name(pb, pa, common)
    if short:
        sig["short_name"] = 1.0
        why.append(("short_name", Reason("short_name", short=short)))
    if one_sided is not None:
        # The same words with and without a place ("Social Watch" / "Social Watch Benin")
        # are a network and its chapter; a translator drops or adds the place.
        if best_same >= 0.5 and one_sided[0].inname and not one_sided[1].acronym_only and all(
                v.kind == "w" for v in pa.views + pb.views):
            sig["chapter"] = 1.0
            why.append(("chapter", Reason("chapter")))
    # acronyms
    acr_a = pa.given | pa.derived
    acr_b = pb.given | pb.derived
    for x, y in ((pa, pb), (pb, pa)):
        if x.acronym_only and len(x.acronym_only) >= 2 and x.acronym_only in (
                y.given | {d for d in y.derived if len(d) >= 3}) and not y.acronym_only and len(
                y.given) <= 2:
            sig["acronym_of"] = 1.0
            why.append(("acronym_of", Reason("acronym_of", acronym=x.acronym_only.upper(),
                                             name=y.name)))
            break
        if x.acronym_only and len(x.acronym_only) >= 4 and not y.acronym_only and any(
                v.kind == "w" and syllable_acronym(x.acronym_only, v.surfaces) for v in y.views):
            sig["acronym_of"] = 1.0  # SUARAM: Suara Rakyat Malaysia
            why.append(("acronym_of", Reason("acronym_of", acronym=x.acronym_only.upper(),
                                             name=y.name)))
            break
    cross = {s for s in (pa.given & pb.derived) | (pb.given & pa.derived) if len(s) >= 3}
    own_words = _own_names_differ(best_pair)
    # One name states its acronym, the other (often in another language) spells out the
    # words it stands for, and some words agree in meaning (CPJ / Comité para la Protección
    # de los Periodistas); not when each keeps a word of its own (Bramkor / Bamul Center for
    # Civil Liberties, both BCCL: namesakes).
    if cross and "acronym_of" not in sig and not own_words and best >= (
            0.1 if max(map(len, cross)) >= 4 else 0.4):
        sig["acronym_spelled"] = 1.0 if max(map(len, cross)) >= 4 else 0.5
        why.append(("acronym_spelled", Reason("acronym_spelled", acronym=", ".join(
            sorted(s.upper() for s in cross)))))
    shared = {s for s in pa.given & pb.given if len(s) >= 3}
    if shared:
        sig["same_given_acronym"] = 1.0
        why.append(("same_given_acronym", Reason("same_acronym", acronym=", ".join(
            sorted(s.upper() for s in shared)))))
    elif pa.given and pb.given and not (pa.given & acr_b) and not (pb.given & acr_a):
        sig["different_acronyms"] = 1.0
        why.append(("different_acronyms", Reason("different_acronyms")))
    if own_words:
        sig["own_words"] = 1.0
        why.append(("own_words", Reason("own_words")))
    # numbers that differ name different bodies ("Group 7" / "Group 8", "Org 12" / "Org 13")
    na = {t for t in pa.norm.split() if t.isdigit()}
    nb = {t for t in pb.norm.split() if t.isdigit()}
    if na and nb and na != nb:
        sig["numbers_differ"] = 1.0
    # a name still being typed: one is the other with its last word cut short ("Public
    # Tamsinvale Voices Coalit"), all its other words the same
    if _typed_prefix(pa.norm, pb.norm) or _typed_prefix(pb.norm, pa.norm):
        sig["typed_prefix"] = 1.0
        why.append(("typed_prefix", Reason("similar_words")))
    # the strongest single piece of name evidence, on one scale: the words, one edit on the
    # whole name, a short name, an acronym (the model weighs it with everything else)
    sig["best"] = max(best, edit_sim, 0.85 if short else 0.0,
                      0.92 if "acronym_of" in sig else 0.0,
                      0.85 if sig.get("acronym_spelled") == 1.0 else 0.0)
    # names in other scripts: the ICU transliteration, for names that are transliterated
    if "scripts_differ" in sig and (pa.latin or pb.latin):
        sig["transliteration"] = _latin_similarity(pa.latin or pa.norm, pb.latin or pb.norm)
        if sig["transliteration"] >= 0.5:
            why.append(("transliteration", Reason("transliteration")))
    return NameComparison(sig, why)


def _typed_prefix(short: str, long: str) -> bool:
    """``short`` is ``long`` with its last word cut (3+ letters kept, 2+ words before)."""
    a, b = short.split(), long.split()
    if len(a) < 3 or len(a) > len(b) or a[:-1] != b[:len(a) - 1]:
        return False
    last, full = a[-1], b[len(a) - 1]
    return len(last) >= 3 and full.startswith(last) and full != last


def syllable_acronym(acronym: str, words) -> bool:
    """An acronym made of the first letters of each word, one to three a word, in order
    (SUARAM: SUAra RAkyat Malaysia; KontraS: KOmisi untuk orang hilang dan korban
    TindAkan keraS is too loose and is not)."""
    words = [w for w in words if w and w not in STOPWORDS]
    if not 2 <= len(words) <= 6 or not acronym.isalpha():
        return False
    acronym = acronym.lower()

    @functools.cache
    def fit(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(acronym)
        w = words[j].lower()
        for k in range(1, min(3, len(w)) + 1):
            if acronym.startswith(w[:k], i) and fit(i + k, j + 1):
                return True
        return False

    return len(acronym) > len(words) and fit(0, 0)


def _latin_similarity(a: str, b: str) -> float:
    """Soft share of the words two Latin forms have in common (a word matching another
    within a rapidfuzz ratio of 80), by letters; 0 when either has no word of 3+ letters."""
    wa = [w for w in a.split() if len(w) >= 3 and w not in STOPWORDS]
    wb = [w for w in b.split() if len(w) >= 3 and w not in STOPWORDS]
    if not wa or not wb:
        return 0.0
    used = set()
    matched = 0
    for w in wa:
        best, best_j = 0.0, -1
        for j, v in enumerate(wb):
            if j in used:
                continue
            r = fuzz.ratio(w, v)
            if r > best:
                best, best_j = r, j
        if best >= 80:
            used.add(best_j)
            matched += len(w) + len(wb[best_j])
    total = sum(map(len, wa)) + sum(map(len, wb))
    return matched / total if total else 0.0


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


