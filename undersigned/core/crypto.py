"""Contact details encrypted at rest.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from the `cryptography`
package) under a key that lives outside the database: ``UNDERSIGNED_DATA_KEY`` in the
environment, or ``var/data_key`` (created on first use, mode 600) on a laptop. Exact-match
search uses a keyed hash (HMAC-SHA256 under a key derived from the same secret), so a copy of
the database alone reveals no contact name or email.
"""

import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models

from undersigned.core.secretfiles import write_secret_file

PREFIX = "enc1:"


class KeyError_(Exception):
    """The data key is missing or unusable: nothing is encrypted under a guessable key."""


_file_keys: dict[str, str] = {}


def _key_material() -> bytes:
    value = os.environ.get("UNDERSIGNED_DATA_KEY")
    where = "UNDERSIGNED_DATA_KEY"
    if not value:
        path = settings.VAR_DIR / "data_key"
        where = str(path)
        value = _file_keys.get(where)
        if value is None:  # read once per process (every sign-on encrypts)
            if not path.exists():
                write_secret_file(path, Fernet.generate_key().decode())
            value = path.read_text().strip()
            if value:
                _file_keys[where] = value
    try:
        material = base64.urlsafe_b64decode(value.encode())
    except (ValueError, TypeError):
        material = b""
    if len(material) < 32:
        raise KeyError_(f"the data key in {where} is empty or malformed; restore it from your "
                        "backup (contact details cannot be read or written without it)")
    return material


@lru_cache(maxsize=4)
def _keys(material: bytes) -> tuple[Fernet, bytes]:
    enc = hashlib.sha256(b"undersigned-encrypt" + material).digest()
    mac = hashlib.sha256(b"undersigned-search" + material).digest()
    return Fernet(base64.urlsafe_b64encode(enc)), mac


def _fernet_and_mac() -> tuple[Fernet, bytes]:
    return _keys(_key_material())


def encryption_enabled() -> bool:
    return getattr(settings, "DATA_ENCRYPTION", True)


def encrypt(value: str) -> str:
    if not value or not encryption_enabled():
        return value
    return PREFIX + _fernet_and_mac()[0].encrypt(value.encode()).decode()


class DecryptionError(Exception):
    pass


def decrypt(value: str) -> str:
    if not value or not value.startswith(PREFIX):
        return value
    try:
        return _fernet_and_mac()[0].decrypt(value[len(PREFIX):].encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("the data key does not open this value") from exc


def search_hash(value: str) -> str:
    """Keyed hash of a normalised value (case-folded, trimmed) for exact-match search."""
    normalised = (value or "").strip().casefold()
    if not normalised:
        return ""
    return hmac.new(_fernet_and_mac()[1], normalised.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column whose values are stored encrypted and read back in clear."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
