"""Matching organisations across spellings, scripts and languages: one toolkit for the
registry, imports, suggestions and the review queue. The stages, in reading order:
``text``, ``lexicon``, ``domains``, ``confusables``, ``profile``, ``features``,
``embedding``, ``record``, ``model``, ``scoring``, ``index``, ``lists``, ``evaluation``
(and ``fit``, which fits the model). docs/matching.md is the reference.

The API the rest of the project calls:

* ``Record(names, acronym, country, website, email)`` with ``Name(text, lang)``;
* ``score_records(a, b) -> Match(probability, reasons)``; ``score_pair(a, b)`` for names;
* ``NameIndex``: ``add(key, name, lang, acronym)``, ``add_record(key, record)``,
  ``query(name | record, limit, threshold) -> [Match(key, probability, reasons, name)]``,
  ``query_key(key)``, ``mark_distinct(a, b)``, ``impersonations(name)``;
* ``match_records(records)`` / ``match_pairs(names)`` and ``cluster_pairs(n, pairs)`` for lists;
* ``Reason``: a ``str`` (its English sentence) with ``code``, ``params`` and ``text``.
"""

from .confusables import impersonation_check, mixed_script_words, skeleton
from .domains import Site, email_domain, website
from .evaluation import evaluate, pooled, read_labelled
from .index import NameIndex, index_features
from .lexicon import DATA, _resources, countries_in, country_of
from .lists import cluster, cluster_pairs, cluster_records, match_pairs, match_records
from .model import default_threshold
from .profile import Profile, View, analyse
from .reasons import Reason
from .record import Name, Record, RecordProfile, profile_record
from .scoring import Match, score_pair, score_profiles, score_records
from .text import detect_script, normalize, to_latin

__all__ = [
    "DATA", "DEFAULT_THRESHOLD", "Match", "Name", "NameIndex", "Profile", "Reason", "Record",
    "RecordProfile", "Site", "View", "_resources", "analyse", "cluster", "cluster_pairs",
    "cluster_records", "countries_in", "country_of",
    "default_threshold", "detect_script", "email_domain", "evaluate", "impersonation_check",
    "index_features", "match_pairs", "match_records", "mixed_script_words", "normalize",
    "pooled", "profile_record", "read_labelled", "score_pair", "score_profiles",
    "score_records", "skeleton", "to_latin", "website",
]


def __getattr__(name: str):
    if name == "DEFAULT_THRESHOLD":  # the fitted model's threshold, read when asked
        return default_threshold()
    raise AttributeError(name)
