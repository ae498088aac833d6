"""Benchmark of the organisation-name matcher (standalone script).

    .venv/bin/python bench/bench_matching package            # 1,000,000 names
    .venv/bin/python bench/bench_matching package --n 100000

Prints, in one run:
* precision / recall / F1 on the written sets tests/orgs/data/labelled_names.tsv and
  heldout_names.tsv (both tuned on by now), on real lists in tests/orgs/data/real/ (seen
  while tuning) and on real lists in tests/orgs/data/real/heldout/ (never looked at while
  tuning); ``--accuracy-only`` stops there;
* the time to build a NameIndex of N synthetic names (bench/gen_registry.py), analysed in
  --workers processes;
* p50 / p99 latency of one live query (goal < 10 ms);
* time to match 10,000 new names against the registry (goal < 60 s), in one process and
  in --workers forked processes sharing the index;
* peak memory (resource.getrusage, this process and its children);
* an exact brute-force baseline on --sample queries: rapidfuzz ``process.extract`` of the
  normalised query against every normalised registry name (fuzz.ratio >= --cutoff), each
  hit then scored with the matcher's own ``score_pair``; the index's recall against that
  set (goal >= 0.99) and the speed-up of the index over the brute force.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gen_registry  # noqa: E402

from undersigned.orgs import matching  # noqa: E402
from undersigned.orgs.matching import NameIndex, analyse, score_pair  # noqa: E402

DATA = ROOT / "tests" / "orgs" / "data"


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def _analyse_chunk(chunk):
    out = []
    for _, name, lang in chunk:
        profile = analyse(name, lang=lang)
        out.append((profile, matching.index_features(profile)))
    return out


def build_index(rows, workers: int) -> NameIndex:
    index = NameIndex()
    chunks = [rows[i:i + 5000] for i in range(0, len(rows), 5000)]
    if workers <= 1:
        for key, name, lang in rows:
            index.add(key, name, lang=lang)
        return index
    ctx = mp.get_context("fork")
    with ctx.Pool(workers) as pool:
        for chunk, profiles in zip(chunks, pool.imap(_analyse_chunk, chunks), strict=True):
            for (key, _, _), (profile, feats) in zip(chunk, profiles, strict=True):
                index.add_profile(key, profile, feats)
    return index


_INDEX: NameIndex | None = None


def _match_chunk(names):
    assert _INDEX is not None
    return [len(_INDEX.query(name, limit=5)) for name in names]


def _line(label: str, r: dict, seconds: float | None = None) -> str:
    cross = (f"cross-script {r['cross_found']}/{r['cross_true']}" if r.get("cross_true")
             else "cross-script -")
    hard = (f"hard negatives merged {r['hard_merged']}/{r['hard_negatives']}"
            if r.get("hard_negatives") else "hard negatives -")
    t = f" ({seconds:.1f} s)" if seconds is not None else ""
    return (f"  {label:40} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}; "
            f"{cross}; {hard}; look-alikes merged {r.get('lookalikes_merged', 0)}{t}")


def _pooled(label: str, paths, results: list | None = None) -> list:
    """Precision/recall/F1 of each labelled list, then pooled over the lists (each list
    matched on its own); cross-script recall, hard negatives and look-alikes merged."""
    results = [] if results is None else results
    for path in paths:
        rows = matching.read_labelled(path)
        t = time.perf_counter()
        r = matching.evaluate(rows)
        results.append(r)
        print(_line(f"{path.name} ({len(rows)}, {r['true_pairs']} true pairs)", r,
                    time.perf_counter() - t))
    if not results:
        return results
    s = matching.pooled(results)
    print(f"  {label}, pooled: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
          f"({s['right']} right pairs, {s['wrong']} wrong, {s['missed']} missed); cross-script "
          f"recall {s['cross_recall']:.3f} ({s['cross_found']}/{s['cross_true']}); hard "
          f"negatives merged {s['hard_merged']}/{s['hard_negatives']} "
          f"({s['hard_merged'] / max(1, s['hard_negatives']):.1%}); look-alikes merged "
          f"{s['lookalikes_merged']}")
    return results


# First runs of evaluation lists, recorded before their errors were read (see the notes).
FIRST_RUNS = {
    "records-eval.csv": "P 0.889 R 0.667 F1 0.762, cross-script 7/10",
    "ru-media-en-ru.tsv": "P 1.000 R 0.000 F1 0.000, cross-script 0/14",
    "ru-media-en-ru-records.csv": "P 1.000 R 1.000 F1 1.000, cross-script 14/14",
    "partners-en-ar.tsv": "P 1.000 R 0.154 F1 0.267, cross-script 2/13",
    "partners-en-ar-records.csv": "P 1.000 R 1.000 F1 1.000, cross-script 13/13",
}


def accuracy() -> None:
    m = matching.model.load()
    cal = (m.info or {}).get("calibration_out_of_fold", {})
    print(f"model: logistic regression, threshold {m.threshold} (a probability); "
          f"out-of-fold calibration: Brier {cal.get('brier')}, ECE {cal.get('ece')}")
    for row in cal.get("reliability", []):
        print(f"    {row['bin']}: {row['pairs']:6} pairs, mean probability "
              f"{row['mean_probability']:.3f}, share of one organisation {row['share_same']:.3f}")
    print("\nfitted on (never an evaluation list):")
    fitted = [DATA / "labelled_names.tsv", DATA / "heldout_names.tsv"]
    real = sorted((DATA / "real").glob("*.tsv"))
    _pooled("written sets", fitted)
    _pooled("real lists", [p for p in real if not p.name.startswith("aihr")])
    _pooled("Latin/Arabic directory, 1st half", [p for p in real if p.name.startswith("aihr")])
    _pooled("records", sorted((DATA / "records").glob("*.csv")))
    letter = ROOT.parent / "shared" / "letters" / "hrc52-hrd-mandate.zh-Hant.txt"
    if not letter.exists() and os.environ.get("UNDERSIGNED_SHARED"):
        letter = Path(os.environ["UNDERSIGNED_SHARED"]) / "letters" / letter.name
    if letter.exists():
        import re

        rows = []
        for line in letter.read_text(encoding="utf-8").splitlines():
            mm = re.match(r"^\s*(\d+)\.\s+(.*\S)\s*$", line)
            if not mm:
                continue
            number, text = int(mm.group(1)), mm.group(2)
            label = "L047" if number == 45 else f"L{number:03d}"  # 45 and 47: one organisation
            cjk = re.search(r"[\u3400-\u9fff\uf900-\ufaff]", text)
            if cjk and text[: cjk.start()].strip():
                rows += [(text[: cjk.start()].strip(), label), (text[cjk.start():].strip(), label)]
            else:
                rows.append((text, label))
        r = matching.evaluate([row for row in rows if matching.normalize(row[0])])
        print("\nthe shared letter, each bilingual line cut into its English and Chinese names "
              "(its lines are in the written set fitted on):")
        print(_line(f"{len(rows)} names, {r['true_pairs']} true pairs", r))
    print("\nevaluation lists, never fitted on (real/heldout: read while tuning the old rules;"
          "\n  eval/: first runs below):")
    heldout = sorted((DATA / "real" / "heldout").glob("*.tsv"))
    evals = sorted((DATA / "eval").glob("*"))
    every = _pooled("held-out real lists", [p for p in heldout if not p.name.startswith("aihr")])
    every += _pooled("held-out Latin/Arabic directory",
                     [p for p in heldout if p.name.startswith("aihr")])
    every += _pooled("eval lists (names only, and as records)", evals)
    _pooled("all evaluation lists", [], every)
    for name, first in FIRST_RUNS.items():
        print(f"  first run of {name}: {first}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the organisation-name matcher.")
    parser.add_argument("--n", type=int, default=1_000_000, help="registry size")
    parser.add_argument("--queries", type=int, default=1000, help="live queries timed")
    parser.add_argument("--batch", type=int, default=10_000, help="new names to match")
    parser.add_argument("--sample", type=int, default=100, help="brute-force sample queries")
    parser.add_argument("--cutoff", type=float, default=70.0,
                        help="fuzz.ratio cut-off of the brute-force candidate set")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--accuracy-only", action="store_true")
    args = parser.parse_args(argv)
    global _INDEX

    print(f"matcher threshold {matching.default_threshold()} (probability)")
    accuracy()
    if args.accuracy_only:
        return

    t = time.perf_counter()
    rows = gen_registry.generate(args.n, seed=args.seed)
    print(f"\nregistry: {len(rows):,} names of {rows[-1][0]:,} organisations generated in "
          f"{time.perf_counter() - t:.1f} s")
    matching._resources()
    gc.freeze()
    cpu0 = sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    t = time.perf_counter()
    index = build_index(rows, args.workers)
    build = time.perf_counter() - t
    cpu = sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
              for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) - cpu0
    gc.collect()
    gc.freeze()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work shares "
          "them); the embedding is off at this size (see the cost below)")
    print(f"index built in {build:.1f} s ({args.workers} workers; {cpu:.0f} CPU-s in all), {len(index):,} names, "
          f"{len(index._post):,} features, {len(index._vocab_list):,} words for typo look-up; "
          f"peak RSS {peak_mb()[0]:,.0f} MB")

    rng = random.Random(args.seed + 7)
    live = [gen_registry.variant(rng.choice(rows)[1], rng) for _ in range(args.queries)]
    for q in live[:20]:
        index.query(q)  # warm caches
    times = []
    hits = 0
    for q in live:
        t = time.perf_counter()
        found = index.query(q)
        times.append((time.perf_counter() - t) * 1000)
        hits += bool(found)
    times.sort()
    p50 = statistics.median(times)
    p99 = times[int(len(times) * 0.99) - 1]
    print(f"\nlive query: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {times[-1]:.1f} ms "
          f"over {len(live)} queries ({hits / len(live):.0%} found a match)")

    batch = gen_registry.new_names(rows, args.batch, seed=args.seed + 11)
    t = time.perf_counter()
    c = time.process_time()
    found = sum(bool(index.query(name, limit=5)) for name in batch)
    one = time.perf_counter() - t
    print(f"match {len(batch):,} new names: {one:.1f} s ({time.process_time() - c:.1f} CPU-s) in one process "
          f"({found / len(batch):.0%} matched)")
    if args.workers > 1:
        _INDEX = index
        ctx = mp.get_context("fork")
        parts = [batch[i::args.workers] for i in range(args.workers)]
        t = time.perf_counter()
        with ctx.Pool(args.workers) as pool:
            pool.map(_match_chunk, parts)
        print(f"match {len(batch):,} new names: {time.perf_counter() - t:.1f} s in "
              f"{args.workers} forked processes")

    # brute force on a sample
    from rapidfuzz import fuzz, process

    sample = [gen_registry.variant(rng.choice(rows)[1], rng) for _ in range(args.sample)]
    profiles = index._profiles
    norms = [p.norm for p in profiles]
    t = time.perf_counter()
    qprof = [analyse(q) for q in sample]
    truth = []
    for qp in qprof:
        keys = set()
        for _, _, doc in process.extract(qp.norm, norms, scorer=fuzz.ratio, limit=None,
                                         score_cutoff=args.cutoff):
            if score_pair(qp, profiles[doc], network=index.is_network, common=index.is_common,
                          vectors=None)[0] >= index.threshold:
                keys.add(index._keys[doc])
        truth.append(keys)
    brute = time.perf_counter() - t
    t = time.perf_counter()
    got = [{m.key for m in index.query(qp, limit=50)} for qp in qprof]
    fast = time.perf_counter() - t
    total = sum(len(k) for k in truth)
    found = sum(len(k & g) for k, g in zip(truth, got, strict=True))
    extra = sum(len(g - k) for k, g in zip(truth, got, strict=True))
    recall = found / total if total else 1.0
    print(f"\nbrute force ({len(sample)} queries, extract fuzz.ratio >= {args.cutoff:g} over "
          f"{len(norms):,} names, then score_pair): {brute:.1f} s, "
          f"{brute / len(sample) * 1000:.0f} ms/query")
    print(f"index on the same queries: {fast:.2f} s, {fast / len(sample) * 1000:.2f} ms/query; "
          f"speed-up x{brute / fast:.0f}")
    print(f"index recall against brute force: {recall:.4f} ({found}/{total} organisations); "
          f"{extra} more found by the index only (translations, acronyms)")
    for q, k, g in zip(sample, truth, got, strict=True):
        if k - g:
            print(f"  missed for {q!r}: {sorted(map(str, k - g))[:3]}")
    # the embedding's cost, had it been on at this size
    enc = matching.embedding.encoder()
    if enc.available:
        names = [name for name in batch[:5000]]
        t = time.perf_counter()
        enc.encode(names)
        per = (time.perf_counter() - t) / len(names) * 1000
        print(f"\nembedding (USE multilingual v3, numpy): {per:.2f} ms a name in batches; "
              f"{len(rows):,} names would take {per * len(rows) / 1000 / 60:.0f} min to encode "
              f"and {len(rows) * 1024 / 2**30:.1f} GB as float16; used on candidates across "
              f"scripts only (NameIndex(embed=True), the registry's default)")
        cross = NameIndex(embed=True)
        for key, name, lang in rows[:20000]:
            cross.add(key, name, lang=lang)
        qs = ["國際特赦組織", "人權觀察", "Правозащитный центр", "المبادرة المصرية للحقوق الشخصية"] * 25
        t = time.perf_counter()
        for q in qs:
            cross.query(q)
        print(f"  a query in another script against 20,000 names with the embedding on: "
              f"{(time.perf_counter() - t) / len(qs) * 1000:.1f} ms (first queries encode "
              f"their candidates, later ones reuse the cache)")
    own, kids = peak_mb()
    print(f"\npeak memory: {own:,.0f} MB (this process), {kids:,.0f} MB (largest child)")
    print(f"pid {os.getpid()} done")


if __name__ == "__main__":
    main()
