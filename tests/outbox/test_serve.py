"""``undersigned serve`` (what ``make run`` ends with) starts the web server and a worker:
a sign-on posted to it gets its mail from the worker, and stopping serve stops both."""

import signal
import time
import urllib.parse
import urllib.request

import pytest

from tests.fault.support import csrf, free_port

pytestmark = pytest.mark.fault


def test_serve_runs_a_worker_that_sends_the_mail(fresh_site, tmp_path):
    site = fresh_site("serve")
    site.open_letter("served")
    port = free_port()
    serve = site.spawn_cli("serve", f"127.0.0.1:{port}", "--workers", "1",
                           log=tmp_path / "serve.log")
    try:
        end = time.monotonic() + 60
        while True:
            try:
                cookie, token = csrf(port, "/served/en/")
                break
            except OSError:
                assert serve.poll() is None and time.monotonic() < end, \
                    (tmp_path / "serve.log").read_text()
                time.sleep(0.3)
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": token, "name": "Served Org", "country": "KE",
            "contact_name": "Ana", "contact_email": "ana@served.example",
            "visibility": "publish"}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/served/en/", data=body,
                                         headers={"Cookie": f"csrftoken={cookie}"})
        with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310 - loopback
            assert resp.status == 200 and "/thanks/" in resp.url
        while not list(site.mail_dir.glob("*.eml")):
            assert time.monotonic() < end + 30, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)
        [mail] = list(site.mail_dir.glob("*.eml"))
        assert b"ana@served.example" in mail.read_bytes()
        assert site.django("from undersigned.outbox.models import Message\n"
                           "out = list(Message.objects.values_list('state', flat=True))"
                           ) == ["sent"]
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
    assert "worker" in (tmp_path / "serve.log").read_text()
    assert site.django("from undersigned.outbox.models import WorkerBeat\n"
                       "out = WorkerBeat.objects.count()") == 0  # the worker stopped cleanly
