"""Writes for API tokens."""

import hashlib
import secrets

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from undersigned.audit.services import audit_record
from undersigned.integrations.models import SCOPES, ApiToken
from undersigned.letters import permissions
from undersigned.letters.models import Letter, Partner

TOKEN_PREFIX = "us_"  # noqa: S105 - the tag every token starts with, not a secret


class TokenRefused(Exception):
    """A refused token change, with a message for the coordinator."""


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, scopes, letter: Letter | None = None,
                 partner: Partner | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and its secret (shown once, never kept)."""
    name = (name or "").strip()[:100]
    scopes = sorted(set(scopes))
    if not name:
        raise TokenRefused(_("Give the token a name, to recognise it later."))
    if not scopes or not set(scopes) <= {value for value, _label in SCOPES}:
        raise TokenRefused(_("Choose what the token may do."))
    if letter is not None and not permissions.letter_permissions(user, letter):
        raise TokenRefused(_("You have no role on that letter."))
    if partner is not None:
        if letter is None or partner.letter_id != letter.pk:
            raise TokenRefused(_("A partner token is for one letter: choose that letter."))
        try:  # a partner coordinator makes tokens for its own partner only
            permissions.access_partner(user, letter.slug, partner.code)
        except Http404:
            raise TokenRefused(_("You do not coordinate for that partner.")) from None
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix,
                                    digest=token_digest(secret), scopes=scopes, letter=letter,
                                    partner=partner)
    audit_record(action="api_token_created", object_type="api_token", object_id=prefix,
                 actor=user, letter_id=letter.pk if letter else None,
                 after={"name": name, "scopes": scopes,
                        "partner": partner.name if partner else ""})
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(action="api_token_revoked", object_type="api_token",
                     object_id=token.prefix, actor=actor, letter_id=token.letter_id)
    return token


def token_used(token: ApiToken) -> None:
    """Note the use (at most once a minute, to keep reads cheap)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
