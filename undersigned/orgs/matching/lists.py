"""Stage 8, lists: every pair of a list that names one organisation, and its clusters."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from .embedding import encoder
from .features import _arabic, _consonant_keys
from .index import NameIndex
from .model import default_threshold
from .record import Name, Record, RecordProfile, profile_record
from .scoring import Match, score_profiles

# a list is small: every name may look at more candidates than a live suggestion does
LIST_CANDIDATES = 100
LIST_POSTINGS = 20_000
EMBED_LIMIT = 2_000  # names; past this a list is matched without the embedding


def list_want(n: int) -> int:
    """Candidates scored a name: every likely one in a letter's list, the best few in a
    sheet of thousands (the rarest shared features rank them, so the few are the likely)."""
    return LIST_CANDIDATES if n <= 1000 else 30 if n <= 2000 else 12


def list_vectors(rps: Sequence[RecordProfile], embed: bool = True):
    """A vectors callable over every name of the list (one batch), or None."""
    if not embed:
        return None
    names = list(dict.fromkeys(p.name for rp in rps for p in rp.profiles))
    if not names or len(names) > EMBED_LIMIT:
        return None
    vecs = encoder().encode(names)
    if vecs is None:
        return None
    table = dict(zip(names, vecs, strict=True))
    return lambda p: table.get(p.name)


def list_candidates(rps: Sequence[RecordProfile], index: NameIndex, vectors=None
                    ) -> set[tuple[int, int]]:
    """Pairs (i < j) worth scoring: names sharing rare index features, records sharing a
    domain or an acronym, and - with the embedding - each name's nearest names in other
    scripts (translations share no letters) and in its own (cos >= 0.8)."""
    out: set[tuple[int, int]] = set()
    want = list_want(len(rps))
    # in a sheet of thousands, a name shares something with many: only those sharing two
    # features, or one rare one, are worth scoring
    min_count = 1 if len(rps) <= 2000 else 3
    for i, rp in enumerate(rps):
        for p in rp.profiles:
            for d in index._candidates(p, want, min_count):
                j = index._keys[d]
                if j != i:
                    out.add((min(i, j), max(i, j)))
        for j in index._attribute_candidates(rp):
            if j != i:
                out.add((min(i, j), max(i, j)))
    out |= _consonant_candidates(rps)
    if vectors is not None:
        owners, profiles = [], []
        for i, rp in enumerate(rps):
            for p in rp.profiles:
                owners.append(i)
                profiles.append(p)
        if len(profiles) >= 2:
            vecs = np.stack([vectors(p) for p in profiles])
            scripts = np.array([p.script for p in profiles])
            owners_a = np.array(owners)
            for start in range(0, len(profiles), 1024):
                sims = vecs[start:start + 1024] @ vecs.T
                for row, k in enumerate(range(start, min(start + 1024, len(profiles)))):
                    s = sims[row]
                    s[owners_a == owners[k]] = -1.0
                    other = scripts != scripts[k]
                    cross = np.where(other & (s >= 0.45))[0]
                    same = np.where(~other & (s >= 0.8))[0]
                    for pick in (cross[np.argsort(-s[cross])[:5]], same[np.argsort(-s[same])[:3]]):
                        for j in pick:
                            a, b = owners[k], owners[int(j)]
                            out.add((min(a, b), max(a, b)))
    return out


def _consonant_candidates(rps: Sequence[RecordProfile]) -> set[tuple[int, int]]:
    """Arabic names and Latin ones sharing the consonant skeleton of a word of their own
    (ويتنس / Witness, الكرامة / Alkarama): a transliteration shares no letter."""
    groups: dict[tuple[str, bool], set[int]] = defaultdict(set)
    for i, rp in enumerate(rps):
        for p in rp.profiles:
            for v in p.views:
                if v.kind != "w":
                    continue
                for u, surface in zip(v.units, v.surfaces, strict=True):
                    if u[0] in "=#" or " " in surface:
                        continue
                    arabic = _arabic(surface)
                    if not (arabic or surface.isascii()):
                        continue
                    for key in _consonant_keys(surface):
                        groups[(key, arabic)].add(i)
    out: set[tuple[int, int]] = set()
    for (key, arabic), members in groups.items():
        if arabic:
            continue
        other = groups.get((key, True))
        if not other or len(members) * len(other) > 400:
            continue
        for a in members:
            for b in other:
                if a != b:
                    out.add((min(a, b), max(a, b)))
    return out


def list_index(rps: Sequence[RecordProfile], threshold: float | None = None) -> NameIndex:
    index = NameIndex(threshold=threshold, max_candidates=LIST_CANDIDATES,
                      max_postings=LIST_POSTINGS)
    for i, rp in enumerate(rps):
        index.add_record(i, rp)
    return index


APART = 0.005  # a pair scored below this probability is clearly two organisations


def match_records(records: Sequence[Record | RecordProfile], threshold: float | None = None,
                  embed: bool = True, apart: list | None = None) -> list[dict]:
    """All pairs of records (by position) at least ``threshold`` likely to be one
    organisation, best first: ``{"a", "b", "probability", "score", "reasons"}`` (``score``
    is the probability under its older name; ``reasons`` are ``Reason``s). ``apart``, a
    list, receives the scored pairs that are clearly two organisations (for clustering)."""
    threshold = default_threshold() if threshold is None else threshold
    rps = [r if isinstance(r, RecordProfile) else profile_record(r) for r in records]
    index = list_index(rps, threshold)
    vectors = list_vectors(rps, embed)
    found: dict[tuple[int, int], Match] = {}
    for a, b in sorted(list_candidates(rps, index, vectors)):
        m = score_profiles(rps[a], rps[b], network=index.is_network, common=index.is_common,
                           common_acronym=index.is_common_acronym,
                           common_domain=index.is_common_domain, vectors=vectors)
        if m.probability >= threshold:
            found[(a, b)] = m
        elif apart is not None and m.probability < APART:
            apart.append((a, b))
    _drop_ambiguous_acronyms(rps, found, index, threshold, vectors)
    pairs = [{"a": a, "b": b, "probability": m.probability, "score": m.probability,
              "reasons": m.reasons} for (a, b), m in found.items()]
    return sorted(pairs, key=lambda d: (-d["probability"], d["a"], d["b"]))


def _drop_ambiguous_acronyms(rps, found, index, threshold, vectors) -> None:
    """An acronym alone that two records of the list spell out, records that are not each
    other (ALRC: Asian / African Legal Resource Centre), is paired with neither; names that
    state the acronym themselves win over guessed expansions."""
    by_acronym: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for (a, b), m in found.items():
        if m.reasons and m.reasons[0].code == "acronym_of":
            for x, y in ((a, b), (b, a)):
                if len(rps[x].profiles) == 1 and rps[x].profiles[0].acronym_only:
                    by_acronym[x].append((y, (a, b)))
    for x, hits in by_acronym.items():
        if len(hits) < 2:
            continue
        acr = rps[x].profiles[0].acronym_only
        given = [h for h in hits if any(acr in p.given for p in rps[h[0]].profiles)]
        if given:
            for h in hits:
                if h not in given:
                    found.pop(h[1], None)
            continue
        first = rps[hits[0][0]]
        for y, _ in hits[1:]:
            m = score_profiles(first, rps[y], network=index.is_network, vectors=vectors)
            if m.probability < threshold:
                for h in hits:
                    found.pop(h[1], None)
                break


def match_pairs(names: Sequence[str], threshold: float | None = None,
                langs: Sequence[str | None] | None = None, embed: bool = True) -> list[dict]:
    """All pairs of names (by position) likely to be one organisation, best first."""
    records = [Record((Name(str(n or ""), langs[i] if langs else None),))
               for i, n in enumerate(names)]
    return match_records(records, threshold=threshold, embed=embed)


def cluster_pairs(n: int, pairs: Iterable[dict], apart: Iterable[tuple[int, int]] = ()
                  ) -> list[list[int]]:
    """Groups (2+ positions) joined by ``pairs``, the most probable first; two groups are
    not joined when any of their members were scored as clearly different (``apart``: a
    section and its network, two countries), so one loose pair cannot chain them."""
    parent = list(range(n))
    members: dict[int, set[int]] = {i: {i} for i in range(n)}
    against: dict[int, set[int]] = defaultdict(set)
    for a, b in apart:
        against[a].add(b)
        against[b].add(a)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in sorted(pairs, key=lambda p: -p.get("probability", p.get("score", 0.0))):
        ra, rb = find(pair["a"]), find(pair["b"])
        if ra == rb:
            continue
        small, big = (ra, rb) if len(members[ra]) <= len(members[rb]) else (rb, ra)
        if any(against[x] & members[big] for x in members[small]):
            continue
        root, other = min(ra, rb), max(ra, rb)
        parent[other] = root
        members[root] |= members.pop(other)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])


def cluster_records(records: Sequence[Record | RecordProfile], threshold: float | None = None,
                    embed: bool = True) -> tuple[list[list[int]], list[dict]]:
    """Clusters of a list of records and the pairs behind them."""
    apart: list[tuple[int, int]] = []
    pairs = match_records(records, threshold=threshold, embed=embed, apart=apart)
    return cluster_pairs(len(records), pairs, apart), pairs


def cluster(names: Sequence[str], threshold: float | None = None) -> list[list[int]]:
    """Groups (of 2+ positions) of names that denote one organisation: union-find over
    ``match_pairs``. Singletons are left out."""
    return cluster_records([Record((Name(str(n or "")),)) for n in names], threshold)[0]


