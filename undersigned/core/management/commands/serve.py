"""Serve the application: gunicorn (a production server) by default, Django's development
server with --dev."""

import os
import shutil
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve undersigned on ADDRESS (default 127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--dev", action="store_true", help="Django's auto-reloading server")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "4")))

    def handle(self, *args, address, dev, workers, threads, **options):
        if dev:
            call_command("runserver", address)
            return
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        self.stdout.write(f"Serving on http://{address}/ (Ctrl-C to stop)")
        self.stdout.flush()
        cmd = [gunicorn, "undersigned.wsgi:application", "--bind", address,
               "--workers", str(workers), "--threads", str(threads),
               "--access-logfile", "-", "--graceful-timeout", "5"]
        os.execv(gunicorn, cmd)  # noqa: S606 - replaces this process with the server
