from django.core.management.base import BaseCommand, CommandError

from undersigned.letters.models import Letter
from undersigned.publishing.services import PublishError, edition_publish


class Command(BaseCommand):
    help = "Publish a letter: a new edition of its numbered list if anything changed."

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug, **options):
        letter = Letter.objects.filter(slug=slug).first()
        if letter is None:
            raise CommandError(f"No letter has the address {slug!r}.")
        try:
            edition, created = edition_publish(letter=letter)
        except PublishError as exc:
            raise CommandError(str(exc)) from exc
        what = "published" if created else "unchanged: still"
        self.stdout.write(f"{slug}: {what} edition {edition.number} "
                          f"({edition.entries.count()} named, {edition.anonymous_count} anonymous)")
