"""Reading the messages the embedded backend wrote to the mail folder."""

import email
import re
from email import policy
from pathlib import Path

from django.conf import settings


def messages() -> list[email.message.EmailMessage]:
    folder = Path(settings.MAIL_DIR)
    if not folder.exists():
        return []
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(folder.glob("*.eml"))]


def body(msg) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content()


def links(msg, kind: str) -> list[str]:
    """The paths of the /confirm/ or /withdraw/ links in a message."""
    return [m.group(1) for m in re.finditer(rf"https?://[^/\s]+(/{kind}/[^\s]+/)", body(msg))]


def paths() -> list[Path]:
    folder = Path(settings.MAIL_DIR)
    return sorted(folder.glob("*.eml")) if folder.exists() else []


_RECEIPT = re.compile(r"[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{40,}")


def without_tokens(text: str) -> str:
    """A message with its links and its receipt masked: they differ in every message (each
    carries its own signed token), so what is left is what could tell two messages apart."""
    return _RECEIPT.sub("RECEIPT", re.sub(r"https?://\S+", "LINK", text))
