"""Files a coordinator uploaded, kept under var/uploads/ between the preview and the
confirmation (named by a random token, readable by the server only, removed once used)."""

import os
import secrets
from pathlib import Path

from django.conf import settings

MAX_UPLOAD = 50 * 1024 * 1024
_TOKEN_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def store(data: bytes, suffix: str) -> str:
    suffix = suffix.lower() if suffix.lower() in {".txt", ".md", ".html", ".htm", ".docx",
                                                  ".csv", ".tsv", ".xlsx"} else ".bin"
    token = secrets.token_urlsafe(18) + suffix
    path = _folder() / token
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return token


def path_for(token: str) -> Path | None:
    """The stored file for a token, or None (never a path outside the folder)."""
    stem, _, suffix = token.rpartition(".")
    if not stem or not set(stem) <= _TOKEN_CHARS or not suffix.isalnum():
        return None
    path = _folder() / token
    return path if path.is_file() else None


def discard(token: str) -> None:
    path = path_for(token)
    if path is not None:
        path.unlink(missing_ok=True)
