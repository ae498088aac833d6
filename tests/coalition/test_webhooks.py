"""Webhooks: a receiver on loopback gets each event signed (HMAC-SHA256 over the time and
the body), with public data only unless the webhook is private; it is tried again after
it first answers 500; a change rolled back tells nobody; the log shows every attempt."""

import hashlib
import hmac
import http.server
import json
import threading
import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from tests import mail
from tests.factories import form_data, make_letter
from undersigned.core.services import coordinator_create
from undersigned.integrations import tasks
from undersigned.integrations.models import WebhookDelivery
from undersigned.letters import services
from undersigned.letters.models import Signature

pytestmark = pytest.mark.django_db(transaction=True)


class Receiver:
    """A webhook receiver on its own loopback port; the first ``fail`` posts get a 500."""

    def __init__(self, fail: int = 0):
        self.posts, self.fail = [], fail
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the standard library's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.posts.append((dict(self.headers), body))
                code = 500 if len(outer.posts) <= outer.fail else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def events(self):
        return [json.loads(body) for _headers, body in self.posts]


def _verify(secret: str, headers: dict, body: bytes) -> bool:
    parts = dict(p.split("=", 1) for p in headers["Undersigned-Signature"].split(","))
    if abs(time.time() - int(parts["t"])) > 300:
        return False
    want = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(want.hexdigest(), parts["v1"])


def _owner_client(letter_owner):
    client = Client()
    client.force_login(letter_owner)
    return client


def test_signed_events_with_public_data_and_a_retry_after_a_500():
    owner, _ = coordinator_create(username="hook-owner", password="h" * 20, admin=False)
    letter = make_letter(created_by=owner)
    public, private = Receiver(fail=1), Receiver()
    client = _owner_client(owner)
    secrets = {}
    for receiver, is_private in ((public, False), (private, True)):
        data = {"url": receiver.url, "events": ["signon.confirmed", "signon.approved",
                                                "edition.published"]}
        if is_private:
            data["private"] = "1"
        r = client.post(f"/manage/integrations/letters/{letter.slug}/webhooks/", data)
        secrets[receiver.url] = r.context["secret"]
    hidden = form_data(name="Webhook Hidden Group", visibility="anonymous")
    assert Client().post(f"/{letter.slug}/en/", hidden).status_code == 302
    [confirm] = mail.links(mail.messages()[-1], "confirm")
    assert Client().post(confirm).status_code == 200
    services.signature_approve(signature=Signature.objects.get(), actor=owner)

    assert [e["event"] for e in private.events()] == ["signon.confirmed", "signon.approved"]
    assert private.events()[1]["data"]["name"] == "Webhook Hidden Group"
    assert private.events()[1]["data"]["contact_email"] == hidden["contact_email"]
    for headers, body in public.posts + private.posts:
        assert _verify(secrets[public.url if (headers, body) in public.posts else private.url],
                       headers, body)
        assert not _verify("another secret", headers, body)
    # The public receiver answered 500 the first time: that one waits for its retry.
    assert len(public.posts) == 2
    raw = b"".join(body for _h, body in public.posts)
    assert b"Webhook Hidden Group" not in raw and hidden["contact_email"].encode() not in raw
    first = WebhookDelivery.objects.filter(webhook__url=public.url).order_by("pk").first()
    assert first.state == "pending" and first.attempts == 1 and first.last_status == 500
    WebhookDelivery.objects.filter(pk=first.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert tasks.retry_due() == 1
    first.refresh_from_db()
    assert first.state == "delivered" and first.attempts == 2
    assert [e["event"] for e in public.events()][-1] == "signon.confirmed"
    assert all(e["data"]["listed"] == "anonymous" and "name" not in e["data"]
               for e in public.events())
    page = client.get(f"/manage/integrations/letters/{letter.slug}/webhooks/").content.decode()
    assert "delivered" in page and "500" in page


def test_a_rolled_back_change_tells_nobody():
    owner, _ = coordinator_create(username="hook-owner2", password="h" * 20, admin=False)
    letter = make_letter(created_by=owner)
    receiver = Receiver()
    _owner_client(owner).post(f"/manage/integrations/letters/{letter.slug}/webhooks/",
                              {"url": receiver.url, "events": ["signon.approved"]})
    services.signature_submit(letter=letter, lang="en", verified=True, data=services.SignOn(
        name="Rolled Back Org", contact_name="C", contact_email="c@rolled.example"))
    sig = Signature.objects.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.signature_approve(signature=sig, actor=owner)
        raise RuntimeError("the change fails after the approval")
    assert receiver.posts == [] and not WebhookDelivery.objects.exists()
    # Only owners manage webhooks.
    other, _ = coordinator_create(username="not-owner", password="h" * 20, admin=False)
    assert _owner_client(other).get(
        f"/manage/integrations/letters/{letter.slug}/webhooks/").status_code == 404
