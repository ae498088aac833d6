"""Stage 7b, scoring: two records in, a probability and the reasons in words out."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import model as _model
from .embedding import encoder
from .profile import Profile
from .reasons import Reason
from .record import (
    Record,
    RecordProfile,
    Vectors,
    compare_pair,
    profile_of,
    profile_record,
    record_signals,
)


@dataclass(slots=True)
class Match:
    """``probability`` that the two records are one organisation, and why (``Reason``s, the
    strongest first). ``key`` and ``name`` are the matched record's key and the name of it
    that matched best, when an index answers."""

    probability: float
    reasons: list = field(default_factory=list)
    key: object = None
    name: str = ""
    signals: dict = field(default_factory=dict)

    @property
    def score(self) -> float:  # the name callers used before probabilities
        return self.probability


def score_profiles(ra: RecordProfile, rb: RecordProfile, *, network=None, common=None,
                   common_acronym=None, common_domain=None, vectors: Vectors | None = None,
                   cross_only: bool = False, model: _model.Model | None = None) -> Match:
    """The best of every name of ``ra`` against every name of ``rb``, with the records'
    domains, acronyms and countries."""
    m = model or _model.load()
    if not ra.profiles or not rb.profiles:
        return Match(0.0, [Reason("nothing")])
    rsig, rwhy = record_signals(ra, rb, common_acronym=common_acronym,
                                common_domain=common_domain)
    best = None
    for pa in ra.profiles:
        for pb in rb.profiles:
            c = compare_pair(pa, pb, network=network, common=common, vectors=vectors,
                             cross_only=cross_only)
            if c.veto is not None:
                if c.veto.code in ("lookalike", "mixed_scripts"):
                    return Match(0.0, [c.veto], name=pb.name)
                continue
            signals = {**c.signals, **rsig}
            z = m.logit(signals)
            if best is None or z > best[0]:
                best = (z, signals, c.reasons, pb.name)
    if best is None:
        return Match(0.0, [Reason("nothing")])
    z, signals, why, name = best
    p = m.sigmoid(z)
    return Match(round(p, 4), m.explain(signals, why + rwhy), name=name, signals=signals)


def _encoder_vectors(p: Profile):
    vecs = encoder().encode([p.name])
    return None if vecs is None else vecs[0]


def score_records(a: Record, b: Record, **kwargs) -> Match:
    """Probability that two records are one organisation, and the reasons in words (the
    multilingual embedding included, as lists have it, unless ``vectors`` is given)."""
    kwargs.setdefault("vectors", _encoder_vectors)
    return score_profiles(profile_record(a), profile_record(b), **kwargs)


def score_pair(a, b, **kwargs) -> tuple[float, list]:
    """Probability that two names (strings or Profiles) are one organisation, and why."""
    ra = profile_of(a) if isinstance(a, Profile) else profile_record(Record.of(a))
    rb = profile_of(b) if isinstance(b, Profile) else profile_record(Record.of(b))
    kwargs.setdefault("vectors", _encoder_vectors)
    m = score_profiles(ra, rb, **kwargs)
    return m.probability, m.reasons
