"""What connects a letter to other systems: API tokens (a coordinator's rights, narrowed
to scopes and optionally to one letter) and, later, signed webhooks."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from undersigned.core.crypto import EncryptedTextField
from undersigned.letters.models import Letter, Partner

READ, SUBMIT, MANAGE = "read", "submit", "manage"
SCOPES = [
    (READ, _("read your letters' sign-ons (contacts only where your role shows them)")),
    (SUBMIT, _("submit sign-ons from a partner's own form (they are confirmed by email)")),
    (MANAGE, _("approve and reject sign-ons where your role allows it")),
]


class ApiToken(models.Model):
    """A secret a coordinator gives a program. It acts with the coordinator's own rights,
    never more, narrowed to its scopes (and to one letter, if chosen); a submit token may
    count its sign-ons for a partner. Only a hash is kept: the secret is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)  # shown, to tell tokens apart
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


EVENTS = [
    ("signon.confirmed", _("a sign-on is confirmed by email")),
    ("signon.approved", _("a sign-on is approved")),
    ("signon.withdrawn", _("a sign-on is withdrawn")),
    ("edition.published", _("an edition is published")),
    ("delivery.replied", _("a mission replied to the delivered letter")),
]


class Webhook(models.Model):
    """An address told of a letter's events: each POST signed with HMAC-SHA256 over a
    timestamp and the body (``Undersigned-Signature: t=...,v1=...``), sent by the task
    queue with retries. Public data only, unless ``private`` (an owner's choice)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("address"), max_length=500)
    secret = EncryptedTextField()
    events = models.JSONField(default=list)
    private = models.BooleanField(_("include private details (names of unnamed signatories, "
                                    "contacts)"), default=False)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one webhook, and its attempts: the delivery log."""

    PENDING, SENDING, DELIVERED, FAILED = "pending", "sending", "delivered", "failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=10, default=PENDING, choices=[
        (PENDING, _("waiting to be sent")), (SENDING, _("being sent")),
        (DELIVERED, _("delivered")), (FAILED, _("given up"))])
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.state})"
