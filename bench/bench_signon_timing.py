"""Does the sign-on answer take as long whether or not the organisation had signed?

A timing difference would tell a visitor that an organisation already signed (perhaps
anonymously). gunicorn serves a fresh SQLite database on loopback (and PostgreSQL when
reachable); one client posts, in a shuffled order on one keep-alive connection:

* new: an organisation the registry has never seen;
* elsewhere: an organisation that signed another letter (so it exists in the registry);
* repeat: an organisation that already signed this letter (a repeat sign-on).

It prints the median and 90th percentile of each kind, the difference of each median from
"new" in milliseconds and relative to the noise (the median absolute deviation), and the
number of error answers (any answer but the redirect to "check your email" is an error and
fails the run).

    python bench/bench_signon_timing.py [--n 200]
"""

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/undersigned_bench")

SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from undersigned.letters import services
from undersigned.letters.models import Signature
def letter(slug):
    l = services.letter_create(slug=slug, source_lang="en", languages=["en"], title=slug,
                               body_md="We ask.")
    return services.letter_open(letter=l)
here, other = letter("timing"), letter("elsewhere")
N = int(os.environ["N"])
for kind, target in (("Elsewhere", other), ("Repeat", here)):
    for i in range(N):
        services.signature_submit(letter=target, lang="en", verified=True,
            data=services.SignOn(name=f"{kind} Timing Org {i}", contact_name="X",
                                 contact_email=f"{kind.lower()}{i}@t.example"))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(var: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update({"UNDERSIGNED_VAR": str(var), "DJANGO_SETTINGS_MODULE": "undersigned.settings",
                "EMAIL_ECHO": "0", "SIGNON_RATE_PER_IP": "0", "SIGNON_RATE_PER_EMAIL": "0"})
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _pg_fresh() -> str | None:
    try:
        import psycopg

        base = PG_URL.rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS undersigned_bench_timing WITH (FORCE)")
            conn.execute("CREATE DATABASE undersigned_bench_timing")
        return f"{base}/undersigned_bench_timing"
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL here: SQLite only
        print(f"  (PostgreSQL not reachable: {exc.__class__.__name__}; SQLite only)")
        return None


def run(label: str, database_url: str | None, n: int) -> int:
    var = Path(tempfile.mkdtemp(prefix="bench-timing-"))
    env = _env(var, database_url)
    subprocess.run([PY, "-c", "import os\n" + SETUP], cwd=REPO, env={**env, "N": str(n)},
                   check=True)
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "undersigned.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                html = urllib.request.urlopen(f"http://127.0.0.1:{port}/timing/en/",
                                              timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        cookie = re.search(r"csrftoken=([^;]+)", html.headers.get("Set-Cookie", "")).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                          html.read().decode()).group(1)
        plan = [(kind, i) for kind in ("new", "elsewhere", "repeat") for i in range(n)]
        random.Random(7).shuffle(plan)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        times: dict[str, list[float]] = {"new": [], "elsewhere": [], "repeat": []}
        errors = 0
        for kind, i in plan:
            name = {"new": f"New Timing Org {i}", "elsewhere": f"Elsewhere Timing Org {i}",
                    "repeat": f"Repeat Timing Org {i}"}[kind]
            body = urlencode({"csrfmiddlewaretoken": token, "name": name, "acronym": "",
                              "country": "KE", "website": "", "contact_name": "Probe",
                              "contact_email": f"probe-{kind}-{i}@probe.example",
                              "visibility": "publish", "homepage": ""})
            start = time.perf_counter()
            conn.request("POST", "/timing/en/", body=body, headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie}", "Referer": f"http://127.0.0.1:{port}/"})
            resp = conn.getresponse()
            resp.read()
            elapsed = (time.perf_counter() - start) * 1000
            if resp.status != 302 or "/thanks/" not in resp.headers.get("Location", ""):
                errors += 1
                continue
            times[kind].append(elapsed)
        conn.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)
    base = statistics.median(times["new"])
    noise = statistics.median(abs(t - base) for t in times["new"]) or 1e-9
    print(f"  {label}: {n} of each kind, {errors} error answers")
    for kind, values in times.items():
        values.sort()
        med = statistics.median(values)
        p90 = values[int(len(values) * 0.9) - 1]
        print(f"    {kind:9s} median {med:6.2f} ms  p90 {p90:6.2f} ms  "
              f"median - new {med - base:+6.2f} ms ({(med - base) / noise:+.1f} × noise)")
    return errors


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    print("Sign-on answer time by what the registry knows (one client, one connection)")
    failures = run("SQLite", None, args.n)
    pg = _pg_fresh()
    if pg:
        failures += run("PostgreSQL", pg, args.n)
    sys.exit(1 if failures else 0)
