"""How a message leaves: ``send(from, to, data)`` returns the server's answer, or raises
``Refused`` (an answer that is not "250") or a network error.

The transport follows ``EMAIL_BACKEND``: Django's SMTP backend settings (``EMAIL_HOST``,
``EMAIL_PORT``, ``EMAIL_USE_TLS`` ...) for SMTP, spoken with ``smtplib`` over one connection
per batch; ``VarMailBackend`` for the mail folder (a file written, then renamed into place);
any other Django backend is handed the message.
"""

from __future__ import annotations

import re
import smtplib
import ssl
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail import get_connection
from django.utils import timezone

_CRLF = re.compile(rb"\r?\n")
_DOT = re.compile(rb"(?m)^\.")


class Refused(Exception):
    """The server refused the message before taking it (code and answer kept)."""

    def __init__(self, code: int, answer: str):
        super().__init__(f"{code} {answer}")
        self.code = code
        self.answer = answer

    @property
    def permanent(self) -> bool:
        return self.code >= 500


def _text(answer) -> str:
    return answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)


class SmtpTransport:
    def __init__(self):
        self.conn: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        if self.conn is not None:
            return self.conn
        host, port = settings.EMAIL_HOST, settings.EMAIL_PORT
        timeout = getattr(settings, "EMAIL_TIMEOUT", None) or 30
        if getattr(settings, "EMAIL_USE_SSL", False):
            conn = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                    context=ssl.create_default_context())
        else:
            conn = smtplib.SMTP(host, port, timeout=timeout)
            if getattr(settings, "EMAIL_USE_TLS", False):
                conn.starttls(context=ssl.create_default_context())
                conn.ehlo()
        user = getattr(settings, "EMAIL_HOST_USER", "")
        if user:
            conn.login(user, settings.EMAIL_HOST_PASSWORD)
        self.conn = conn
        return conn

    def send(self, from_addr: str, to: list[str], data: bytes, subject: str = ""
             ) -> tuple[int, str]:
        conn = self._open()
        conn.ehlo_or_helo_if_needed()
        code, answer = conn.mail(from_addr)
        if code != 250:
            self._reset()
            raise Refused(code, _text(answer))
        for address in to:
            code, answer = conn.rcpt(address)
            if code not in (250, 251):
                self._reset()
                raise Refused(code, _text(answer))
        code, answer = conn.docmd("DATA")
        if code != 354:
            self._reset()
            raise Refused(code, _text(answer))
        payload = _DOT.sub(b"..", _CRLF.sub(b"\r\n", data))
        if not payload.endswith(b"\r\n"):
            payload += b"\r\n"
        conn.send(payload + b".\r\n")
        code, answer = conn.getreply()
        if code != 250:
            raise Refused(code, _text(answer))
        return code, _text(answer)

    def _reset(self) -> None:
        try:
            self.conn.rset()
        except (smtplib.SMTPException, OSError):
            self.drop()

    def drop(self) -> None:
        """Forget a connection in an unknown state (after an error)."""
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
        self.conn = None

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.conn = None


class FolderTransport:
    """The laptop default: each message an ``.eml`` file in ``MAIL_DIR`` (owner-only, as
    every file the process writes), its subject echoed on the console, never its address."""

    def send(self, from_addr: str, to: list[str], data: bytes, subject: str = ""
             ) -> tuple[int, str]:
        directory = Path(settings.MAIL_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        path = directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        if getattr(settings, "EMAIL_ECHO", False):
            print(f"[mail] {subject} ({path})", flush=True)
        return 250, f"written to {path.name}"

    def drop(self) -> None:
        pass

    def close(self) -> None:
        pass


class BackendTransport:
    """Any other Django mail backend (the message object itself is handed over)."""

    def send_email(self, email) -> tuple[int, str]:
        if not get_connection().send_messages([email]):
            raise Refused(451, "not sent by the mail backend")
        return 250, "handed to the mail backend"

    def drop(self) -> None:
        pass

    def close(self) -> None:
        pass


def open_transport():
    backend = settings.EMAIL_BACKEND
    if backend == "django.core.mail.backends.smtp.EmailBackend":
        return SmtpTransport()
    if backend == "undersigned.core.mail.VarMailBackend":
        return FolderTransport()
    return BackendTransport()
