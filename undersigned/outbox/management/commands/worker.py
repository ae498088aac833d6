"""``undersigned worker``: run background tasks (mail, deliveries, mailbox reading, renders).

Start as many as needed, on as many machines as needed, against one database: each claims
tasks in a transaction. Every few seconds a worker says it is alive and takes over what
stopped workers left (their running tasks, their claimed mail)."""

import os
import socket
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections
from django.utils.crypto import get_random_string

from undersigned.outbox import hooks, sender, services


class Command(BaseCommand):
    help = "Run background tasks: mail, deliveries, mailbox reading, renders."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float,
                            default=float(os.environ.get("WORKER_INTERVAL", "1")),
                            help="seconds between looks at an empty queue (default 1)")
        parser.add_argument("--batch", action="store_true",
                            help="run every task that is ready, then exit")
        parser.add_argument("--max-tasks", type=int, default=None,
                            help="exit after this many tasks")
        parser.add_argument("--queue", default="*",
                            help="queues to take tasks from, comma-separated (default: all)")

    def handle(self, *args, interval, batch, max_tasks, queue, **options):
        worker_id = f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(8)}"
        sender.set_worker_id(worker_id)
        services.worker_beat(worker_id=worker_id, started=True)
        services.outbox_recover()
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(worker_id, stop), daemon=True)
        beat.start()
        if options.get("verbosity", 1) > 0:
            self.stdout.write(f"worker {worker_id} started (queues: {queue})")
            self.stdout.flush()
        try:
            call_command("db_worker", queue_name=queue, interval=interval, batch=batch,
                         max_tasks=max_tasks, worker_id=worker_id, startup_delay=False,
                         reload=False, verbosity=max(0, options.get("verbosity", 1) - 1))
        finally:
            stop.set()
            beat.join(timeout=5)
            services.worker_gone(worker_id=worker_id)

    @staticmethod
    def _beat(worker_id: str, stop: threading.Event) -> None:
        every = float(getattr(settings, "WORKER_BEAT", 5))
        try:
            while not stop.wait(every):
                try:
                    services.worker_beat(worker_id=worker_id)
                    services.outbox_recover()
                    hooks.beat()
                except Exception:  # noqa: BLE001 - a busy database must not stop the worker
                    services.logger.exception("worker beat failed; trying again")
        finally:
            connections.close_all()
