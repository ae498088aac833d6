"""Sign-on submissions per second through the real HTTP stack.

gunicorn serves the application on loopback; wrk (or, without it, a Python client) posts
sign-ons for distinct organisations with a valid CSRF cookie and token, while a background
worker (`undersigned worker`, as `serve` runs it) sends their confirmation mail to the mail
folder. In the same run the same load goes to a floor endpoint that inserts one row through
the same server and middleware, so the ratio shows what a sign-on itself costs. Runs on
SQLite and, when reachable, PostgreSQL. Also printed: the queries one sign-on makes (counted
in process) and the time the worker took to send every confirmation. Rate limits are raised
for the run (SIGNON_RATE_PER_IP=0, SIGNON_RATE_PER_EMAIL=0) and the report says so. Any
answer outside 2xx/3xx fails the benchmark.

    python bench/bench_signon.py [--seconds 10] [--connections 16] [--workers 3]
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import loadgen  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/undersigned_bench")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env, **kw):
    return subprocess.run(cmd, env=env, cwd=REPO, check=True, **kw)


PREPARE = """
import django;django.setup()
from django.db import connection
from undersigned.letters import services
from undersigned.letters.models import Letter, Signature
from undersigned.outbox.models import Message
from django_tasks_db.models import DBTaskResult
with connection.cursor() as c:
    c.execute('DROP TABLE IF EXISTS bench_floor')
    c.execute('CREATE TABLE bench_floor (id INTEGER PRIMARY KEY %s, v VARCHAR(100))'
              % ('AUTOINCREMENT' if connection.vendor == 'sqlite' else 'GENERATED ALWAYS AS IDENTITY'))
Signature.objects.filter(letter__slug='bench').delete()
Letter.objects.filter(slug='bench').delete()
Message.objects.all().delete()
DBTaskResult.objects.all().delete()
l = services.letter_create(slug='bench', source_lang='en', languages=['en'], title='Bench')
services.letter_open(letter=l)
"""

# The queries of one sign-on, counted in process through Django's test client.
QUERIES = """
import re, django; django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
c = Client()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                  c.get('/bench/en/').content.decode()).group(1)
def post(n):
    return c.post('/bench/en/', {'csrfmiddlewaretoken': token, 'name': f'Query Count Org {n}',
                  'country': 'KE', 'contact_name': 'Q', 'contact_email': f'q{n}@q.example',
                  'visibility': 'publish'})
post(0)
with CaptureQueriesContext(connection) as q:
    assert post(1).status_code == 302
writes = [x['sql'].split()[0] + ' ' + x['sql'].split()[2].strip('"') for x in q.captured_queries
          if x['sql'].startswith(('INSERT', 'UPDATE'))]
print(len(q.captured_queries), '; '.join(writes))
"""

DRAINED = """
import django; django.setup()
from undersigned.outbox.models import Message
from undersigned.letters.models import Signature
print(Message.objects.exclude(state='sent').count(), Message.objects.filter(state='sent').count(),
      Signature.objects.filter(letter__slug='bench').count())
