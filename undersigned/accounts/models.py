"""Second factors and the sessions of coordinators.

Nothing happens in ``save()`` or signals: every change goes through ``services.py``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from undersigned.core.crypto import EncryptedTextField


class TwoFactorDevice(models.Model):
    """One TOTP authenticator (RFC 6238) per user. Unconfirmed while the user sets it up."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="twofactor_device")
    secret = EncryptedTextField(_("secret"))  # base32, encrypted at rest (core.crypto)
    created = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # RFC 6238 section 5.2: a code is accepted once; later codes must be for a later step.
    last_used_step = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("two-factor device")
        verbose_name_plural = _("two-factor devices")

    def __str__(self) -> str:
        return f"TOTP device of user {self.user_id}"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class RecoveryCode(models.Model):
    """A single-use recovery code, kept only as a salted SHA-256 digest (the codes are
    random, about 50 bits each, so a slow hash adds nothing but latency)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="recovery_codes")
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"recovery code {self.pk} of user {self.user_id}"


class UserSession(models.Model):
    """A logged-in session, so its owner can see and end it. The session key is never
    stored in the clear: ``key_hash`` (SHA-256) finds the row, ``key_sealed`` (encrypted
    with a key derived from SECRET_KEY) lets "end this session" delete it from the
    session store."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="tracked_sessions")
    key_hash = models.CharField(max_length=64, unique=True)
    key_sealed = models.CharField(max_length=256)
    created = models.DateTimeField(_("created"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), default=timezone.now)
    ip = models.CharField(_("client address"), max_length=64, blank=True)  # truncated
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    # False while only the password was given: worth noticing when it is not you.
    twofactor_verified = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["user", "-last_seen"])]

    def __str__(self) -> str:
        return f"session {self.pk} of user {self.user_id}"
