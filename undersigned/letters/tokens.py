"""Emailed links: signed with the site's secret (django.core.signing), so a forged token is
refused before the database is read. Confirmation links expire and are single use (their
nonce is cleared once used); withdrawal links last until the list is published."""

import secrets

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "undersigned.signature.confirm"
WITHDRAW_SALT = "undersigned.signature.withdraw"


class TokenError(Exception):
    """kind: 'invalid', 'expired' or 'used'."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def make_confirm_token(*, kind: str, public_id, nonce: str) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {"k": kind, "id": str(public_id), "n": nonce}
    )


def read_confirm_token(token: str) -> dict:
    try:
        return signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(
            token, max_age=settings.CONFIRMATION_MAX_AGE
        )
    except signing.SignatureExpired as exc:
        raise TokenError("expired") from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise TokenError("invalid") from exc


def make_withdraw_token(public_id, kind: str = "s") -> str:
    return signing.Signer(salt=WITHDRAW_SALT).sign_object({"k": kind, "id": str(public_id)})


def read_withdraw_token(token: str) -> tuple[str, str]:
    """(kind, public id): kind 's' for a signature, 'd' for a repeat sign-on."""
    try:
        payload = signing.Signer(salt=WITHDRAW_SALT).unsign_object(token)
        return payload.get("k", "s"), payload["id"]
    except (signing.BadSignature, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise TokenError("invalid") from exc
