"""The load generator every HTTP benchmark uses: wrk when it is installed (Debian package
``wrk``), a threaded Python client otherwise. Both count every answer outside 2xx/3xx and
every transport error; ``require_clean`` makes a benchmark fail loudly on any of them, so a
run that served error pages (a 403 from CSRF, a 429 from a rate limit) never prints as
throughput.

    stats = run(base, path, kind="get", seconds=8, connections=8)  # BENCH_LOADGEN=python forces
                                                                   # the Python client
    require_clean(stats, "edition page")
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter

# kind: "get" (a GET of path), "signon" (a sign-on form POST with a CSRF cookie and token),
# "floor" (one POSTed value). Each request of a POST kind carries a distinct number.
LUA = r"""
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  path = args[1]; cookie = args[2]; token = args[3]; kind = args[4]
  counter = 0
end
request = function()
  if kind == "get" then
    return wrk.format("GET", path)
  end
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
  local out = string.format('{"requests": %d, "seconds": %f, "errors": %d, "bad_status": %d, ' ..
    '"p50_ms": %f, "p99_ms": %f}',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000)
  io.stderr:write("WRKJSON " .. out .. "\n")
end
"""


def run(base: str, path: str, *, kind: str = "get", cookie: str = "", token: str = "",
        seconds: float = 8, connections: int = 8, tool: str | None = None) -> dict:
    """Load ``base + path`` for ``seconds``; returns requests, rps, p50_ms, p99_ms,
    errors (transport), bad_status (answers outside 2xx/3xx) and the tool used."""
    tool = tool or os.environ.get("BENCH_LOADGEN") or ("wrk" if shutil.which("wrk") else "python")
    if tool == "wrk":
        return _wrk(base, path, kind, cookie, token, seconds, connections)
    return _python(base, path, kind, cookie, token, seconds, connections)


def _wrk(base, path, kind, cookie, token, seconds, connections) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(LUA)
    threads = max(1, min(2, connections))
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
         "-s", fh.name, base + path, "--", path, cookie, token, kind],
        capture_output=True, text=True, check=True)
    line = next(x for x in out.stderr.splitlines() if x.startswith("WRKJSON "))
    stats = json.loads(line[8:])
    stats["rps"] = stats["requests"] / stats["seconds"]
    stats["tool"] = "wrk"
    stats["statuses"] = {}
    return stats


def _python(base, path, kind, cookie, token, seconds, connections) -> dict:
    host, port = base.split("//", 1)[1].split(":")
    lat: list[float] = []
    statuses: Counter = Counter()
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(w: int) -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        i = 0
        while time.monotonic() < stop:
            i += 1
            n = f"{w}-{i}"
            t0 = time.perf_counter()
            try:
                if kind == "get":
                    conn.request("GET", path)
                else:
                    body = (f"v={n}" if kind == "floor" else
                            f"csrfmiddlewaretoken={token}&name=Bench+Org+{n}&country=KE"
                            f"&contact_name=B&contact_email=b{n}%40bench.example"
                            f"&visibility=publish")
                    conn.request("POST", path, body, {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"csrftoken={cookie}"})
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
                continue
            with lock:
                lat.append((time.perf_counter() - t0) * 1000)
                statuses[resp.status] += 1

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat.sort()
    bad = sum(n for status, n in statuses.items() if not 200 <= status < 400)
    return {"requests": len(lat), "seconds": seconds, "rps": len(lat) / seconds,
            "p50_ms": lat[len(lat) // 2] if lat else 0.0,
            "p99_ms": lat[int(len(lat) * 0.99)] if lat else 0.0,
            "errors": errors[0], "bad_status": bad, "statuses": dict(statuses),
            "tool": "python"}


def error_count(stats: dict) -> int:
    return stats["errors"] + stats["bad_status"]


class LoadErrors(SystemExit):
    pass


def require_clean(stats: dict, label: str) -> None:
    """Fail the benchmark (exit status 1) when any answer was an error."""
    if error_count(stats):
        detail = ", ".join(f"{k}: {v}" for k, v in sorted(stats.get("statuses", {}).items()))
        print(f"  FAILED {label}: {stats['bad_status']} answers outside 2xx/3xx and "
              f"{stats['errors']} transport errors of {stats['requests']} requests"
              + (f" ({detail})" if detail else ""), flush=True)
        raise LoadErrors(1)


def fmt(stats: dict) -> str:
    return (f"{stats['rps']:8.1f} req/s  p50 {stats['p50_ms']:7.1f} ms  "
            f"p99 {stats['p99_ms']:7.1f} ms  errors {error_count(stats)}  ({stats['tool']})")
