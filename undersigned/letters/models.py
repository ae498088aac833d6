"""Letters, their translations and text versions, and the sign-ons (signatures)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from undersigned.core.crypto import EncryptedTextField
from undersigned.orgs.models import Organization


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for sign-on")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Published")


class Letter(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    source_lang = models.CharField(_("source language"), max_length=20, default="en")
    languages = models.JSONField(_("languages"), default=list)
    status = models.CharField(max_length=10, choices=LetterStatus, default=LetterStatus.DRAFT)
    deadline = models.DateTimeField(_("sign-on deadline"), null=True, blank=True)
    text_version = models.PositiveIntegerField(default=0)
    # Origins of partners' sites allowed to frame the embeddable sign-on page and counter
    # (``https://partner.example``): the embed's Content-Security-Policy frame-ancestors.
    embed_origins = models.JSONField(_("sites that may embed the sign-on form"), default=list,
                                     blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.slug


class LetterTranslation(models.Model):
    """The letter's text in one language (the source language included)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="translations")
    lang = models.CharField(max_length=20)
    title = models.CharField(_("title"), max_length=300)
    recipients = models.CharField(_("recipients"), max_length=300, blank=True)
    body_md = models.TextField(_("body (Markdown)"), blank=True)
    asks = models.JSONField(_("asks"), default=list, blank=True)
    # The revision of the source text this translation follows (the source's own revision
    # for the source language), and that source text itself, to show what changed since.
    source_version = models.PositiveIntegerField(default=0)
    based_on = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "lang"], name="translation_unique_lang")
        ]

    def __str__(self) -> str:
        return f"{self.letter.slug} [{self.lang}]"


class LetterVersion(models.Model):
    """A frozen copy of every translation's text, taken when sign-on opens and at each
    change afterwards: what a signatory saw when signing."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    texts = models.JSONField(default=dict)  # {lang: {title, recipients, body_md, asks}}
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "number"], name="version_unique_number")
        ]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.letter_id} v{self.number}"


class SignatureState(models.TextChoices):
    PENDING = "pending", _("Pending email confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ACTIVE_STATES = (SignatureState.PENDING, SignatureState.CONFIRMED, SignatureState.APPROVED)


class SignatureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class PublicSignatureManager(models.Manager):
    """The only way public pages, exports and the API read signatures: approved, still
    active, and named. Anonymous sign-ons are counted elsewhere, never listed."""

    def get_queryset(self):
        return (
            super().get_queryset()
            .filter(state=SignatureState.APPROVED, active=True, publish_name=True)
        )


class Signature(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signatures")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="signatures"
    )
    # The organisation's details as given on this letter (the name shown on its list).
    name = models.CharField(_("organisation name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    country = models.CharField(_("country"), max_length=3, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    # The name in the letter's other languages, as this letter prints it ({lang: text}):
    # set by this letter's translators or its import, never by another letter.
    names = models.JSONField(default=dict, blank=True)
    # Private: shown to coordinators only, encrypted at rest (core.crypto); the keyed hash
    # finds an address without decrypting anything.
    contact_name = EncryptedTextField(_("contact name"), blank=True)
    contact_email = EncryptedTextField(_("contact email"), blank=True)  # none when imported
    contact_email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    publish_name = models.BooleanField(_("publish our name"), default=True)
    # Not named in public, but named in the copy delivered to the recipients (the missions):
    # for groups that must not be named publicly yet want the states to know.
    name_to_recipients = models.BooleanField(default=False)
    # The partner whose referral code brought the sign-on, and whether the signer agreed
    # to share its contact details with that partner.
    via = models.ForeignKey("Partner", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="signatures")
    share_with_partner = models.BooleanField(default=False)
    lang = models.CharField(max_length=20, default="en")
    state = models.CharField(max_length=10, choices=SignatureState, default=SignatureState.PENDING)
    active = models.BooleanField(default=True)
    letter_version = models.ForeignKey(
        LetterVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirm_nonce = models.CharField(max_length=64, blank=True)
    withdrawal_requested_at = models.DateTimeField(null=True, blank=True)
    source = models.JSONField(default=dict, blank=True)  # e.g. {"file": ..., "row": ...}
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = SignatureQuerySet.as_manager()
    public = PublicSignatureManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "organization"], condition=Q(active=True),
                name="one_active_signature_per_org",
            )
        ]
        indexes = [models.Index(fields=["letter", "state"])]
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.name} on {self.letter.slug}"


class SignatureEvent(models.Model):
    """Append-only history of a signature's states, with who and why."""

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    action = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"


class DuplicateSignOn(models.Model):
    """A sign-on for an organisation that already has an active signature on the letter.

    The person gets the same kind of email as anyone else (so nobody learns from the reply
    whether, or how, the organisation signed); coordinators see the attempt beside the
    existing signature and settle it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="duplicates")
    name = models.CharField(max_length=300)
    contact_name = EncryptedTextField()
    contact_email = EncryptedTextField()
    contact_email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    publish_name = models.BooleanField(default=True)
    lang = models.CharField(max_length=20, default="en")
    confirm_nonce = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"repeat sign-on: {self.name}"


class Partner(models.Model):
    """An organisation of the letter's core group. It circulates the letter in its own
    network with its referral code (``/<letter>/?via=<code>`` and the embeds), and its
    coordinators (role ``partner``) see what came through it: counts, public names, and
    the contacts of those who agreed to share them with it."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("organisation"), max_length=300)
    code = models.SlugField(_("referral code"), max_length=40)
    listed = models.BooleanField(_("named as a coordinator of the letter"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "code"], name="one_code_per_letter")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class LetterRole(models.Model):
    """What one coordinator may do on one letter. Administrators (superusers) may do
    everything everywhere; everyone else only what a role on the letter allows."""

    OWNER, EDITOR, MODERATOR, TRANSLATOR, VIEWER, PARTNER = (
        "owner", "editor", "moderator", "translator", "viewer", "partner")
    CHOICES = [(OWNER, _("owner")), (EDITOR, _("editor")), (MODERATOR, _("moderator")),
               (TRANSLATOR, _("translator")), (VIEWER, _("viewer")),
               (PARTNER, _("partner coordinator"))]

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="letter_roles")
    role = models.CharField(max_length=12, choices=CHOICES)
    # For a partner coordinator: the partner whose sign-ons they follow.
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="roles")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["letter", "user"], name="one_role_per_letter"),
            models.CheckConstraint(
                condition=models.Q(role="partner", partner__isnull=False)
                | (~models.Q(role="partner") & models.Q(partner__isnull=True)),
                name="partner_role_names_its_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} on {self.letter_id}"
