"""Limits count across every server process: with gunicorn's two workers (as ``serve``
starts them), the N+1th wrong password, wrong two-factor code or sign-on from one address
is refused whichever worker takes it. Requests go out four at a time on fresh connections,
and the access log shows that both workers answered them."""

import http.client
import re
import threading
import time
from urllib.parse import urlencode

import pytest

from tests.fault.support import free_port, start_gunicorn

pytestmark = pytest.mark.fault

LIMIT = 5  # per user (login, two-factor) and per address (sign-on), set below
TRIES = 16


class Browser:
    """One visitor: a cookie jar over fresh HTTP/1.1 connections to the server."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, data: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Connection": "close", "Cookie": "; ".join(
            f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        text = resp.read().decode(errors="replace")
        for value in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return resp.status, text, resp.headers

    def token(self, path: str) -> str:
        _status, html, _headers = self.request("GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _parallel(make_request, tries: int = TRIES, width: int = 4) -> list:
    results, lock = [], threading.Lock()
    jobs = list(range(tries))

    def run():
        while True:
            with lock:
                if not jobs:
                    return
                jobs.pop()
            outcome = make_request()
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(width)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results


def _worker_pids(log_path) -> set[str]:
    return set(re.findall(r"^pid=<?(\d+)>? ", log_path.read_text(), re.MULTILINE))


def test_limits_are_exact_across_two_workers(fresh_site, tmp_path):
    site = fresh_site()
    site.env.update({"SIGNON_RATE_PER_IP": str(LIMIT), "SIGNON_RATE_PER_EMAIL": "0"})
    site.open_letter("limits")
    secret = site.django(
        "from undersigned.core.services import coordinator_create\n"
        "from undersigned.accounts.services import twofactor_provision\n"
        "for name in ('wrongpass', 'wrongcode'):\n"
        "    user, _ = coordinator_create(username=name, password='right-password-123',"
        " admin=False)\n"
        "out = twofactor_provision(user)[0]\n")
    port = free_port()
    access = tmp_path / "access.log"
    with open(tmp_path / "gunicorn.log", "wb") as log:
        start_gunicorn(site, port, log, workers=2, threads=4, access_log=access)

    # Wrong passwords for one user.
    def wrong_password():
        browser = Browser(port)
        token = browser.token("/login/")
        _s, html, _h = browser.request("POST", "/login/", {
            "username": "wrongpass", "password": "not-the-password",
            "csrfmiddlewaretoken": token})
        return "Too many failed login attempts" in html

    refused = _parallel(wrong_password)
    assert refused.count(False) == LIMIT and refused.count(True) == TRIES - LIMIT
    assert wrong_password() is True

    # Wrong two-factor codes in one session (the password was right).
    browser = Browser(port)
    token = browser.token("/login/")
    status, _html, headers = browser.request("POST", "/login/", {
        "username": "wrongcode", "password": "right-password-123",
        "csrfmiddlewaretoken": token})
    assert status == 302 and "/account/2fa/" in headers["Location"]
    verify = headers["Location"].split("?")[0]
    token = browser.token(verify)

    def wrong_code():
        _s, html, _h = browser.request("POST", verify, {"code": "000000",
                                                        "csrfmiddlewaretoken": token})
        return "Too many wrong codes" in html

    assert secret
    refused = _parallel(wrong_code)
    assert refused.count(False) == LIMIT and refused.count(True) == TRIES - LIMIT

    # Sign-ons from one address.
    def signon():
        visitor = Browser(port)
        token = visitor.token("/limits/en/")
        n = time.monotonic_ns()
        status, _html, _h = visitor.request("POST", "/limits/en/", {
            "name": f"Limit Probe Org {n}", "contact_name": "Probe", "visibility": "publish",
            "contact_email": f"probe{n}@probe.example", "country": "KE", "acronym": "",
            "website": "", "homepage": "", "csrfmiddlewaretoken": token})
        return status

    answers = _parallel(signon)
    assert answers.count(302) == LIMIT and answers.count(429) == TRIES - LIMIT
    stored = site.django("from undersigned.letters.models import Signature\n"
                         "out = Signature.objects.filter(letter__slug='limits').count()\n")
    assert stored == LIMIT
    assert len(_worker_pids(access)) == 2, "one worker answered everything: inconclusive"
