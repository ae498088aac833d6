"""Reads for API tokens: the one lookup that turns a presented secret into a token."""

import hmac

from undersigned.integrations.models import ApiToken
from undersigned.integrations.services import TOKEN_PREFIX, token_digest


def token_authenticate(secret: str) -> ApiToken | None:
    """The live token for ``secret``, or None (unknown, revoked, or its user inactive)."""
    secret = (secret or "").strip()
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    digest = token_digest(secret)
    token = (ApiToken.objects.select_related("user", "letter", "partner")
             .filter(digest=digest, revoked_at__isnull=True).first())
    if token is None or not hmac.compare_digest(token.digest, digest):
        return None
    if not token.user.is_active:
        return None
    return token


def tokens_of(user):
    return ApiToken.objects.filter(user=user).select_related("letter", "partner")
