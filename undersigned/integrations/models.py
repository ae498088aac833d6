"""What connects a letter to other systems: API tokens (a coordinator's rights, narrowed
to scopes and optionally to one letter) and, later, signed webhooks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
