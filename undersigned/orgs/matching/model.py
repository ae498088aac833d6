"""Stage 7, model: the probability that two records are one organisation.

A logistic regression over the signals of ``features`` and ``record`` (each expanded into
a few model inputs below), fitted on labelled pairs by ``fit.py`` (``python -m
undersigned.orgs.matching.fit``), which writes ``data/match_model.json``: weights, the
decision threshold that fitting chose, and the calibration measured by cross-validation.
So the threshold is a probability, and a new signal is added by naming it here and
refitting, not by editing constants. Look-alikes and a coordinator's "not the same" are
the only vetoes; nothing merges on its own."""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from .reasons import Reason

DATA = Path(__file__).resolve().parent.parent / "data"
MODEL_FILE = DATA / "match_model.json"


def _hinge(at: float):
    return lambda v: max(0.0, v - at)


def _flag(v: float) -> float:
    return 1.0 if v else 0.0


def _same(v: float) -> float:
    return v


# (model input, signal it comes from, transform). Absent signals are 0.
INPUTS: tuple[tuple[str, str, object], ...] = (
    ("words", "words", _same),
    ("words>0.5", "words", _hinge(0.5)),
    ("words>0.8", "words", _hinge(0.8)),
    ("best", "best", _same),
    ("best>0.8", "best", _hinge(0.8)),
    ("best>0.9", "best", _hinge(0.9)),
    ("same_norm", "same_norm", _flag),
    ("squashed_edit", "squashed_edit", _same),
    ("typo", "typo", _same),
    ("translated", "translated", _flag),
    ("transliterated_words", "transliterated_words", _flag),
    ("short_name", "short_name", _flag),
    ("typed_prefix", "typed_prefix", _flag),
    ("numbers_differ", "numbers_differ", _flag),
    ("acronym_of", "acronym_of", _flag),
    ("acronym_spelled", "acronym_spelled", _same),
    ("same_given_acronym", "same_given_acronym", _flag),
    ("different_acronyms", "different_acronyms", _flag),
    ("own_words", "own_words", _flag),
    ("place_conflict", "place_conflict", _flag),
    ("places_differ", "places_differ", _flag),
    ("places_differ_in_name", "places_differ_in_name", _flag),
    ("acronym_has_place", "acronym_has_place", _flag),
    ("section_of_network", "section_of_network", _flag),
    ("place_in_name", "place_in_name", _flag),
    ("place_one_side", "place_one_side", _flag),
    ("chapter", "chapter", _flag),
    ("section_word", "section_word", _flag),
    ("same_place", "same_place", _flag),
    ("known_same", "known_same", _flag),
    ("scripts_differ", "scripts_differ", _flag),
    ("transliteration", "transliteration", _same),
    ("transliteration>0.5", "transliteration", _hinge(0.5)),
    ("embedding_cross>0.5", "embedding_cross", _hinge(0.5)),
    ("embedding_cross>0.65", "embedding_cross", _hinge(0.65)),
    ("embedding_cross>0.8", "embedding_cross", _hinge(0.8)),
    ("embedding_same>0.6", "embedding_same", _hinge(0.6)),
    ("embedding_same>0.8", "embedding_same", _hinge(0.8)),
    ("embedding_same>0.9", "embedding_same", _hinge(0.9)),
    ("same_website", "same_website", _flag),
    ("related_websites", "related_websites", _flag),
    ("different_websites", "different_websites", _flag),
    ("same_email_domain", "same_email_domain", _flag),
    ("different_email_domains", "different_email_domains", _flag),
    ("website_email", "website_email", _flag),
    ("same_acronym", "same_acronym", _flag),
    ("same_acronym_common", "same_acronym_common", _flag),
    ("different_acronym_fields", "different_acronym_fields", _flag),
    ("acronym_field_of_name", "acronym_field_of_name", _flag),
    ("same_country", "same_country", _flag),
    ("different_country", "different_country", _flag),
)
# Evidence that two names are different organisations whatever their words say (a
# section and its network, two countries): the model learns how much of the words'
# evidence survives it, through these products.
GATES = ("place_conflict", "section_of_network", "different_country", "place_in_name",
         "chapter", "places_differ_in_name", "numbers_differ")
GATED = (("words", _same), ("best", _hinge(0.8)), ("known_same", _flag), ("acronym_of", _flag), ("same_given_acronym", _flag),
         ("embedding_cross", _hinge(0.5)), ("translated", _flag))


def _gate(signals: dict) -> float:
    return 1.0 if any(signals.get(g) for g in GATES) else 0.0


INPUT_NAMES = tuple(name for name, _, _ in INPUTS) + tuple(f"against*{src}" for src, _ in GATED)


def expand(signals: dict) -> list[float]:
    """The model's inputs for a signal dict, in ``INPUT_NAMES`` order."""
    get = signals.get
    out = [fn(get(src, 0.0)) for _, src, fn in INPUTS]  # type: ignore[operator]
    g = _gate(signals)
    out.extend(g * fn(get(src, 0.0)) for src, fn in GATED)  # type: ignore[operator]
    return out


@dataclass
class Model:
    weights: dict
    intercept: float
    threshold: float = 0.5
    info: dict | None = None

    def contributions(self, signals: dict) -> dict[str, float]:
        """Each signal's share of the logit."""
        out: dict[str, float] = {}
        w = self.weights
        for name, src, fn in INPUTS:
            v = signals.get(src)
            if v:
                x = fn(v)  # type: ignore[operator]
                if x:
                    out[src] = out.get(src, 0.0) + w.get(name, 0.0) * x
        if _gate(signals):
            gate = next(g for g in GATES if signals.get(g))
            for src, fn in GATED:
                v = signals.get(src)
                if v:
                    x = fn(v)  # type: ignore[operator]
                    if x:  # counted against the gate: it says how much the words are worth
                        out[gate] = out.get(gate, 0.0) + w.get(f"against*{src}", 0.0) * x
        return out

    def logit(self, signals: dict) -> float:
        return self.intercept + sum(self.contributions(signals).values())

    @staticmethod
    def sigmoid(z: float) -> float:
        if z < -30:
            return 0.0
        if z > 30:
            return 1.0
        return 1.0 / (1.0 + math.exp(-z))

    def probability(self, signals: dict) -> float:
        return self.sigmoid(self.logit(signals))

    def explain(self, signals: dict, reasons: list[tuple[str, Reason]], limit: int = 4
                ) -> list[Reason]:
        """The reasons whose signals moved the probability most (for or against), biggest
        first; a reason whose signal the model gives no weight is left out."""
        contrib = self.contributions(signals)
        scored = []
        seen = set()
        for src, reason in reasons:
            c = contrib.get(src, 0.0)
            if abs(c) < 0.25 or str(reason) in seen:
                continue
            if (c > 0) == reason.against:  # a reason only says what its weight says
                continue
            seen.add(str(reason))
            scored.append((-abs(c), len(scored), reason))
        scored.sort()
        return [r for _, _, r in scored[:limit]]


@functools.cache
def load(path: str | None = None) -> Model:
    """The fitted model (``data/match_model.json``)."""
    data = json.loads(Path(path or MODEL_FILE).read_text(encoding="utf-8"))
    return Model(weights=data["weights"], intercept=data["intercept"],
                 threshold=data.get("threshold", 0.5), info=data.get("info"))


def default_threshold() -> float:
    """The decision threshold fitting chose (a probability)."""
    return load().threshold
