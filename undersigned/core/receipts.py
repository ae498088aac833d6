"""Receipts signed by the server: proof, kept by whoever received it, that the server
recorded something (an organisation's sign-on), checkable later at ``/verify/`` or by
anyone with the server's public key, even after the contact details were purged.

Ed25519 signatures (``cryptography``): the private key lives outside the database, in
``UNDERSIGNED_RECEIPT_KEY`` (base64) or ``var/receipt_key`` (created on first use, mode 600);
the public key is published at ``/verify/key.txt``. A receipt is plain text that survives
being pasted from an email: a header line, then ``<payload>.<signature>`` in base64url,
where the payload is canonical JSON."""

import base64
import json
import os
import re
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings

from undersigned.core.secretfiles import write_secret_file

HEADER = "undersigned receipt v1"
_BODY = re.compile(r"([A-Za-z0-9_-]{20,})\.([A-Za-z0-9_-]{40,})")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=2)
def _private_key(where: str) -> Ed25519PrivateKey:
    value = os.environ.get("UNDERSIGNED_RECEIPT_KEY", "")
    if not value:
        path = settings.VAR_DIR / "receipt_key"
        if not path.exists():
            write_secret_file(path, _b64(Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                serialization.NoEncryption())))
        value = path.read_text().strip()
    raw = _unb64(value)
    if len(raw) != 32:
        raise ValueError(f"the receipt key in {where} is malformed; restore it from a backup")
    return Ed25519PrivateKey.from_private_bytes(raw)


def _key() -> Ed25519PrivateKey:
    return _private_key(os.environ.get("UNDERSIGNED_RECEIPT_KEY") and "UNDERSIGNED_RECEIPT_KEY"
                        or str(settings.VAR_DIR / "receipt_key"))


def public_key_text() -> str:
    """The public key (base64url of its 32 raw bytes), as published."""
    return _b64(_key().public_key().public_bytes(serialization.Encoding.Raw,
                                                 serialization.PublicFormat.Raw))


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def receipt_make(payload: dict) -> str:
    body = canonical(payload)
    return f"{HEADER}\n{_b64(body)}.{_b64(_key().sign(body))}"


def receipt_read(text: str) -> dict | None:
    """The payload of a receipt this server signed, or None (not a receipt, or altered)."""
    text = text or ""
    if HEADER in text:
        text = text.split(HEADER, 1)[1]
    # Mail clients wrap long lines and quote replies ("> "): both are undone here.
    match = _BODY.search(re.sub(r"[\s>]+", "", text))
    if match is None:
        return None
    try:
        body, signature = _unb64(match.group(1)), _unb64(match.group(2))
        _key().public_key().verify(signature, body)
        payload = json.loads(body)
    except (InvalidSignature, ValueError):
        return None
    return payload if isinstance(payload, dict) else None
