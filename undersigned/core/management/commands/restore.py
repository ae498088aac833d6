from django.core.management.base import BaseCommand, CommandError

from undersigned.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup made by 'undersigned backup' (replaces all data)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, yes, **options):
        if not yes:
            answer = input("This replaces every row of the database. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored from {path}.")
