"""Webhooks: a letter's events told to addresses its owners chose, signed, retried, logged.

Events are read from the audit log as each change is recorded (``audit.hooks``), inside the
change's transaction: a delivery row is written and its sending queued with it, so a change
rolled back tells nobody. Sending is a background task on the outbox's queue; a failed
attempt (no answer, or anything but 2xx) is tried again later (30 s, 2 min, 10 min, 1 h,
6 h), then given up; every attempt is in the delivery log.

Each POST is JSON with headers ``Undersigned-Event``, ``Undersigned-Delivery`` (one id per
event and webhook: a receiver can drop repeats) and ``Undersigned-Signature: t=<unix
time>,v1=<hex>``, the HMAC-SHA256 under the webhook's secret of ``"<t>.<body>"``: a
receiver checks it and refuses old timestamps (replays). Payloads carry what the public
pages show; a private webhook (its owner's choice) also the names of unnamed signatories
and contacts."""

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from datetime import timedelta
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.integrations.models import EVENTS, Webhook, WebhookDelivery
from undersigned.letters.models import Letter, Signature
from undersigned.letters.selectors import letter_public_count

# Audit actions -> webhook events.
ACTIONS = {
    "signature_email_confirmed": "signon.confirmed",
    "signature_approved": "signon.approved",
    "signature_withdrawn_by_signatory": "signon.withdrawn",
    "signature_withdrawn_by_coordinator": "signon.withdrawn",
    "signature_erased_on_request": "signon.withdrawn",
    "edition_published": "edition.published",
    "delivery_reply": "delivery.replied",
}
RETRIES = [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10),
           timedelta(hours=1), timedelta(hours=6)]
TIMEOUT = 10


class WebhookRefused(Exception):
    """A refused webhook change, with a message for the coordinator."""


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


@transaction.atomic
def webhook_create(*, letter: Letter, url: str, events, private: bool = False,
                   actor=None) -> tuple[Webhook, str]:
    """A webhook for ``letter``; returns it and its secret (shown once)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        raise WebhookRefused(_("Give the full address the events go to (https://...)."))
    events = sorted(set(events) & {code for code, _label in EVENTS})
    if not events:
        raise WebhookRefused(_("Choose at least one event."))
    secret = secrets.token_urlsafe(32)
    hook = Webhook.objects.create(letter=letter, url=url, secret=secret, events=events,
                                  private=private, created_by=actor)
    audit_record(action="webhook_created", object_type="webhook", object_id=hook.pk,
                 actor=actor, letter_id=letter.pk,
                 after={"url": url, "events": events, "private": private})
    return hook, secret


@transaction.atomic
def webhook_delete(*, webhook: Webhook, actor=None) -> None:
    audit_record(action="webhook_deleted", object_type="webhook", object_id=webhook.pk,
                 actor=actor, letter_id=webhook.letter_id, before={"url": webhook.url})
    webhook.delete()


def _listed(sig: Signature) -> str:
    return "publish" if sig.publish_name else (
        "recipients" if sig.name_to_recipients else "anonymous")


def _payload(event: str, entry, letter: Letter, private: bool) -> dict:
    data: dict = {}
    if event.startswith("signon."):
        sig = Signature.objects.select_related("via").filter(public_id=entry.object_id).first()
        if sig is not None:
            data = {"id": str(sig.public_id), "listed": _listed(sig), "state": sig.state}
            if sig.publish_name or private:
                data.update(name=sig.name, acronym=sig.acronym, country=sig.country)
            if private:
                data.update(contact_name=sig.contact_name, contact_email=sig.contact_email,
                            partner=sig.via.name if sig.via else "")
    elif event == "edition.published":
        after = entry.after or {}
        data = {"number": after.get("number"), "entries": after.get("entries"),
                "anonymous": after.get("anonymous"),
                "url": f"/{letter.slug}/edition/{after.get('number')}/"}
    elif event == "delivery.replied":
        data = {"delivery": entry.object_id, "state": (entry.after or {}).get("state", "")}
    return {"event": event, "letter": letter.slug, "at": entry.at.isoformat(),
            "signatories": letter_public_count(letter), "data": data}


def deliveries_for(entry) -> list[int]:
    """An audited change: a delivery row for every webhook of its letter that wants it
    (in the change's transaction). Returns their ids, for the caller to queue."""
    event = ACTIONS.get(entry.action)
    if event is None or entry.letter_id is None:
        return []
    hooks = [h for h in Webhook.objects.filter(letter_id=entry.letter_id, active=True)
             if event in h.events]
    if not hooks:
        return []
    letter = Letter.objects.get(pk=entry.letter_id)
    return [WebhookDelivery.objects.create(
        webhook=hook, event=event, payload=_payload(event, entry, letter, hook.private),
        next_attempt_at=timezone.now()).pk for hook in hooks]


def _claim(ids) -> list[WebhookDelivery]:
    """Claim the due deliveries among ``ids`` (pending → sending) in one transaction."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(WebhookDelivery.objects.select_for_update(skip_locked=True)
                    .select_related("webhook").filter(pk__in=list(ids),
                                                      state=WebhookDelivery.PENDING,
                                                      next_attempt_at__lte=now))
        WebhookDelivery.objects.filter(pk__in=[r.pk for r in rows]).update(
            state=WebhookDelivery.SENDING)
    return rows


def _post(row: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps(row.payload, ensure_ascii=False, sort_keys=True).encode()
    # The address was checked to be http(s) when the webhook was made.
    request = urllib.request.Request(row.webhook.url, data=body, method="POST", headers={  # noqa: S310
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "undersigned-webhooks/1",
        "Undersigned-Event": row.event, "Undersigned-Delivery": str(row.public_id),
        "Undersigned-Signature": sign(row.webhook.secret, body, int(time.time()))})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return None, str(exc)[:300]


def deliver(ids) -> dict:
    """Send the due deliveries among ``ids`` (safe to run twice: each is claimed first).
    Returns counts and the deliveries to try again, with when."""
    counts = {"delivered": 0, "failed": 0, "retry": []}
    for row in _claim(ids):
        status, error = _post(row)
        row.attempts += 1
        row.last_status, row.last_error = status, error
        if status is not None and 200 <= status < 300:
            row.state, row.delivered_at, row.next_attempt_at = (
                WebhookDelivery.DELIVERED, timezone.now(), None)
            counts["delivered"] += 1
        elif row.attempts > len(RETRIES):
            row.state, row.next_attempt_at = WebhookDelivery.FAILED, None
            counts["failed"] += 1
        else:
            row.state = WebhookDelivery.PENDING
            row.next_attempt_at = timezone.now() + RETRIES[row.attempts - 1]
            counts["retry"].append((row.pk, row.next_attempt_at))
        row.save(update_fields=["attempts", "last_status", "last_error", "state",
                                "delivered_at", "next_attempt_at"])
    return counts


def deliveries_due(*, now=None) -> list[int]:
    """Deliveries whose next attempt is due, and those a stopped worker left "sending"
    for over a minute (the worker's beat calls this)."""
    now = now or timezone.now()
    stuck = WebhookDelivery.objects.filter(state=WebhookDelivery.SENDING,
                                           next_attempt_at__lte=now - timedelta(minutes=1))
    stuck.update(state=WebhookDelivery.PENDING)
    return list(WebhookDelivery.objects.filter(state=WebhookDelivery.PENDING,
                                               next_attempt_at__lte=now)
                .values_list("pk", flat=True)[:500])
