"""Serve the application: gunicorn (a production server) and a background worker beside it,
so ``make run`` is one command; Django's development server with --dev. In production run
``serve --no-worker`` (or gunicorn itself) on the web hosts and ``undersigned worker`` where
the background work should run."""

import os
import shutil
import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve undersigned on ADDRESS (default 127.0.0.1:8000), with a background worker."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--dev", action="store_true", help="Django's auto-reloading server")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")),
                            help="gunicorn processes")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "4")))
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start a background worker beside the server")

    def handle(self, *args, address, dev, workers, threads, no_worker, **options):
        children = []
        if not no_worker:
            children.append(subprocess.Popen([sys.executable, "-m", "undersigned.cli", "worker"]))
        if dev:
            try:
                call_command("runserver", address)
            finally:
                _stop(children)
            return
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        self.stdout.write(f"Serving on http://{address}/ (Ctrl-C to stop)"
                          + ("" if no_worker else ", with a background worker"))
        self.stdout.flush()
        children.insert(0, subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [gunicorn, "undersigned.wsgi:application", "--bind", address,
             "--workers", str(workers), "--threads", str(threads),
             "--access-logfile", "-", "--graceful-timeout", "5"]))
        stopping = []

        def on_signal(signum, frame):
            stopping.append(signum)

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, on_signal)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            _stop(children)
        failed = [c for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
        if failed and not stopping:
            sys.exit(1)


def _stop(children, timeout: float = 10) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    end = time.monotonic() + timeout
    for child in children:
        try:
            child.wait(timeout=max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
