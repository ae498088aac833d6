"""Two app servers and two workers on one PostgreSQL, on loopback: sign-ons through both
servers, one worker and one server SIGKILLed in the middle, then every sign-on confirmed
from its mail. Checked: every accepted sign-on stored once, every stored sign-on's
confirmation mail sent once (none lost with the killed worker, none twice), and the
per-email limit counted across both servers.

PostgreSQL only (DATABASE_URL): several hosts share one PostgreSQL; the suite's SQLite run
skips this test."""

import http.client
import os
import re
import signal
import threading
import time
from collections import Counter
from urllib.parse import urlencode

import pytest

from tests import smtp
from tests.fault.support import csrf, free_port, pg_url, start_gunicorn, stop_process

pytestmark = pytest.mark.fault

SLUG = "multi"
PATH = f"/{SLUG}/en/"
LIMIT = 5  # sign-ons per email address in the window, counted across the servers

CHECK = """
from collections import Counter
from undersigned.letters.models import Signature, DuplicateSignOn
sigs = list(Signature.objects.filter(letter__slug="multi").values_list("contact_email", "state"))
out = {"emails": [e for e, _s in sigs], "states": dict(Counter(s for _e, s in sigs)),
       "duplicates": DuplicateSignOn.objects.count()}
"""


def _post(port: int, body: str, cookie: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", PATH, body, {"Content-Type": "application/x-www-form-urlencoded",
                                          "Cookie": f"csrftoken={cookie}"})
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def _form(token: str, n: int, email: str) -> str:
    return urlencode({"csrfmiddlewaretoken": token, "name": f"Multi Server Org {n:04d}",
                      "country": "KE", "contact_name": f"Contact {n}", "contact_email": email,
                      "visibility": "publish"})


def test_two_servers_two_workers_one_killed_each(fresh_site, tmp_path):
    if not pg_url():
        pytest.skip("runs on PostgreSQL (set DATABASE_URL); the SQLite run skips it")
    controller, mail = smtp.start()
    try:
        site = fresh_site("multi")
        site.env.update({"EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
                         "SIGNON_RATE_PER_EMAIL": str(LIMIT), "WORKER_INTERVAL": "0.2",
                         "WORKER_BEAT": "0.5"})
        site.open_letter(SLUG)
        ports = [free_port(), free_port()]
        servers = [start_gunicorn(site, port, open(tmp_path / f"web{i}.log", "wb"), workers=2)
                   for i, port in enumerate(ports)]
        workers = [site.spawn_cli("worker", log=tmp_path / f"worker{i}.log") for i in range(2)]
        cookie, token = csrf(ports[0], PATH)

        # The per-email limit, counted across both servers: LIMIT accepted, the rest refused.
        answers = [_post(ports[i % 2], _form(token, 9000 + i, "same@limit.example"), cookie)
                   for i in range(LIMIT + 3)]
        assert Counter(answers) == {302: LIMIT, 429: 3}, answers

        accepted, unknown, refused, lock = [], [], [], threading.Lock()
        counter = iter(range(100_000))
        stop = time.monotonic() + 8
        killed = threading.Event()

        def client(w: int) -> None:
            while time.monotonic() < stop:
                with lock:
                    n = next(counter)
                email = f"signer{n}@multi{w}.example"
                port = ports[n % 2] if not killed.is_set() else ports[0]
                try:
                    status = _post(port, _form(token, n, email), cookie)
                except OSError:
                    with lock:  # the server died under it: stored or not, never twice
                        unknown.append(email)
                    continue
                with lock:
                    (accepted if status == 302 else refused).append((email, status))

        threads = [threading.Thread(target=client, args=(w,)) for w in range(6)]
        for t in threads:
            t.start()
        time.sleep(3.5)
        os.kill(workers[0].pid, signal.SIGKILL)  # one worker, in the middle of its sending
        os.killpg(servers[1].pid, signal.SIGKILL)  # one server with its processes
        killed.set()
        for t in threads:
            t.join()
        assert refused == [], refused[:5]
        accepted = [email for email, _status in accepted]
        assert len(accepted) > 100, f"only {len(accepted)} sign-ons accepted"

        # Every stored sign-on's mail arrives once (the live worker takes over the rest).
        db = site.django(CHECK)
        stored = Counter(db["emails"])
        end = time.monotonic() + 120
        assert db["duplicates"] == 0  # every name is new
        while mail.count() < len(db["emails"]):
            assert time.monotonic() < end, f"{mail.count()} mails of {len(db['emails'])}"
            time.sleep(0.5)
        time.sleep(2)  # and nothing more comes
        recipients = Counter(rcpts[0] for rcpts, _m in mail.received)
        ids = mail.message_ids()
        assert len(ids) == len(set(ids)), "a message was sent twice"
        assert recipients["same@limit.example"] == LIMIT
        assert recipients == stored, "mail and stored sign-ons differ"
        # Accepted ones are stored exactly once; those cut off by the kill at most once.
        assert all(stored[e] == 1 for e in accepted)
        assert all(stored[e] <= 1 for e in unknown)

        # Confirm every one from its mail, through the server still running.
        confirmed = 0
        for _rcpts, msg in mail.received:
            body = msg.get_body(preferencelist=("plain",)).get_content()
            path = re.search(r"https?://[^/\s]+(/confirm/\S+/)", body).group(1)
            conn = http.client.HTTPConnection("127.0.0.1", ports[0], timeout=30)
            page = conn.request("GET", path) or conn.getresponse()
            form_cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie", ""))
            form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                                   page.read().decode())
            conn.request("POST", path, urlencode({"csrfmiddlewaretoken": form_token.group(1)}),
                         {"Content-Type": "application/x-www-form-urlencoded",
                          "Cookie": f"csrftoken={form_cookie.group(1)}"})
            resp = conn.getresponse()
            resp.read()
            conn.close()
            assert resp.status == 200
            confirmed += 1
        db = site.django(CHECK)
        assert db["states"] == {"confirmed": confirmed}
        print(f"\n[multi] {len(accepted)} accepted, {len(unknown)} cut off by the kill, "
              f"{len(db['emails'])} stored, {mail.count()} mails, {confirmed} confirmed")
        for proc in (servers[0], workers[1]):
            stop_process(proc)
    finally:
        controller.stop()
