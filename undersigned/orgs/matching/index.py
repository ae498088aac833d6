"""Stage 7, index: candidates from posting lists, scored by the model."""
from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .confusables import _impersonation_reason
from .features import DEFAULT_THRESHOLD, score_pair
from .profile import Profile, analyse

# ---------------------------------------------------------------------------- index


@dataclass(slots=True)
class Match:
    key: object
    score: float
    reasons: list[str]
    name: str = ""


def _features(p: Profile) -> list[str]:
    feats = set()
    for v in p.views:
        for u in v.units:
            feats.add("u:" + u)
        if v.kind == "c":
            text = "".join(v.surfaces)
            for i in range(len(text) - 1):
                feats.add("k:" + text[i:i + 2])
        if len(v.squashed) >= 5:
            feats.add("p:" + v.squashed[:5])
            feats.add("s:" + v.squashed[-5:])
    for a in p.given:
        feats.add("a:" + a)
    for a in p.derived:
        if len(a) >= 3:
            feats.add("a:" + a)
    for q in p.quals:
        feats.add("q:" + q)
    if p.core_key:
        feats.add("c:" + p.core_key)
        if p.quals:
            feats.add("x:" + p.core_key + "@" + ",".join(sorted(p.quals)))
    return list(feats)


def index_features(profile: Profile) -> list[str]:
    """The posting-list keys of an analysed name (for building an index in parallel)."""
    return _features(profile)


