"""The embedded mail backend: each message is written to ``var/mail/`` as an ``.eml`` file
(readable by any mail client) and echoed on the console, so a laptop needs no mail server."""

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
                with _lock:
                    sys.stdout.write(
                        f"[mail] to {', '.join(message.to)}: {message.subject} ({path})\n"
                    )
                    sys.stdout.flush()
            sent += 1
        return sent