"""


def csrf(base: str) -> tuple[str, str]:
    with urllib.request.urlopen(base + "/bench/en/") as resp:  # noqa: S310 - loopback
        html = resp.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", resp.headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, token


def load(base, path, cookie, token, kind, seconds, connections) -> dict:
    return loadgen.run(base, path, kind=kind, cookie=cookie, token=token, seconds=seconds,
                       connections=connections)


def _stop(proc) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def bench_database(label, db_env, seconds, connections, workers) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="undersigned-bench-"))
    env = {**os.environ, **db_env, "UNDERSIGNED_VAR": str(tmp), "UNDERSIGNED_BENCH": "1",
           "SIGNON_RATE_PER_IP": "0", "SIGNON_RATE_PER_EMAIL": "0", "EMAIL_ECHO": "0",
           "DJANGO_SETTINGS_MODULE": "undersigned.settings"}
    run([PY, "-m", "undersigned.cli", "migrate", "--noinput", "-v0"], env)
    run([PY, "-c", PREPARE], env)
    queries = run([PY, "-c", QUERIES], env, capture_output=True, text=True).stdout.strip()
    path = "/bench/en/"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "undersigned.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--threads", "1", "--log-level",
         "warning"], env=env, cwd=REPO)
    worker = subprocess.Popen([PY, "-m", "undersigned.cli", "worker", "-v0"], env=env, cwd=REPO)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=1)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.1)
        cookie, token = csrf(base)
        load(base, path, cookie, token, "signon", 2, connections)  # warm-up
        signon = load(base, path, cookie, token, "signon", seconds, connections)
        load_average = os.getloadavg()[0]
        floor = load(base, "/_bench/floor/", cookie, token, "floor", seconds, connections)
        _stop(server)
        t0 = time.monotonic()
        while True:  # the worker sends what is left
            waiting, sent, stored = map(int, run([PY, "-c", DRAINED], env, capture_output=True,
                                                 text=True).stdout.split())
            if not waiting or time.monotonic() - t0 > 300:
                break
            time.sleep(0.5)
        drain = time.monotonic() - t0
    finally:
        _stop(server)
        _stop(worker)
    shutil.rmtree(tmp, ignore_errors=True)
    return {"database": label, "signon": signon, "floor": floor, "signatures_in_db": stored,
            "queries": queries, "sent": sent, "waiting": waiting, "drain": drain,
            "load_average": load_average}


def pg_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            pass
    except OSError:
        return False
    # A fresh database each run: every run has a data key of its own (a fresh var/).
    for sql in ("DROP DATABASE IF EXISTS undersigned_bench WITH (FORCE)",
                "CREATE DATABASE undersigned_bench"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", sql],
                       capture_output=True)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    print("sign-on throughput (rate limits raised for the run: SIGNON_RATE_PER_IP=0, "
          "SIGNON_RATE_PER_EMAIL=0; a worker beside the server sends the mail to files)")
    targets = [("sqlite", {"DATABASE_URL": ""})]
    if pg_reachable():
        targets.append(("postgresql", {"DATABASE_URL": PG_URL}))
    else:
        print("  PostgreSQL not reachable on 127.0.0.1:5432: skipped")
    runs = [(label, db_env) for label, db_env in targets]
    runs.append(("sqlite, contacts not encrypted", {"DATABASE_URL": "", "DATA_ENCRYPTION": "0"}))
    results = {}
    for label, db_env in runs:
        r = bench_database(label, db_env, args.seconds, args.connections, args.workers)
        results[label] = r
        s, f = r["signon"], r["floor"]
        print(f"  {label:<10} sign-on: {loadgen.fmt(s)}, "
              f"{args.connections} connections, {args.workers} gunicorn workers, "
              f"load average {r['load_average']:.2f}")
        print(f"  {'':<10} floor:   {loadgen.fmt(f)}")
        print(f"  {'':<10} ratio sign-on/floor: {s['rps'] / f['rps']:.2f}   "
              f"signatures stored: {r['signatures_in_db']}   "
              f"mail sent by the worker: {r['sent']} ({r['waiting']} waiting), "
              f"{r['drain']:.1f} s after the load")
        print(f"  {'':<10} one sign-on's queries (rate limits off, as in the run): "
              f"{r['queries']}")
    print(f"  load average after the runs: {os.getloadavg()[0]:.2f}")
    for label, r in results.items():
        for kind in ("signon", "floor"):
            loadgen.require_clean(r[kind], f"{label} {kind}")
    plain = results["sqlite, contacts not encrypted"]["signon"]["rps"]
    encrypted = results["sqlite"]["signon"]["rps"]
    print(f"  encryption at rest: {encrypted:.1f}/s encrypted vs {plain:.1f}/s plain on SQLite "
          f"(ratio {encrypted / plain:.2f})")


if __name__ == "__main__":
    main()