class NameIndex:
    """In-memory candidate index over organisation names.

    Keys are whatever the caller uses (organisation pks); one key may have many names.
    Build it once per process (``NameIndex.build(rows)``) and keep it."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, max_candidates: int = 40,
                 max_postings: int = 8_000):
        self.threshold = threshold
        self.max_candidates = max_candidates
        self.max_postings = max_postings
        self._keys: list = []
        self._profiles: list[Profile | None] = []
        self._by_key: dict = defaultdict(list)
        self._post: dict[str, array] = {}
        self._vocab_list: list[str] = []
        self._buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._similar_cache: dict[str, list[str]] = {}
        self._distinct: set[frozenset] = set()
        self._core_quals: dict[str, object] = {}
        self._skel: dict[str, list[int]] | None = None

    # -- building
    @classmethod
    def build(cls, rows: Iterable[tuple], **kwargs) -> NameIndex:
        """From (key, name[, lang[, acronym]]) tuples."""
        index = cls(**kwargs)
        for row in rows:
            index.add(*row)
        return index

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key, name: str, lang: str | None = None, acronym: str | None = None) -> bool:
        """Index one name of an organisation; False when the name has nothing to match."""
        profile = analyse(name, lang=lang, acronym=acronym)
        return self.add_profile(key, profile)

    def add_profile(self, key, profile: Profile, features: Sequence[str] | None = None) -> bool:
        """Index an analysed name; ``features`` (``index_features(profile)``) may come from
        the process that analysed it."""
        if not profile.views or len(profile.norm) < 2:
            return False
        doc = len(self._keys)
        self._keys.append(key)
        self._profiles.append(profile)
        self._by_key[key].append(doc)
        for f in features if features is not None else _features(profile):
            post = self._post.get(f)
            if post is None:
                post = self._post[f] = array("I")
                if f.startswith("u:") and f[2] not in "=#" and len(f) >= 6:
                    self._add_vocab(f[2:])
            post.append(doc)
        if profile.core_key:
            seen = self._core_quals.get(profile.core_key)
            if profile.quals:
                if seen is None:
                    self._core_quals[profile.core_key] = profile.quals
                elif seen != "MULTI" and seen != profile.quals:
                    self._core_quals[profile.core_key] = "MULTI"
        if self._skel is not None:
            self._skel.setdefault(profile.skel, []).append(doc)
            if profile.skel_fold != profile.skel:
                self._skel.setdefault(profile.skel_fold, []).append(doc)
        return True

    def _add_vocab(self, token: str) -> None:
        self._vocab_list.append(token)
        n = len(token)
        self._buckets[(token[:3], n)].append(token)
        self._buckets[("$" + token[-3:], n)].append(token)
        if self._similar_cache:
            self._similar_cache.clear()

    def also_known(self, key, alias: str, lang: str | None = None) -> bool:
        """Teach the index a name a reviewer merged into ``key``."""
        return self.add(key, alias, lang=lang)

    def mark_distinct(self, key_a, key_b) -> None:
        """Record a "not the same organisation" decision: the pair is never proposed again."""
        self._distinct.add(frozenset((key_a, key_b)))

    def is_common(self, unit: str) -> bool:
        """A word in so many names (10, or 1 in 200) that it names no one: "Ventures"."""
        return len(self._post.get("u:" + unit, ())) >= max(10, len(self._keys) // 200)

    def is_network(self, profile: Profile) -> bool:
        return profile.network or self._core_quals.get(profile.core_key) == "MULTI"

    # -- querying
    def _similar_tokens(self, token: str) -> list[str]:
        """Indexed words within edit distance 1 (2 for words of 7+ letters) that share the
        first or the last three letters: a typo rarely hits both ends."""
        cached = self._similar_cache.get(token)
        if cached is not None:
            return cached
        limit = 1 if len(token) < 7 else 2
        pool: list[str] = []
        n = len(token)
        for size in range(n - limit, n + limit + 1):
            pool.extend(self._buckets.get((token[:3], size), ()))
            pool.extend(self._buckets.get(("$" + token[-3:], size), ()))
        out = []
        if pool:
            for cand, _, _ in process.extract(token, pool, scorer=OSA.distance,
                                              score_cutoff=limit, limit=40):
                if cand != token and cand not in out:
                    out.append(cand)
        if len(self._similar_cache) > 100_000:
            self._similar_cache.clear()
        self._similar_cache[token] = out
        return out

    def _candidates(self, p: Profile, want: int) -> list[int]:
        """Documents sharing the query's rarest features (see the module docstring)."""
        feats = _features(p)
        if p.acronym_only:
            feats.append("a:" + p.acronym_only)
        for a in p.given | {d for d in p.derived if len(d) >= 3}:
            feats.append("u:" + a)
        # words the index has never seen are probably misspelt: look up their neighbours,
        # and the name's core with the neighbour in place of the word ("ActjionAid Palau" ->
        # the core "actionaid" with the place PW: rare, so counted first). Of the words it
        # knows, only a rare one (a brand) is looked up, its namesakes one letter away.
        words = [f for f in feats if f.startswith("u:") and f[2] not in "=#" and len(f) >= 6]
        plain = [f for f in words if f not in self._post]
        known = sorted((len(self._post[f]), f) for f in words if f in self._post)
        if known and known[0][0] <= 3:
            plain.append(known[0][1])
        extra = []
        units = p.core_key.split("|") if p.core_key else []
        places = ",".join(sorted(p.quals))
        for f in plain[:3]:
            for near in self._similar_tokens(f[2:])[:10]:
                extra.append("u:" + near)
                if f[2:] in units:
                    core = "|".join(sorted({near if u == f[2:] else u for u in units}))
                    extra.append("c:" + core)
                    if places:
                        extra.append("x:" + core + "@" + places)
        items = []
        for f in set(feats).union(extra):
            post = self._post.get(f)
            if post:
                items.append((len(post), f, post))
        items.sort(key=lambda x: x[0])
        counts: Counter = Counter()
        spent = 0
        for df, f, post in items:
            if spent + df > self.max_postings and counts:
                continue
            if df > self.max_postings:
                post = post[: self.max_postings]
            counts.update(post)
            if df <= 64 or f[0] in "cx":  # rare features and the exact core count double
                counts.update(post)
            spent += len(post)
        if len(counts) <= want:
            return list(counts)
        return [d for d, _ in counts.most_common(want)]

    def query(self, name, limit: int = 10, threshold: float | None = None,
              lang: str | None = None, acronym: str | None = None,
              exclude=None) -> list[Match]:
        """Best organisations for a name (or a Profile), one Match per key, best first.

        ``exclude`` is the key the name belongs to, if any: that key is left out, and so is
        every key ``mark_distinct`` separated from it."""
        threshold = self.threshold if threshold is None else threshold
        p = name if isinstance(name, Profile) else analyse(name, lang=lang, acronym=acronym)
        if not p.views or len(p.norm) < 2 or not self._keys:
            return []
        best: dict = {}
        for doc in self._candidates(p, self.max_candidates):
            key = self._keys[doc]
            if exclude is not None and key == exclude:
                continue
            other = self._profiles[doc]
            if other.acronym_only and not p.acronym_only and any(
                    not self._profiles[d].acronym_only for d in self._by_key[key]):
                # an organisation with full names is found by them; through its bare
                # acronym only when the query is an acronym too (3 letters collide often)
                continue
            score, reasons = score_pair(p, other, network=self.is_network, common=self.is_common)
            if score < threshold:
                continue
            if exclude is not None and frozenset((exclude, key)) in self._distinct:
                continue
            cur = best.get(key)
            if cur is None or score > cur.score:
                best[key] = Match(key, score, reasons, other.name)
        out = sorted(best.values(), key=lambda m: (-m.score, str(m.key)))
        if p.acronym_only:
            out = self._ambiguous_acronym(p.acronym_only, out, threshold)
        return out[:limit]

    def _ambiguous_acronym(self, acr: str, out: list[Match], threshold: float) -> list[Match]:
        """An acronym alone that expands to two organisations that are not each other is
        ambiguous (ALRC: Asian / African Legal Resource Centre): not proposed as a match."""
        by_acronym = [m for m in out if m.reasons and m.reasons[0].startswith("acronym ")]
        if len(by_acronym) < 2:
            return out
        profiles = {id(m): self._profiles[self._by_key[m.key][0]] for m in by_acronym}
        given = [m for m in by_acronym if acr in profiles[id(m)].given]
        if given:  # names that state the acronym themselves win over guessed expansions
            drop = {id(m) for m in by_acronym if m not in given}
            return [m for m in out if id(m) not in drop]
        first = profiles[id(by_acronym[0])]
        for other in by_acronym[1:]:
            if score_pair(first, profiles[id(other)], network=self.is_network)[0] < threshold:
                drop = {id(m) for m in by_acronym}
                return [m for m in out if id(m) not in drop]
        return out

    def query_key(self, key, limit: int = 10, threshold: float | None = None) -> list[Match]:
        """Other organisations that one of ``key``'s names matches (for the review queue)."""
        found: dict = {}
        for doc in self._by_key.get(key, ()):
            for m in self.query(self._profiles[doc], limit=limit, threshold=threshold, exclude=key):
                if m.key not in found or m.score > found[m.key].score:
                    found[m.key] = m
        return sorted(found.values(), key=lambda m: (-m.score, str(m.key)))[:limit]

    def impersonations(self, name: str) -> list[tuple[object, str]]:
        """Keys whose names look like ``name`` (same TR39 skeleton, with or without case
        folding) but are written otherwise. The skeleton map is built on first use."""
        if self._skel is None:
            skel: dict[str, list[int]] = defaultdict(list)
            for doc, p in enumerate(self._profiles):
                skel[p.skel].append(doc)
                if p.skel_fold != p.skel:
                    skel[p.skel_fold].append(doc)
            self._skel = skel
        p = analyse(name)
        out = []
        seen = set()
        for s in {p.skel, p.skel_fold}:
            for doc in self._skel.get(s, ()):
                other = self._profiles[doc]
                if doc not in seen and other.norm != p.norm:
                    seen.add(doc)
                    out.append((self._keys[doc], _impersonation_reason(p.name, other.name)))
        return out


