"""Matching organisations across spellings, scripts and languages: one toolkit for the
registry, imports, suggestions and the review queue. The stages, in reading order:
``text``, ``lexicon``, ``confusables``, ``profile``, ``features``, ``index``, ``lists``,
``evaluation``. docs/matching.md is the reference."""

from .confusables import impersonation_check, mixed_script_words, skeleton
from .evaluation import evaluate, pooled, read_labelled
from .features import DEFAULT_THRESHOLD, score_pair
from .index import Match, NameIndex, index_features
from .lexicon import _resources
from .lists import cluster, cluster_pairs, match_pairs
from .profile import Profile, View, analyse
from .text import normalize

__all__ = [
    "DEFAULT_THRESHOLD", "Match", "NameIndex", "Profile", "View", "analyse", "cluster",
    "cluster_pairs", "evaluate", "impersonation_check", "index_features", "match_pairs",
    "mixed_script_words", "normalize", "pooled", "read_labelled", "score_pair", "skeleton",
    "_resources",
]
