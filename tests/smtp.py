"""A real SMTP server on loopback (aiosmtpd) that keeps every message it accepted."""

import asyncio
import email
import socket
import threading
import time
from email import policy

from aiosmtpd.controller import Controller


class Collector:
    """aiosmtpd handler: keeps (envelope recipients, message) of every accepted DATA;
    ``delay`` seconds before each answer makes a slow server."""

    def __init__(self, delay: float = 0.0, on_data=None):
        self.delay = delay
        self.on_data = on_data  # called with each message before it is kept; True drops it
        self.lock = threading.Lock()
        self.received: list = []
        self.times: list[float] = []  # time.monotonic() of each message kept

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody"):
            return f"550 5.1.1 <{address}>: no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.on_data is not None and self.on_data(envelope):
            return "451 4.3.0 not taken: the client went away before the answer"
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), msg))
            self.times.append(time.monotonic())
        return "250 OK queued"

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def message_ids(self) -> list[str]:
        with self.lock:
            return [m["Message-ID"].strip() for _, m in self.received]

    def wait_for(self, n: int, timeout: float = 60) -> None:
        end = time.monotonic() + timeout
        while self.count() < n:
            if time.monotonic() > end:
                raise AssertionError(f"{self.count()} messages arrived, {n} expected")
            time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(delay: float = 0.0, on_data=None) -> tuple[Controller, Collector]:
    handler = Collector(delay, on_data)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, handler
