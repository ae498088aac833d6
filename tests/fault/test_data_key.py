"""The data key of a fresh install (``var/data_key``) is created on first use by whichever
process encrypts first. For an instant the file exists and is empty (``os.open(O_CREAT |
O_EXCL)`` and then ``write``); a process killed in that instant leaves it empty for good, and
another gunicorn worker reading it then gets an empty key. Either way the application must
not encrypt contact details under a key derived from nothing: that key is the same for
every install, so anyone could read them."""

import base64
import hashlib
import http.client
import time
from urllib.parse import urlencode

import pytest

from tests.fault.support import csrf, free_port, start_gunicorn, stop_process

pytestmark = pytest.mark.fault

SLUG = "key"
PATH = f"/{SLUG}/en/"

RAW = """
from django.db import connection
with connection.cursor() as cur:
    cur.execute("SELECT contact_email FROM letters_signature")
    out = [row[0] for row in cur.fetchall()]
"""


def _empty_key_fernet():
    from cryptography.fernet import Fernet

    enc = hashlib.sha256(b"undersigned-encrypt" + b"").digest()
    return Fernet(base64.urlsafe_b64encode(enc))


def test_an_empty_data_key_file_never_becomes_the_key(fresh_site, tmp_path):
    started = time.monotonic()
    site = fresh_site("data-key")
    site.open_letter(SLUG)
    key_file = site.var / "data_key"
    assert not key_file.exists(), "the key is made on first use, not by migrate"
    # The state between os.open(O_CREAT | O_EXCL) and the write, kept by a SIGKILL there.
    key_file.touch(mode=0o600)

    port = free_port()
    with open(tmp_path / "gunicorn.log", "wb") as log:
        server = start_gunicorn(site, port, log, workers=1)
        try:
            cookie, token = csrf(port, PATH)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("POST", PATH, urlencode({
                "csrfmiddlewaretoken": token, "name": "Empty Key Watch", "country": "KE",
                "contact_name": "A. Person", "contact_email": "a.person@example.org",
                "visibility": "publish", "homepage": ""}),
                {"Content-Type": "application/x-www-form-urlencoded",
                 "Cookie": f"csrftoken={cookie}"})
            status = conn.getresponse().status
            conn.close()
        finally:
            stop_process(server)

    stored = site.django(RAW)
    readable_by_anyone = []
    for value in stored:
        assert value.startswith("enc1:"), "contact details must be stored encrypted"
        try:
            readable_by_anyone.append(_empty_key_fernet().decrypt(value[5:].encode()).decode())
        except Exception:  # noqa: BLE001, S112 - not readable with the empty key: good
            continue
    print(f"\n[fault:{site.kind}] empty data_key: sign-on answered {status}, "
          f"{len(stored)} stored, readable with the empty key: {readable_by_anyone}; "
          f"whole test {time.monotonic() - started:.0f}s")
    assert readable_by_anyone == []
