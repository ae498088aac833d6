"""Scorecard and resolver speed: the work a scorecard page and a paste box do per request.

Times, best of ``--repeat`` runs after one warm-up (on a shared machine other processes
only ever add time, so the minimum is the figure that compares between runs), with the
median beside it:

* ``render_scorecard`` for all 195 states and for the 47 HRC members;
* ``resolve_list`` on a realistic co-sponsor list of all 195 UN names, and on the same
  list in French and Chinese;
* ``parse_vote`` on a 47-member recorded vote;
* the one-off cost of building the name index (first call in a process).

Goals: a 195-tile scorecard under 20 ms; a 195-name list under 50 ms.

    python bench/bench_scorecard.py [--repeat 20]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "undersigned.settings")

import django  # noqa: E402

django.setup()

from undersigned.advocacy import resolver  # noqa: E402
from undersigned.advocacy.reference import all_states, hrc_members  # noqa: E402
from undersigned.advocacy.scorecard import ORDER, render_scorecard  # noqa: E402


def timed(fn, repeat):
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return min(runs), statistics.median(runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    t = time.perf_counter()
    resolver._index()
    print(f"{'name index (first call)':<40} {1000 * (time.perf_counter() - t):8.1f} ms")

    states = all_states()
    every = {s.iso3: ORDER[i % len(ORDER)] for i, s in enumerate(states)}
    members = {seat.state.iso3: "done" for seat in hrc_members(2025)}
    vote = (
        "In favour: "
        + ", ".join(s.name for s in list(states)[:30])
        + "\nAgainst: "
        + ", ".join(s.name for s in list(states)[30:40])
        + "\nAbstaining: "
        + ", ".join(s.name for s in list(states)[40:47])
    )
    cases = {
        "scorecard, 195 states": lambda: render_scorecard(every, title="All"),
        "scorecard, 47 HRC members": lambda: render_scorecard(members, title="HRC"),
        "resolve_list, 195 names (en)": lambda: resolver.resolve_list(
            ",* ".join(s.names["en"] for s in states)
        ),
        "resolve_list, 195 names (fr)": lambda: resolver.resolve_list(
            ", ".join(s.names["fr"] for s in states)
        ),
        "resolve_list, 195 names (zh-Hans)": lambda: resolver.resolve_list(
            "、".join(s.names["zh-Hans"] for s in states)
        ),
        "parse_vote, 47 states": lambda: resolver.parse_vote(vote),
    }
    print(f"load average: {os.getloadavg()[0]:.2f}")
    for name, fn in cases.items():
        best, median = timed(fn, args.repeat)
        print(f"{name:<40} {1000 * best:8.1f} ms   (median {1000 * median:.1f} ms)")


if __name__ == "__main__":
    main()
