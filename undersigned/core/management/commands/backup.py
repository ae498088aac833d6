from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from undersigned.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup of the database (not of the data key: keep that apart)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="default: var/backups/<time>.backup")

    def handle(self, *args, output, **options):
        path = Path(output) if output else (
            settings.VAR_DIR / "backups" / f"{timezone.now():%Y%m%dT%H%M%S}.backup")
        try:
            written = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {written}. The data key is not in it: keep "
                          "var/data_key (or UNDERSIGNED_DATA_KEY) in a separate safe place.")
