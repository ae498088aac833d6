"""The outbox: one row per email, written in the same transaction as the change it tells
of, sent later by a worker. A row is claimed in a transaction before it is sent, and marked
sent at the last moment before the server is told to take it (see ``sender``), so a worker
killed at any point and started again sends it exactly once."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from undersigned.core.crypto import EncryptedTextField


class MessageState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=30)  # confirmation, text_changed, withdrawal, delivery
    state = models.CharField(max_length=10, choices=MessageState, default=MessageState.QUEUED)
    message_id = models.CharField(max_length=250, unique=True)
    from_email = models.CharField(max_length=300)
    to = EncryptedTextField()
    reply_to = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=500)
    body = EncryptedTextField(blank=True)  # wiped once sent, except for deliveries
    headers = models.JSONField(default=dict, blank=True)
    # [{"storage": name in the default storage, "filename": ..., "mimetype": ...}]
    attachments = models.JSONField(default=list, blank=True)
    priority = models.SmallIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    available_at = models.DateTimeField(default=timezone.now)
    claim = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    smtp_code = models.IntegerField(null=True, blank=True)
    smtp_answer = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["state", "available_at"])]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id} ({self.state})"


class WorkerBeat(models.Model):
    """A running worker says it is alive every few seconds; a worker that stopped saying so
    (or whose process is gone, on the same host) has its tasks and claimed mail taken over."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host} ({self.pid})"
