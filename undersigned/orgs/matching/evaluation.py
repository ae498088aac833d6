"""Stage 9, evaluation: pairwise precision, recall and F1 against labelled lists."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from .features import DEFAULT_THRESHOLD
from .lists import cluster_pairs, match_pairs
from .text import normalize

# ---------------------------------------------------------------------------- impersonation


def evaluate(rows: Sequence[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD) -> dict:
    """Pairwise precision, recall and F1 of ``cluster`` against labelled (name, cluster-id)
    rows; also the false positive and false negative pairs (as name pairs)."""
    names = [r[0] for r in rows]
    labels = [r[1] for r in rows]
    pairs = match_pairs(names, threshold=threshold)
    predicted = cluster_pairs(len(names), pairs)
    got = set()
    for group in predicted:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                got.add((a, b))
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        if normalize(names[i]):
            by_label[label].append(i)
    truth = set()
    for members in by_label.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                truth.add((a, b))
    tp = len(got & truth)
    precision = tp / len(got) if got else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    direct = {(p["a"], p["b"]): p for p in pairs}
    return {
        "precision": precision, "recall": recall, "f1": f1, "pairs": len(got),
        "true_pairs": len(truth),
        "false_positives": sorted((names[a], names[b], direct.get((a, b), {}).get("score"))
                                  for a, b in got - truth),
        "false_negatives": sorted((names[a], names[b]) for a, b in truth - got),
    }


def pooled(results: Iterable[dict]) -> dict:
    """Pairs of several ``evaluate`` results pooled (lists matched and labelled one by one):
    right, wrong and missed pairs, precision, recall and F1."""
    right = wrong = missed = 0
    for r in results:
        wrong += len(r["false_positives"])
        missed += len(r["false_negatives"])
        right += r["pairs"] - len(r["false_positives"])
    precision = right / (right + wrong) if right + wrong else 1.0
    recall = right / (right + missed) if right + missed else 1.0
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "right": right, "wrong": wrong,
            "missed": missed}


def read_labelled(path) -> list[tuple[str, str]]:
    """(name, cluster-id) rows of a TSV file; ``#`` lines are comments."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, label = line.rpartition("\t")
        rows.append((name, label.strip()))
    return rows


