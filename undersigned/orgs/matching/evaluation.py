"""Stage 9, evaluation: pairwise precision, recall and F1 against labelled lists."""
from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from .features import compare_names
from .lists import cluster_records, list_candidates, list_index
from .record import Name, Record, profile_record, record_signals
from .text import normalize


def _name_of(row) -> str:
    r = row[0]
    if isinstance(r, Record):
        return " | ".join(n.text for n in r.names if n.text)
    return r


def evaluate(rows: Sequence[tuple], threshold: float | None = None, embed: bool = True) -> dict:
    """Pairwise precision, recall and F1 of the list clusters against labelled rows, each
    ``(name or Record, cluster-id)``. Also: the false positive and false negative pairs;
    recall over the true pairs whose names are in different scripts (``cross_*``); the
    hard negatives - pairs of different organisations that share half their words, an
    acronym or a domain - and how many were merged; look-alikes (a label starting with
    "I", or a name written with look-alike characters) merged with anything."""
    records = [r[0] if isinstance(r[0], Record) else Record((Name(r[0]),)) for r in rows]
    labels = [r[1] for r in rows]
    names = [_name_of(r) for r in rows]
    rps = [profile_record(r) for r in records]
    predicted, pairs = cluster_records(rps, threshold=threshold, embed=embed)
    got = set()
    for group in predicted:
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                got.add((a, b))
    by_label: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        if any(normalize(n.text) for n in records[i].names):
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

    def scripts(i):
        return {p.script for p in rps[i].profiles if p.script}

    cross = {(a, b) for a, b in truth if scripts(a) and scripts(b) and not scripts(a) & scripts(b)}
    # hard negatives: different organisations that look related
    index = list_index(rps)
    hard = set()
    for a, b in list_candidates(rps, index):
        if labels[a] == labels[b] or not rps[a].profiles or not rps[b].profiles:
            continue
        sig, _ = record_signals(rps[a], rps[b])
        near = any(sig.get(k) for k in ("same_website", "same_email_domain", "same_acronym"))
        for pa in rps[a].profiles:
            for pb in rps[b].profiles:
                c = compare_names(pa, pb)
                if c.signals.get("words", 0) >= 0.5 or c.signals.get("same_given_acronym") or (
                        c.signals.get("acronym_of")):
                    near = True
        if near:
            hard.add((a, b))
    lookalikes = {i for i, label in enumerate(labels) if label.startswith("I")} | {
        i for i, rp in enumerate(rps) if any(p.mixed for p in rp.profiles)}
    merged_lookalikes = {(a, b) for a, b in got - truth if a in lookalikes or b in lookalikes}
    return {
        "precision": precision, "recall": recall, "f1": f1, "pairs": len(got),
        "true_pairs": len(truth), "names": len(rows),
        "cross_true": len(cross), "cross_found": len(cross & got),
        "hard_negatives": len(hard), "hard_merged": len(hard & got),
        "lookalikes": len(lookalikes), "lookalikes_merged": len(merged_lookalikes),
        "false_positives": sorted((names[a], names[b], direct.get((a, b), {}).get("score"))
                                  for a, b in got - truth),
        "false_negatives": sorted((names[a], names[b]) for a, b in truth - got),
    }


def pooled(results: Iterable[dict]) -> dict:
    """Pairs of several ``evaluate`` results pooled (lists matched and labelled one by one):
    right, wrong and missed pairs, precision, recall and F1."""
    right = wrong = missed = 0
    results = list(results)
    for r in results:
        wrong += len(r["false_positives"])
        missed += len(r["false_negatives"])
        right += r["pairs"] - len(r["false_positives"])
    precision = right / (right + wrong) if right + wrong else 1.0
    recall = right / (right + missed) if right + missed else 1.0
    f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    cross_true = sum(r.get("cross_true", 0) for r in results)
    cross_found = sum(r.get("cross_found", 0) for r in results)
    hard = sum(r.get("hard_negatives", 0) for r in results)
    hard_merged = sum(r.get("hard_merged", 0) for r in results)
    return {"precision": precision, "recall": recall, "f1": f1, "right": right, "wrong": wrong,
            "cross_true": cross_true, "cross_found": cross_found,
            "cross_recall": cross_found / cross_true if cross_true else 1.0,
            "hard_negatives": hard, "hard_merged": hard_merged,
            "lookalikes_merged": sum(r.get("lookalikes_merged", 0) for r in results),
            "missed": missed}


def read_labelled(path) -> list[tuple]:
    """(name, cluster-id) rows of a TSV file; ``#`` lines are comments. A CSV file gives
    (Record, cluster-id) rows (``read_records_csv``)."""
    if str(path).endswith(".csv"):
        return read_records_csv(path)
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, label = line.rpartition("\t")
        rows.append((name, label.strip()))
    return rows




def read_records_csv(path) -> list[tuple[Record, str]]:
    """(Record, label) rows of a CSV whose header names ``label`` and any of ``name`` (names
    separated by ``|``), ``acronym``, ``country``, ``website``, ``email``; ``#`` lines are
    comments."""
    lines = [ln for ln in Path(path).read_text(encoding="utf-8").splitlines()
             if not ln.startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        names = [n.strip() for n in (row.get("name") or "").split("|") if n.strip()]
        rows.append((Record(tuple(Name(n) for n in names), acronym=row.get("acronym") or "",
                            country=row.get("country") or "", website=row.get("website") or "",
                            email=row.get("email") or ""), (row.get("label") or "").strip()))
    return rows
