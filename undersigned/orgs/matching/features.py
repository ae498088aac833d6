"""Stage 5, features: how two names compare."""
from __future__ import annotations

import functools
import re

from rapidfuzz.distance import OSA

from .lexicon import _resources
from .profile import Profile, View, analyse
from .text import ARTICLES

DEFAULT_THRESHOLD = 0.8


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


