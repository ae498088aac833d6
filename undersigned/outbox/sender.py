"""Sending queued messages: claim in a transaction, send, record the answer.

A claim moves rows from queued to sending under a claim number, in one transaction (two
workers claiming the same rows: the database gives each row to one). A row is marked sent
only once the server answered "250". A worker killed before that leaves its rows "sending";
the next worker's recovery (``services.outbox_recover``) queues them again, so nothing is
lost. The only way a message goes out twice: the server accepted it and the worker died in
the instant (well under a millisecond) between reading the answer and committing it; it is
then sent again with the same Message-ID, by which receiving systems drop duplicates.
A refusal is "failed" (5xx, with the answer) or tried again later (4xx, network errors),
with a growing delay."""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import uuid
from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from undersigned.outbox import hooks
from undersigned.outbox.models import Message, MessageState
from undersigned.outbox.transport import BackendTransport, Refused, open_transport

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
KEEP_BODY = frozenset({"delivery"})  # other bodies carry links: not kept once sent

_worker_id = f"inline-{socket.gethostname()}-{os.getpid()}"


def set_worker_id(worker_id: str) -> None:
    global _worker_id
    _worker_id = worker_id


def worker_id() -> str:
    return _worker_id


def email_of(row: Message) -> EmailMessage:
    headers = {**row.headers, "Message-ID": row.message_id}
    email = EmailMessage(subject=row.subject, body=row.body, from_email=row.from_email,
                         to=[row.to], reply_to=[row.reply_to] if row.reply_to else None,
                         headers=headers)
    for item in row.attachments:
        with default_storage.open(item["storage"], "rb") as fh:
            email.attach(item["filename"], fh.read(), item.get("mimetype"))
    return email


def claim(ids: list[int]) -> list[Message]:
    number = uuid.uuid4().hex
    now = timezone.now()
    with transaction.atomic():
        Message.objects.filter(pk__in=ids, state=MessageState.QUEUED,
                               available_at__lte=now).update(
            state=MessageState.SENDING, claim=number, claimed_by=_worker_id, claimed_at=now,
            attempts=F("attempts") + 1)
    return list(Message.objects.filter(claim=number, state=MessageState.SENDING)
                .order_by("-priority", "pk"))


def _retry_later(row: Message, code: int | None, answer: str) -> timedelta | None:
    """Back to the queue with a growing delay; failed after MAX_ATTEMPTS."""
    if row.attempts >= MAX_ATTEMPTS:
        Message.objects.filter(pk=row.pk).update(state=MessageState.FAILED, smtp_code=code,
                                                 smtp_answer=answer[:2000], claim="")
        return None
    delay = timedelta(seconds=min(30 * 2 ** (row.attempts - 1), 3600))
    Message.objects.filter(pk=row.pk).update(
        state=MessageState.QUEUED, smtp_code=code, smtp_answer=answer[:2000], claim="",
        available_at=timezone.now() + delay)
    return delay


def send_claimed(rows: list[Message]) -> dict:
    """Send rows this worker claimed. Returns counts and the rows to try again later."""
    transport = open_transport()
    out = {"sent": 0, "failed": 0, "retry": [], "retry_after": None}
    try:
        for row in rows:
            result, delay = _send_one(transport, row)
            if result == "retry" and delay is not None:
                out["retry"].append(row.pk)
                out["retry_after"] = max(out["retry_after"] or delay, delay)
            elif result in out:
                out[result] += 1
    finally:
        transport.close()
    return out


def _send_one(transport, row: Message) -> tuple[str, timedelta | None]:
    try:
        email = email_of(row)
        if isinstance(transport, BackendTransport):
            code, answer = transport.send_email(email)
        else:
            code, answer = transport.send(email.from_email, email.recipients(),
                                          email.message().as_bytes(), subject=row.subject)
    except Refused as exc:
        if exc.permanent:
            Message.objects.filter(pk=row.pk).update(
                state=MessageState.FAILED, smtp_code=exc.code, smtp_answer=exc.answer[:2000],
                claim="")
            return "failed", None
        return "retry", _retry_later(row, exc.code, exc.answer)
    except (smtplib.SMTPException, OSError) as exc:
        transport.drop()
        logger.warning("outbox: %s not sent (%s); trying again later", row.message_id, exc)
        return "retry", _retry_later(row, None, f"{type(exc).__name__}: {exc}")
    fields = {"state": MessageState.SENT, "sent_at": timezone.now(), "smtp_code": code,
              "smtp_answer": answer[:2000], "claim": ""}
    if row.kind not in KEEP_BODY:
        fields["body"] = ""  # its links are not kept once sent
    Message.objects.filter(pk=row.pk).update(**fields)
    row.state = MessageState.SENT
    hooks.sent(row)
    return "sent", None
