"""What higher layers want done once one of their messages is sent: ``on_sent(kind, fn)``
(called from their ``AppConfig.ready``); the sender calls ``fn(message)`` after it recorded
the message as sent. A hook that fails is logged; the message stays sent."""

import logging

logger = logging.getLogger(__name__)

_on_sent: dict[str, list] = {}


def on_sent(kind: str, fn) -> None:
    if fn not in _on_sent.setdefault(kind, []):
        _on_sent[kind].append(fn)


def sent(message) -> None:
    for fn in _on_sent.get(message.kind, ()):
        try:
            fn(message)
        except Exception:  # noqa: BLE001 - the mail is out; the follow-up is done again later
            logger.exception("after-send hook %s failed for %s", fn, message.message_id)


_on_beat: list = []


def on_beat(fn) -> None:
    """``fn()`` runs on every worker heartbeat (periodic work of a higher layer)."""
    if fn not in _on_beat:
        _on_beat.append(fn)


def beat() -> None:
    for fn in _on_beat:
        try:
            fn()
        except Exception:  # noqa: BLE001 - one hook failing must not stop the beat
            logger.exception("beat hook %s failed", fn)
