"""Delivering a published letter to the missions of UN member and observer States.

``Recipient`` is the coalition's directory, one row per state (made from the reference
data, addresses filled in by coordinators or imported from CSV). A ``Delivery`` sends one
edition of one letter to a selection of them; each ``DeliveryMessage`` is one email to one
mission, with its outbox row (queued, sent, failed with the SMTP answer) and what came back
(bounced, replied). ``InboundMail`` keeps the Message-ID of every mail read back, so reading
a mailbox twice records nothing twice."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from undersigned.advocacy.models import StateField, StateMixin


class Office(models.TextChoices):
    GENEVA = "geneva", _("Geneva")
    NEW_YORK = "new_york", _("New York")


class Recipient(StateMixin, models.Model):
    state_code = StateField(unique=True)
    # The UN language the mission corresponds in (a letter language code: en, fr, es, ru,
    # zh-hans, ar); the default comes from the state's official languages.
    language = models.CharField(_("language of correspondence"), max_length=10)
    geneva_email = models.EmailField(_("Geneva mission email"), blank=True)
    new_york_email = models.EmailField(_("New York mission email"), blank=True)
    notes = models.CharField(_("notes (where the address comes from)"), max_length=300,
                             blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["state_code"]

    def __str__(self) -> str:
        return self.state_code

    def email_for(self, office: str) -> str:
        return self.geneva_email if office == Office.GENEVA else self.new_york_email


class Delivery(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    letter = models.ForeignKey("letters.Letter", on_delete=models.CASCADE,
                               related_name="deliveries")
    edition = models.ForeignKey("publishing.Edition", on_delete=models.PROTECT,
                                related_name="deliveries")
    campaign = models.ForeignKey("advocacy.Campaign", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="deliveries")
    office = models.CharField(max_length=10, choices=Office, default=Office.GENEVA)
    selection = models.JSONField(default=dict)  # how the states were chosen, for the record
    states = models.JSONField(default=list)  # the ISO3 codes chosen
    reply_to = models.EmailField(_("replies go to"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    merged_at = models.DateTimeField(null=True, blank=True)  # every message in the outbox

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"delivery {self.public_id} of {self.letter_id}"


class Outcome(models.TextChoices):
    NONE = "", _("no answer")
    BOUNCED = "bounced", _("Bounced")
    REPLIED = "replied", _("Replied")


class DeliveryMessage(StateMixin, models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="messages")
    state_code = StateField()
    lang = models.CharField(max_length=10)
    to_email = models.EmailField()
    message = models.OneToOneField("outbox.Message", on_delete=models.PROTECT,
                                   related_name="delivery_message")
    outcome = models.CharField(max_length=10, choices=Outcome, blank=True, default="")
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_detail = models.TextField(blank=True)  # the DSN's diagnostic, or the reply's subject
    asked_at = models.DateTimeField(null=True, blank=True)  # the board was told

    class Meta:
        constraints = [models.UniqueConstraint(fields=["delivery", "state_code"],
                                               name="one_message_per_state_and_delivery")]
        ordering = ["delivery", "state_code"]

    def __str__(self) -> str:
        return f"{self.state_code} in {self.delivery_id}"

    @property
    def status(self) -> str:
        """queued, sent, failed, bounced or replied."""
        if self.outcome:
            return self.outcome
        state = self.message.state
        return "queued" if state == "sending" else state


class InboundMail(models.Model):
    message_id = models.CharField(max_length=250, unique=True)
    kind = models.CharField(max_length=10)  # bounce, reply, unmatched
    delivery_message = models.ForeignKey(DeliveryMessage, null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="inbound")
    subject = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id}"
