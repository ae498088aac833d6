"""Scorecard and resolver speed: the work a scorecard page and a paste box do per request.

Times, best of ``--repeat`` runs after one warm-up (on a shared machine other processes
only ever add time, so the minimum is the figure that compares between runs), with the
median beside it:

* ``render_scorecard`` for all 195 states and for the 47 HRC members;
* ``resolve_list`` on a realistic co-sponsor list of all 195 UN names, and on the same
  list in French and Chinese;
* ``parse_vote`` on a 47-member recorded vote;
* the one-off cost of building the name index (first call in a process);
* a campaign's public scorecard for 195 states and 10 asks, on a fresh SQLite database:
  in process, the time to build each output from the database (page body, one SVG,
  CSV, JSON); then served by gunicorn on loopback and measured with wrk (or the
  Python load generator when wrk is missing), with the cache (LocMemCache, as
  deployed) and without (DummyCache: every request builds the page).

Goals: a 195-tile scorecard under 20 ms; a 195-name list under 50 ms.

    python bench/bench_scorecard.py [--repeat 20] [--seconds 8] [--connections 8] [--no-server]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
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
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--no-server", action="store_true", help="skip the gunicorn runs")
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
    campaign_bench(args)


# --- the public scorecard of a campaign: 195 states x 10 asks ---------------------------

SETUP = """
import datetime as dt, random, django
django.setup()
from django.db import transaction
from undersigned.advocacy import services
from undersigned.advocacy.models import AskKind, AskStatus, Resolution
from undersigned.advocacy.reference import all_states
from undersigned.letters import services as letters

rng = random.Random(4)
letter = letters.letter_create(slug="bench", source_lang="en", languages=["en"],
                               title="Renew the mandate", body_md="Text.",
                               asks=[f"ask number {n}" for n in range(1, 11)])
resolution = Resolution.objects.create(symbol="A/HRC/60/L.1", title="Bench", body="GA3",
                                       session="80", tabled_on=dt.date(2025, 10, 1))
states = list(all_states())
services.sponsors_import(resolution, ", ".join(s.name for s in states[:90]))
kinds = [AskKind.ENGAGE, AskKind.COSPONSOR, AskKind.CONSENSUS] + [AskKind.OTHER] * 7
campaign = services.campaign_create(
    name="Bench campaign", slug="bench", letter=letter, resolution=resolution, published=True,
    asks=[(f"ask number {n + 1}", kind) for n, kind in enumerate(kinds)])
statuses = ["asked", "considering", "committed", "done", "declined", "not_done", "n_a"]
with transaction.atomic():
    for ask in campaign.asks.exclude(kind=AskKind.COSPONSOR):
        AskStatus.objects.bulk_create(
            AskStatus(ask=ask, state_code=s.iso3, status=rng.choice(statuses),
                      evidence="statement of 12 March" if rng.random() < 0.2 else "")
            for s in states)
print(AskStatus.objects.count())
"""

RENDER = """
import time, statistics, django
django.setup()
from django.core.cache import cache
from undersigned.advocacy import public, selectors
campaign = selectors.public_campaign("bench")
cases = {
    "document (selector)": lambda: selectors.scorecard_document(campaign, "en"),
    "page body (HTML)": lambda: public.scorecard_html(campaign, "en"),
    "one ask's tile grid (SVG)": lambda: public.scorecard_svg(campaign, "en", 1),
    "CSV": lambda: public.scorecard_csv(campaign, "en"),
    "JSON": lambda: public.scorecard_json(campaign, "en"),
}
for name, fn in cases.items():
    runs = []
    for _ in range(REPEAT + 1):
        cache.clear()
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    runs = runs[1:]
    print(f"  {name:<38} {1000 * min(runs):8.1f} ms   (median {1000 * statistics.median(runs):.1f} ms)")
from django.test import Client
client = Client(HTTP_ACCEPT_LANGUAGE="en")
client.get("/campaigns/bench/")
runs = []
for _ in range(REPEAT * 5):
    t = time.perf_counter()
    client.get("/campaigns/bench/")
    runs.append(time.perf_counter() - t)
print(f"  {'whole request, cached (in process)':<38} {1000 * min(runs):8.1f} ms   (median {1000 * statistics.median(runs):.1f} ms)")
size = len(public.scorecard_html(campaign, "en").encode())
print(f"  page body size                         {size / 1024:8.1f} KiB")
"""


def campaign_bench(args):
    from bench_edition_page import serve_and_measure

    tmp = Path(tempfile.mkdtemp(prefix="undersigned-bench-scorecard-"))
    env = {**os.environ, "UNDERSIGNED_VAR": str(tmp), "DATABASE_URL": "",
           "DJANGO_SETTINGS_MODULE": "undersigned.settings", "PYTHONPATH": str(REPO)}
    py = sys.executable
    subprocess.run([py, "-m", "undersigned.cli", "migrate", "-v0"], env=env, cwd=REPO, check=True)
    rows = subprocess.run([py, "-c", SETUP], env=env, cwd=REPO, check=True, capture_output=True,
                          text=True).stdout.strip()
    print(f"campaign scorecard, 195 states x 10 asks ({rows} status rows), built uncached:")
    subprocess.run([py, "-c", RENDER.replace("REPEAT", str(args.repeat))], env=env, cwd=REPO,
                   check=True)
    if args.no_server:
        return
    path = "/campaigns/bench/"
    print(f"  gunicorn, 2 workers, {args.connections} connections, {args.seconds} s, GET {path}")
    serve_and_measure(env, path, seconds=args.seconds, connections=args.connections)

if __name__ == "__main__":
    main()
