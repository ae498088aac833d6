"""200 clients sign one letter at once through gunicorn (3 workers) for FAULT_SECONDS, with
deliberate duplicates; afterwards every accepted submission must be in the database exactly
once, each organisation must have exactly one active signature, and the mail folder must
hold one message per accepted submission.

The mix of submissions (each client draws one at a time):

* a new organisation (most of them);
* an organisation name already used, given again by another person (another email);
* the same, with the name in other case and spacing (NBSP, doubled and trailing spaces);
* an identical double submit: the same form posted twice at once on two connections (a
  double click), same person, same email.

Every other submission carries a contact email of its own."""

import http.client
import json
import os
import random
import threading
import time
from collections import Counter
from email.parser import BytesHeaderParser
from urllib.parse import urlencode

import pytest

from tests.fault.support import csrf, free_port, start_gunicorn, stop_process

pytestmark = pytest.mark.fault

CLIENTS = 200
SECONDS = float(os.environ.get("FAULT_SECONDS", "60"))
SLUG = "fault"
PATH = f"/{SLUG}/en/"
SYLLABLES = ["ka", "vu", "mi", "te", "sa", "ro", "lo", "be", "na", "zi", "do", "pu", "ri", "go",
             "fe", "ha", "ju", "mo", "ne", "xi", "wa", "yo", "qu", "ce"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def _variant(name: str, rng: random.Random) -> str:
    """The same name as another person types it: other case, other spacing."""
    words = name.split(" ")
    words = [w.upper() if rng.random() < 0.5 else w.lower() for w in words]
    seps = [rng.choice([" ", "  ", "\u00a0", " \u00a0 "]) for _ in words[1:]]
    out = words[0] + "".join(s + w for s, w in zip(seps, words[1:], strict=True))
    return rng.choice(["", " ", "  "]) + out + rng.choice(["", " ", "\u00a0"])


def _normalize(name: str) -> str:
    # Only to group names in the report; the database side uses core.text.normalize_name.
    return " ".join(name.replace("\u00a0", " ").split()).casefold()


class Load:
    """The clients: threads with their own keep-alive HTTP/1.1 connections."""

    def __init__(self, port: int, cookie: str, token: str, seconds: float):
        self.port, self.cookie, self.token = port, cookie, token
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()
        self.used: list[str] = []  # organisation names already submitted
        self.accepted: list[tuple[str, str]] = []  # (name as sent, email)
        self.statuses: Counter = Counter()
        self.kinds: Counter = Counter()
        self.failures: list[str] = []  # transport errors and unexpected answers
        self.latencies: list[float] = []

    def _body(self, name: str, email: str, w: int, i: int) -> str:
        return urlencode({
            "csrfmiddlewaretoken": self.token, "name": name, "acronym": "",
            "country": "KE", "website": "", "contact_name": f"Contact {w}-{i}",
            "contact_email": email, "visibility": "publish", "homepage": "",
        })

    def _send(self, conn: http.client.HTTPConnection, body: str) -> None:
        conn.request("POST", PATH, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.cookie}", "Connection": "keep-alive"})

    def _receive(self, conn, name: str, email: str, t0: float) -> None:
        resp = conn.getresponse()
        resp.read()
        location = resp.getheader("Location", "")
        with self.lock:
            self.latencies.append(time.monotonic() - t0)
            self.statuses[resp.status] += 1
            if resp.status == 302 and location.endswith(f"/{SLUG}/en/thanks/"):
                self.accepted.append((name, email))
            elif resp.status == 302:
                self.failures.append(f"302 to {location!r} for {name!r}")
            else:
                self.failures.append(f"HTTP {resp.status} for {name!r} <{email}>")

    def worker(self, w: int) -> None:
        rng = random.Random(1000 + w)
        conns = [http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                 for _ in range(2)]
        i = 0
        while time.monotonic() < self.deadline and i < 100_000:
            i += 1
            email = f"contact-{w}-{i}@fault{w % 7}.example"
            draw = rng.random()
            with self.lock:
                used = self.used[-2000:]
            fresh = f"{_word(rng)} {_word(rng)} Collective {w}-{i}"
            if draw < 0.14:
                kind, name = ("same name, other person", rng.choice(used)) if used \
                    else ("new", fresh)
            elif draw < 0.22:
                kind, name = ("case/spacing variant", _variant(rng.choice(used), rng)) if used \
                    else ("new", fresh)
            elif draw < 0.26:
                kind, name = "double submit", fresh
            else:
                kind, name = "new", fresh
            body = self._body(name, email, w, i)
            copies = 2 if kind == "double submit" else 1
            t0 = time.monotonic()
            try:
                for c in range(copies):
                    self._send(conns[c], body)
                for c in range(copies):
                    self._receive(conns[c], name, email, t0)
            except (OSError, http.client.HTTPException) as exc:
                with self.lock:
                    self.failures.append(f"{type(exc).__name__}: {exc} ({kind} {name!r})")
                for conn in conns:
                    conn.close()
                continue
            with self.lock:
                self.kinds[kind] += copies
                if kind in ("new", "double submit"):
                    self.used.append(name)
        for conn in conns:
            conn.close()

    def run(self, clients: int) -> float:
        threads = [threading.Thread(target=self.worker, args=(w,), daemon=True)
                   for w in range(clients)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(5.0, self.deadline - time.monotonic()) + 180)
        assert not any(t.is_alive() for t in threads), "some clients never finished"
        return time.monotonic() - t0


CHECK = r"""
import os
from collections import Counter, defaultdict
from undersigned.core.crypto import search_hash
from undersigned.core.text import normalize_name
from undersigned.letters.models import DuplicateSignOn, Signature
from undersigned.orgs.models import Organization, OrganizationName
from undersigned.orgs.selectors import organization_resolve

accepted = json.load(open(os.environ["FAULT_ACCEPTED"]))
sigs = list(Signature.objects.filter(letter__slug=%(slug)r).values_list(
    "name", "contact_email", "contact_email_hash", "organization_id", "active", "state"))
dups = list(DuplicateSignOn.objects.filter(signature__letter__slug=%(slug)r).values_list(
    "name", "contact_email", "signature__organization_id"))
active = Counter(org for _n, _e, _h, org, is_active, _s in sigs if is_active)
orgs_signed = {org for _n, _e, _h, org, _a, _s in sigs}
keys = sorted({normalize_name(name) for name, _email in accepted})
orgs_per_key = Counter()
for key, org_id in OrganizationName.objects.filter(normalized__in=keys).values_list(
        "normalized", "organization_id"):
    orgs_per_key[key] += 1
org_of_key = {}
for name in OrganizationName.objects.filter(normalized__in=keys).select_related("organization"):
    org_of_key[name.normalized] = organization_resolve(name.organization).pk
out = {
    "signatures": len(sigs),
    "duplicates": len(dups),
    "organizations": Organization.objects.count(),
    "emails": [e for _n, e, _h, _o, _a, _s in sigs] + [e for _n, e, _o in dups],
    "names": [normalize_name(n) for n, *_ in sigs] + [normalize_name(n) for n, _e, _o in dups],
    "bad_hashes": [e for _n, e, h, _o, _a, _s in sigs if h != search_hash(e)][:20],
    "states": Counter(s for *_x, s in sigs),
    "orgs_without_one_active": sorted(o for o in orgs_signed if active[o] != 1)[:50],
    "max_active_per_org": max(active.values(), default=0),
    "keys_without_one_org": sorted(k for k in keys if orgs_per_key[k] != 1)[:50],
    "keys_without_one_active": sorted(k for k in keys if active[org_of_key.get(k)] != 1)[:50],
    "normalized_keys": {name: normalize_name(name) for name, _email in accepted},
}
"""


def test_concurrent_signons_are_each_recorded_once(fresh_site, tmp_path):
    started = time.monotonic()
    site = fresh_site("signons")
    site.open_letter(SLUG)
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        server = start_gunicorn(site, port, log)
        # The mail is sent by a worker beside the server, as `serve` runs it.
        worker = site.spawn_cli("worker", log=tmp_path / "worker.log")
        try:
            cookie, token = csrf(port, PATH)
            load = Load(port, cookie, token, SECONDS)
            elapsed = load.run(CLIENTS)
        finally:
            stop_process(server)
    server_log = log_path.read_text(errors="replace")
    site.cli("worker", "--batch")  # what is still queued, sent by a second worker
    stop_process(worker)

    accepted = load.accepted
    n = len(accepted)
    rate = n / elapsed
    lat = sorted(load.latencies)
    print(f"\n[fault:{site.kind}] {CLIENTS} clients for {elapsed:.1f}s: {n} accepted "
          f"({rate:.1f}/s), statuses {dict(load.statuses)}, kinds {dict(load.kinds)}, "
          f"latency p50 {lat[len(lat) // 2]:.2f}s p99 {lat[int(len(lat) * 0.99)]:.2f}s")

    assert not [s for s in load.statuses if s >= 500], \
        f"5xx answers: {dict(load.statuses)}\n{server_log[-5000:]}"
    assert not load.failures, f"{len(load.failures)} failed submissions, e.g. " \
        f"{load.failures[:10]}\n{server_log[-5000:]}"
    assert n > CLIENTS, "too few submissions to say anything"
    assert load.kinds["same name, other person"] and load.kinds["case/spacing variant"] \
        and load.kinds["double submit"]

    accepted_file = tmp_path / "accepted.json"
    accepted_file.write_text(json.dumps(accepted))
    db = site.django(CHECK % {"slug": SLUG}, extra_env={"FAULT_ACCEPTED": str(accepted_file)})
    print(f"[fault:{site.kind}] database: {db['signatures']} signatures "
          f"({dict(db['states'])}) + {db['duplicates']} repeat sign-ons = "
          f"{db['signatures'] + db['duplicates']} rows for {n} accepted; "
          f"{len(set(db['normalized_keys'].values()))} distinct names, "
          f"{db['organizations']} organisations")

    # Every accepted submission is recorded exactly once, as a signature or a repeat.
    assert db["signatures"] + db["duplicates"] == n
    wanted = Counter(email for _name, email in accepted)
    found = Counter(db["emails"])
    assert found == wanted, (f"missing {list((wanted - found).elements())[:10]}, "
                             f"extra {list((found - wanted).elements())[:10]}")
    assert Counter(db["names"]) == Counter(db["normalized_keys"][name] for name, _e in accepted)
    assert db["bad_hashes"] == []
    # One organisation per name, and exactly one active signature per organisation.
    assert db["keys_without_one_org"] == []
    assert db["keys_without_one_active"] == []
    assert db["orgs_without_one_active"] == []
    assert db["max_active_per_org"] == 1

    # One message per accepted submission, to the address given.
    mails = sorted(site.mail_dir.glob("*.eml"))
    assert not list(site.mail_dir.glob("*.tmp"))
    parser = BytesHeaderParser()
    recipients = Counter()
    for path in mails:
        with open(path, "rb") as fh:
            recipients[parser.parse(fh)["To"].strip()] += 1
    print(f"[fault:{site.kind}] mail folder: {len(mails)} messages; "
          f"whole test {time.monotonic() - started:.0f}s")
    assert len(mails) == n
    assert recipients == wanted
