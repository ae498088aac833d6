"""The embedded mail backend: each message is written to ``var/mail/`` as an ``.eml`` file
(readable by any mail client, readable by its owner only) and its subject and file echoed on
the console (never the address), so a laptop needs no mail server."""

import sys
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

_lock = threading.Lock()


class VarMailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(settings.MAIL_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
            path = directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            data = message.message().as_bytes()
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(path)
            if getattr(settings, "EMAIL_ECHO", False):
                # The address stays out of the server's log: the file has it, the log not.
                with _lock:
                    sys.stdout.write(f"[mail] {message.subject} ({path})\n")
                    sys.stdout.flush()
            sent += 1
        return sent
