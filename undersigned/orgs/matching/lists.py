"""Stage 8, lists: every pair of a list that names one organisation, and its clusters."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from .features import DEFAULT_THRESHOLD
from .index import NameIndex
from .profile import Profile, analyse

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


