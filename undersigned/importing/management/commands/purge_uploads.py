from django.core.management.base import BaseCommand

from undersigned.importing import uploads


class Command(BaseCommand):
    help = ("Remove uploaded files that were previewed but never imported, and import "
            "outcome records, older than a day (this also happens at every upload).")

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=uploads.MAX_AGE,
                            help="seconds (default: a day)")

    def handle(self, *args, max_age, **options):
        self.stdout.write(f"{uploads.purge(max_age)} stored file(s) removed")
