"""Fitting the model: ``python -m undersigned.orgs.matching.fit`` (from the repository root).

Training data are the labelled lists the project fits on (``FIT_SETS`` below, all in
``tests/orgs/data/``): each list is matched on its own, every candidate pair the list
matcher would score becomes one example (its signals, and whether the labels say one
organisation), and a logistic regression (L2-regularised, Newton's method in numpy) is
fitted on all of them. Lists kept for evaluation (``tests/orgs/data/real/heldout/``,
``tests/orgs/data/eval/``) are never read here.

The decision threshold is the probability that maximises pairwise F1 over out-of-fold
predictions (each list predicted by a model fitted on the others); the same predictions
give the calibration written into ``data/match_model.json`` (a reliability table, the
Brier score and the expected calibration error)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from . import model as _model
from .evaluation import read_labelled
from .lists import list_candidates, list_index, list_vectors
from .record import Name, Record, compare_pair, profile_record, record_signals

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "orgs" / "data"
FIT_SETS = ("labelled_names.tsv", "heldout_names.tsv", "real/*.tsv", "records/fit-*.csv",
            "pairs/fit-*.tsv")
PAIR_WEIGHT = 5.0  # a written pair states one hard case: it counts this many times
L2 = 1.0
# The record sets (names with websites, email domains, acronyms and countries) are small
# beside the name lists: each of their pairs counts this many times, so that the record
# signals get weights the data supports instead of being shrunk to nothing.
RECORD_WEIGHT = 20.0


def read_rows(path: Path) -> list[tuple[Record, str]]:
    """(record, cluster label) rows of a labelled TSV (name, label) or CSV of records."""
    return [(r if isinstance(r, Record) else Record((Name(r),)), label)
            for r, label in read_labelled(path)]


def fit_paths() -> list[Path]:
    out = []
    for pattern in FIT_SETS:
        out.extend(sorted(DATA.glob(pattern)))
    return out


def list_examples(rows: Sequence[tuple[Record, str]], m: _model.Model | None = None,
                  embed: bool = True, pairs_only=None) -> tuple[list[dict], list[int]]:
    """Signals and labels (1 = one organisation) of every candidate pair of a list."""
    rps = [profile_record(r) for r, _ in rows]
    labels = [label for _, label in rows]
    index = list_index(rps)
    vectors = list_vectors(rps, embed)
    signals, ys = [], []
    for a, b in pairs_only or sorted(list_candidates(rps, index, vectors)):
        ra, rb = rps[a], rps[b]
        if not ra.profiles or not rb.profiles:
            continue
        rsig, _ = record_signals(ra, rb, common_acronym=index.is_common_acronym)
        best, best_z = None, None
        for pa in ra.profiles:
            for pb in rb.profiles:
                c = compare_pair(pa, pb, network=index.is_network, common=index.is_common,
                                 vectors=vectors)
                if c.veto is not None:
                    continue
                s = {**c.signals, **rsig}
                z = m.logit(s) if m is not None else s.get("words", 0.0)
                if best_z is None or z > best_z:
                    best, best_z = s, z
        if best is None:
            continue
        signals.append(best)
        ys.append(int(labels[a] == labels[b]))
    return signals, ys


def fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = L2, iters: int = 50,
                 sample_weight: np.ndarray | None = None) -> tuple[np.ndarray, float]:
    """Weights and intercept of an L2-regularised logistic regression (Newton's method)."""
    n, k = X.shape
    sw = np.ones(n) if sample_weight is None else sample_weight
    A = np.hstack([X, np.ones((n, 1))])
    w = np.zeros(k + 1)
    reg = np.full(k + 1, l2)
    reg[-1] = 0.0  # the intercept is not shrunk
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(A @ w, -30, 30)))
        grad = A.T @ (sw * (p - y)) + reg * w
        H = (A * (sw * p * (1 - p))[:, None]).T @ A + np.diag(reg + 1e-9)
        step = np.linalg.solve(H, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w[:-1], float(w[-1])


def _as_model(w: np.ndarray, b: float, threshold: float = 0.5, info=None) -> _model.Model:
    return _model.Model({n: float(v) for n, v in zip(_model.INPUT_NAMES, w, strict=True)
                         if abs(v) > 1e-9}, b, threshold, info)


def _set_weight(name: str) -> float:
    if name.startswith("pairs/"):
        return PAIR_WEIGHT
    return RECORD_WEIGHT if name.endswith(".csv") else 1.0


def read_pairs(path: Path) -> list[tuple[str, str, bool]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b, same = line.split("\t")
            out.append((a, b, same.strip() == "same"))
    return out


def pair_examples(pairs, m: _model.Model | None = None) -> tuple[list[dict], list[int]]:
    """Signals and labels of written pairs, each matched as a list of two."""
    signals, ys = [], []
    for a, b, same in pairs:
        sig, _ = list_examples([(Record((Name(a),)), "a"), (Record((Name(b),)), "b")], m,
                               pairs_only=[(0, 1)])
        if sig:
            signals.append(sig[0])
            ys.append(int(same))
    return signals, ys


def best_threshold(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    best = (0.5, 0.0)
    for t in np.arange(0.05, 0.96, 0.01):
        pred = p >= t
        tp = float((pred & (y == 1)).sum())
        prec = tp / pred.sum() if pred.sum() else 1.0
        rec = tp / (y == 1).sum() if (y == 1).sum() else 1.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f1 > best[1] + 1e-9:
            best = (round(float(t), 2), f1)
    return best


def calibration(p: np.ndarray, y: np.ndarray, bins: int = 10) -> dict:
    table = []
    ece = 0.0
    for i in range(bins):
        lo, hi = i / bins, (i + 1) / bins
        sel = (p >= lo) & ((p < hi) if i < bins - 1 else (p <= hi))
        if sel.sum():
            mean_p, rate = float(p[sel].mean()), float(y[sel].mean())
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "pairs": int(sel.sum()),
                          "mean_probability": round(mean_p, 3), "share_same": round(rate, 3)})
            ece += sel.sum() / len(p) * abs(mean_p - rate)
    return {"brier": round(float(((p - y) ** 2).mean()), 4), "ece": round(float(ece), 4),
            "reliability": table}


def main(argv=None) -> None:
    paths = fit_paths()
    sets = {p.relative_to(DATA).as_posix(): (read_pairs(p) if p.parent.name == "pairs"
                                              else read_rows(p)) for p in paths}
    m = None
    for round_ in range(2):  # the best name pair of two records is chosen by the model itself
        per_set = {name: (pair_examples(rows, m) if name.startswith("pairs/")
                          else list_examples(rows, m)) for name, rows in sets.items()}
        X = np.array([_model.expand(s) for sig, _ in per_set.values() for s in sig])
        y = np.array([v for _, ys in per_set.values() for v in ys], dtype=float)
        sw = np.array([_set_weight(name) for name, (_, ys) in per_set.items() for _ in ys])
        w, b = fit_logistic(X, y, sample_weight=sw)
        m = _as_model(w, b)
        print(f"round {round_ + 1}: {len(y)} candidate pairs, {int(y.sum())} of one organisation",
              file=sys.stderr)
    # out-of-fold predictions: each set predicted by a model fitted on the others
    oof_p, oof_y = [], []
    for name, (sig, ys) in per_set.items():
        if not ys:
            continue
        Xo = np.array([_model.expand(s) for n2, (sg, _) in per_set.items() if n2 != name
                       for s in sg])
        yo = np.array([v for n2, (_, yy) in per_set.items() if n2 != name for v in yy], float)
        swo = np.array([_set_weight(n2) for n2, (_, yy) in per_set.items() if n2 != name
                        for _ in yy])
        wo, bo = fit_logistic(Xo, yo, sample_weight=swo)
        mo = _as_model(wo, bo)
        oof_p.extend(mo.probability(s) for s in sig)
        oof_y.extend(ys)
    P, Y = np.array(oof_p), np.array(oof_y, dtype=float)
    threshold, f1 = best_threshold(P, Y)
    info = {"fitted_on": sorted(sets), "pairs": int(len(y)), "positives": int(y.sum()),
            "l2": L2, "record_weight": RECORD_WEIGHT, "threshold_pairwise_f1_out_of_fold": round(f1, 4),
            "calibration_out_of_fold": calibration(P, Y)}
    out = {"weights": {k: round(v, 4) for k, v in sorted(m.weights.items())},
           "intercept": round(m.intercept, 4), "threshold": threshold, "info": info}
    _model.MODEL_FILE.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    _model.load.cache_clear()
    print(json.dumps({"threshold": threshold, "oof_pairwise_f1": round(f1, 4),
                      "brier": info["calibration_out_of_fold"]["brier"],
                      "ece": info["calibration_out_of_fold"]["ece"]}), file=sys.stderr)
    for k, v in sorted(out["weights"].items(), key=lambda kv: -abs(kv[1])):
        print(f"  {k:28} {v:+.3f}", file=sys.stderr)
    print(f"  {'(intercept)':28} {out['intercept']:+.3f}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
