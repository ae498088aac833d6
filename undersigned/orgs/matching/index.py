"""Stage 7, index: candidates from posting lists, scored by the model."""
from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .confusables import _impersonation_reason
from .embedding import encoder
from .model import default_threshold
from .profile import Profile, analyse
from .record import Name, Record, RecordProfile, profile_of, profile_record
from .scoring import Match, score_profiles
from .text import STOPWORDS, _stem

# ---------------------------------------------------------------------------- index


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
    if p.latin:  # a name in another script meets its transliteration (ОВД-Инфо, OVD-Info)
        for tok in p.latin.split():
            if len(tok) >= 4 and tok not in STOPWORDS:
                feats.add("u:" + _stem(tok))
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

    def __init__(self, threshold: float | None = None, max_candidates: int = 40,
                 max_postings: int = 8_000, embed: bool = False):
        self.threshold = default_threshold() if threshold is None else threshold
        self.embed = embed
        self._vectors: dict = {}
        self._attrs: dict = {}
        self._attr_post: dict[str, list] = defaultdict(list)
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

    def add_record(self, key, record: Record | RecordProfile) -> bool:
        """Index every name of a record, and its acronym, country, website and email
        domain (attributes of the key, replacing earlier ones)."""
        rp = record if isinstance(record, RecordProfile) else profile_record(record)
        added = False
        for p in rp.profiles:
            added = self.add_profile(key, p) or added
        self.set_attributes(key, rp)
        return added

    def set_attributes(self, key, rp: RecordProfile) -> None:
        """The key's acronym, country, website and email domain (from a RecordProfile)."""
        old = self._attrs.get(key)
        if old is not None:
            for f in self._attribute_features(old):
                keys = self._attr_post.get(f)
                if keys and key in keys:
                    keys.remove(key)
        attrs = RecordProfile((), rp.acronym, rp.country, rp.site, rp.mail)
        if not (attrs.acronym or attrs.country or attrs.site or attrs.mail):
            self._attrs.pop(key, None)
            return
        self._attrs[key] = attrs
        for f in self._attribute_features(attrs):
            self._attr_post[f].append(key)

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

    def _candidates(self, p: Profile, want: int, min_count: int = 1) -> list[int]:
        """Documents sharing the query's rarest features (see the module docstring);
        ``min_count``: only those sharing that much (a rare feature counts twice)."""
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
        if min_count > 1:
            counts = Counter({d: c for d, c in counts.items() if c >= min_count})
        if len(counts) <= want:
            return list(counts)
        return [d for d, _ in counts.most_common(want)]

    def query(self, item, limit: int = 10, threshold: float | None = None,
              lang: str | None = None, acronym: str | None = None,
              exclude=None) -> list[Match]:
        """Best organisations for a name, a Profile, a Record or a RecordProfile: one Match
        per key (its probability and reasons), best first.

        ``exclude`` is the key the item belongs to, if any: that key is left out, and so is
        every key ``mark_distinct`` separated from it."""
        threshold = self.threshold if threshold is None else threshold
        rp = self._as_record(item, lang, acronym)
        profiles = [p for p in rp.profiles if len(p.norm) >= 2]
        if not profiles or not self._keys:
            return []
        query_acronym = any(p.acronym_only for p in profiles)
        docs: set[int] = set()
        for p in profiles:
            docs.update(self._candidates(p, self.max_candidates))
        keys = {self._keys[d] for d in docs}
        keys.update(self._attribute_candidates(rp))
        keys.discard(exclude)
        if self.embed:
            self._encode_cross(profiles, keys)
        best: list[Match] = []
        vectors = self._vector if self.embed else None
        for key in keys:
            if exclude is not None and frozenset((exclude, key)) in self._distinct:
                continue
            other = self._record_of(key, query_acronym)
            if other is None:
                continue
            m = score_profiles(rp, other, network=self.is_network, common=self.is_common,
                               common_acronym=self.is_common_acronym,
                               common_domain=self.is_common_domain, vectors=vectors,
                               cross_only=True)
            if m.probability < threshold:
                continue
            m.key = key
            best.append(m)
        out = sorted(best, key=lambda m: (-m.probability, str(m.key)))
        if query_acronym and len(profiles) == 1:
            out = self._ambiguous_acronym(profiles[0].acronym_only, out, threshold)
        return out[:limit]

    def _as_record(self, item, lang=None, acronym=None) -> RecordProfile:
        if isinstance(item, RecordProfile):
            return item
        if isinstance(item, Record):
            return profile_record(item)
        if isinstance(item, Profile):
            return profile_of(item)
        return profile_record(Record((Name(str(item or ""), lang),), acronym=acronym or ""))

    def _record_of(self, key, query_acronym: bool = True) -> RecordProfile | None:
        """The key's names and attributes. An organisation with full names is found by
        them; through its bare acronym only when the query is an acronym too (three
        letters collide often)."""
        docs = self._by_key.get(key, ())
        profiles = [self._profiles[d] for d in docs]
        if not query_acronym:
            full = [p for p in profiles if not p.acronym_only]
            profiles = full or profiles
        if not profiles:
            return None
        attrs = self._attrs.get(key)
        if attrs is None:
            return RecordProfile(tuple(profiles))
        return RecordProfile(tuple(profiles), attrs.acronym, attrs.country, attrs.site,
                             attrs.mail)

    def attribute_keys(self, record: Record | RecordProfile) -> set:
        """Keys that share a website, a mail domain or an acronym with ``record`` (not too
        common a one), whatever their names: candidates for a caller to judge itself."""
        rp = record if isinstance(record, RecordProfile) else profile_record(record)
        return self._attribute_candidates(rp)

    def _attribute_candidates(self, rp: RecordProfile) -> set:
        out: set = set()
        for f in self._attribute_features(rp):
            keys = self._attr_post.get(f, ())
            if len(keys) <= 200:  # a domain or acronym many records share says little
                out.update(keys)
        return out

    @staticmethod
    def _attribute_features(rp: RecordProfile) -> list[str]:
        feats = []
        if rp.site.key:
            feats.append("W:" + rp.site.key)
        if rp.site.domain:
            feats.append("D:" + rp.site.domain)
        if rp.mail.domain:
            feats.append("D:" + rp.mail.domain)
        if len(rp.acronym) >= 3:
            feats.append("A:" + rp.acronym)
        return feats

    def is_common_domain(self, domain: str) -> bool:
        """A website or mail domain many organisations give (5, or 1 in 1,000): a host of
        sites or a shared mail service, which says nothing of who is who."""
        return len(self._attr_post.get("D:" + domain, ())) >= max(5, len(self._keys) // 1000)

    def is_common_acronym(self, acronym: str) -> bool:
        """An acronym that many records give (10, or 1 in 500) names no one."""
        return len(self._attr_post.get("A:" + acronym, ())) >= max(10, len(self._keys) // 500)

    # -- the embedding (only between names in different scripts)
    def _vector(self, p: Profile):
        return self._vectors.get(p.name)

    def _encode_cross(self, profiles: list[Profile], keys) -> None:
        scripts = {p.script for p in profiles}
        need = [p.name for p in profiles if p.name not in self._vectors]
        for key in keys:
            for d in self._by_key.get(key, ()):
                p = self._profiles[d]
                if p.name not in self._vectors and (p.script not in scripts or len(scripts) > 1):
                    need.append(p.name)
        if not need:
            return
        vecs = encoder().encode(need)
        if vecs is None:
            self.embed = False
            return
        if len(self._vectors) > 500_000:
            self._vectors.clear()
        for name, v in zip(need, vecs, strict=True):
            self._vectors[name] = v

    def _ambiguous_acronym(self, acr: str, out: list[Match], threshold: float) -> list[Match]:
        """An acronym alone that expands to two organisations that are not each other is
        ambiguous (ALRC: Asian / African Legal Resource Centre): not proposed as a match."""
        by_acronym = [m for m in out if m.reasons and m.reasons[0].code == "acronym_of"]
        if len(by_acronym) < 2:
            return out
        profiles = {id(m): self._profiles[self._by_key[m.key][0]] for m in by_acronym}
        full = {id(m): next((self._profiles[d] for d in self._by_key[m.key]
                             if not self._profiles[d].acronym_only), profiles[id(m)])
                for m in by_acronym}
        given = [m for m in by_acronym if acr in full[id(m)].given]
        if given:  # names that state the acronym themselves win over guessed expansions
            drop = {id(m) for m in by_acronym if m not in given}
            return [m for m in out if id(m) not in drop]
        first = full[id(by_acronym[0])]
        for other in by_acronym[1:]:
            m = score_profiles(profile_of(first), profile_of(full[id(other)]),
                               network=self.is_network)
            if m.probability < threshold:
                drop = {id(m) for m in by_acronym}
                return [m for m in out if id(m) not in drop]
        return out

    def query_key(self, key, limit: int = 10, threshold: float | None = None) -> list[Match]:
        """Other organisations that ``key`` may be (for the review queue): its record - all
        its names and attributes - queried against the index."""
        rp = self._record_of(key)
        if rp is None:
            return []
        return self.query(rp, limit=limit, threshold=threshold, exclude=key)

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


