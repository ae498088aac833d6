"""Sign-on submissions per second through the real HTTP stack.

gunicorn serves the application on loopback; wrk (or, without it, a Python client) posts
sign-ons for distinct organisations with a valid CSRF cookie and token. In the same run the
same load goes to a floor endpoint that inserts one row, so the ratio shows what the sign-on
itself costs. Runs on SQLite and, when reachable, PostgreSQL. Rate limits are raised for the
run (SIGNON_RATE_PER_IP=0, SIGNON_RATE_PER_EMAIL=0) and the report says so.

    python bench/bench_signon.py [--seconds 10] [--connections 16]
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/undersigned_bench")

LUA = r"""
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  path = args[1]; cookie = args[2]; token = args[3]; kind = args[4]
  counter = 0
end
latencies = {}
request = function()
  counter = counter + 1
  local n = tid .. "-" .. counter
  local body
  if kind == "floor" then
    body = "v=" .. n
  else
    body = "csrfmiddlewaretoken=" .. token .. "&name=Bench+Org+" .. n ..
      "&acronym=&country=KE&website=&contact_name=Bench+" .. n ..
      "&contact_email=b" .. n .. "%40bench.example&visibility=publish&homepage="
  end
  return wrk.format("POST", path, {["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. cookie}, body)
end
done = function(summary, latency, requests)
  local out = string.format('{"requests": %d, "seconds": %f, "errors": %d, "non2xx3xx": %d, ' ..
    '"p50_ms": %f, "p99_ms": %f}',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000)
  io.stderr:write("WRKJSON " .. out .. "\n")
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env, **kw):
    return subprocess.run(cmd, env=env, cwd=REPO, check=True, **kw)


def prepare(env) -> str:
    run([PY, "-m", "undersigned.cli", "migrate", "--noinput", "-v0"], env)
    code = (
        "import django;django.setup()\n"
        "from django.db import connection\n"
        "from undersigned.letters import services\n"
        "from undersigned.letters.models import Letter\n"
        "with connection.cursor() as c:\n"
        "    c.execute('DROP TABLE IF EXISTS bench_floor')\n"
        "    c.execute('CREATE TABLE bench_floor (id INTEGER PRIMARY KEY %s, v VARCHAR(100))'"
        " % ('AUTOINCREMENT' if connection.vendor == 'sqlite' else 'GENERATED ALWAYS AS IDENTITY'))\n"
        "Letter.objects.filter(slug='bench').delete()\n"
        "l = services.letter_create(slug='bench', source_lang='en', languages=['en'], title='Bench')\n"
        "services.letter_open(letter=l)\n"
    )
    run([PY, "-c", code], env)
    return "/bench/en/"


def csrf(base: str) -> tuple[str, str]:
    with urllib.request.urlopen(base + "/bench/en/") as resp:  # noqa: S310 - loopback
        html = resp.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", resp.headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, token


def load(base, path, cookie, token, kind, seconds, connections) -> dict:
    if shutil.which("wrk"):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
            fh.write(LUA)
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", fh.name,
             base + path, "--", path, cookie, token, kind],
            capture_output=True, text=True, check=True)
        line = next(x for x in out.stderr.splitlines() if x.startswith("WRKJSON "))
        stats = json.loads(line[8:])
        stats["rps"] = stats["requests"] / stats["seconds"]
        stats["tool"] = "wrk"
        return stats
    return python_load(base, path, cookie, token, kind, seconds, connections)


def python_load(base, path, cookie, token, kind, seconds, connections) -> dict:
    import http.client
    import threading

    host, port = base.split("//")[1].split(":")
    lat, errors, lock = [], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def worker(w):
        conn = http.client.HTTPConnection(host, int(port))
        i = 0
        while time.monotonic() < stop:
            i += 1
            n = f"{w}-{i}"
            body = (f"v={n}" if kind == "floor" else
                    f"csrfmiddlewaretoken={token}&name=Bench+Org+{n}&country=KE&contact_name=B"
                    f"&contact_email=b{n}%40bench.example&visibility=publish")
            t0 = time.perf_counter()
            conn.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                              "Cookie": f"csrftoken={cookie}"})
            resp = conn.getresponse()
            resp.read()
            with lock:
                lat.append((time.perf_counter() - t0) * 1000)
                if resp.status >= 400:
                    errors[0] += 1

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat.sort()
    return {"requests": len(lat), "seconds": seconds, "rps": len(lat) / seconds,
            "p50_ms": lat[len(lat) // 2], "p99_ms": lat[int(len(lat) * 0.99)],
            "errors": 0, "non2xx3xx": errors[0], "tool": "python"}


def bench_database(label, db_env, seconds, connections, workers) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="undersigned-bench-"))
    env = {**os.environ, **db_env, "UNDERSIGNED_VAR": str(tmp), "UNDERSIGNED_BENCH": "1",
           "SIGNON_RATE_PER_IP": "0", "SIGNON_RATE_PER_EMAIL": "0", "EMAIL_ECHO": "0",
           "DJANGO_SETTINGS_MODULE": "undersigned.settings"}
    path = prepare(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "undersigned.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--threads", "1", "--log-level",
         "warning"], env=env, cwd=REPO)
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
        floor = load(base, "/_bench/floor/", cookie, token, "floor", seconds, connections)
    finally:
        server.terminate()
        server.wait(timeout=10)
    check = subprocess.run(
        [PY, "-c", "import django;django.setup()\n"
         "from undersigned.letters.models import Signature\n"
         "print(Signature.objects.filter(letter__slug='bench').count())"],
        env=env, cwd=REPO, capture_output=True, text=True, check=True)
    shutil.rmtree(tmp, ignore_errors=True)
    return {"database": label, "signon": signon, "floor": floor,
            "signatures_in_db": int(check.stdout.strip())}


def pg_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            pass
    except OSError:
        return False
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c",
                    "CREATE DATABASE undersigned_bench"], capture_output=True)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    print("sign-on throughput (rate limits raised for the run: SIGNON_RATE_PER_IP=0, "
          "SIGNON_RATE_PER_EMAIL=0; mail written to files as by default)")
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
        print(f"  {label:<10} sign-on: {s['rps']:7.1f}/s  p50 {s['p50_ms']:6.1f} ms  "
              f"p99 {s['p99_ms']:6.1f} ms  errors {s['errors'] + s['non2xx3xx']}  ({s['tool']}, "
              f"{args.connections} connections, {args.workers} gunicorn workers)")
        print(f"  {'':<10} floor:   {f['rps']:7.1f}/s  p50 {f['p50_ms']:6.1f} ms  "
              f"p99 {f['p99_ms']:6.1f} ms  errors {f['errors'] + f['non2xx3xx']}")
        print(f"  {'':<10} ratio sign-on/floor: {s['rps'] / f['rps']:.2f}   "
              f"signatures stored: {r['signatures_in_db']}")
    plain = results["sqlite, contacts not encrypted"]["signon"]["rps"]
    encrypted = results["sqlite"]["signon"]["rps"]
    print(f"  encryption at rest: {encrypted:.1f}/s encrypted vs {plain:.1f}/s plain on SQLite "
          f"(ratio {encrypted / plain:.2f})")


if __name__ == "__main__":
    main()
