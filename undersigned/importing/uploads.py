"""Files a coordinator uploaded, kept under var/uploads/ between the preview and the
confirmation (named by a random token, readable by the server only), and the outcome
records of finished imports (for their CSV download).

An upload is removed once its import is confirmed; one that was previewed and abandoned,
and every outcome record, is removed after ``MAX_AGE`` (a day): ``purge`` runs whenever
something is stored, so no cron job is needed, and ``undersigned purge-uploads`` runs it
by hand."""

import json
import os
import secrets
import time
from pathlib import Path

from django.conf import settings

MAX_UPLOAD = 50 * 1024 * 1024
MAX_AGE = 24 * 3600  # seconds an upload or an outcome record is kept at most
SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".csv", ".tsv", ".xlsx", ".json"}
_TOKEN_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def purge(max_age: int = MAX_AGE) -> int:
    """Remove stored files older than ``max_age`` seconds; returns how many."""
    cutoff = time.time() - max_age
    removed = 0
    for path in _folder().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def store(data: bytes, suffix: str) -> str:
    purge()
    suffix = suffix.lower() if suffix.lower() in SUFFIXES else ".bin"
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


def store_record(record: dict) -> str:
    """Keep a JSON record (an import's outcomes) for a day; returns its token."""
    return store(json.dumps(record, ensure_ascii=False).encode("utf-8"), ".json")


def load_record(token: str) -> dict | None:
    path = path_for(token) if token.endswith(".json") else None
    if path is None:
        return None
    return json.loads(path.read_text(encoding="utf-8"))
