from django.core.management.base import BaseCommand, CommandError

from undersigned.letters.models import Letter
from undersigned.publishing.selectors import edition_plan
from undersigned.publishing.services import PublishError, edition_publish


class Command(BaseCommand):
    help = ("Publish a letter: a new edition of its numbered list if anything changed. "
            "Sign-on closes unless --keep-open is given.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the letter's address")
        parser.add_argument("--keep-open", action="store_true",
                            help="keep sign-on open (an interim edition)")
        parser.add_argument("--withdraw-requested", action="store_true",
                            help="withdraw the sign-ons whose withdrawal was asked for")

    def handle(self, *args, slug, keep_open=False, withdraw_requested=False, **options):
        letter = Letter.objects.filter(slug=slug).first()
        if letter is None:
            raise CommandError(f"No letter has the address {slug!r}.")
        plan = edition_plan(letter, withdraw_requested=withdraw_requested)
        for what, rows in (("awaiting approval", plan.awaiting_approval),
                           ("awaiting email confirmation", plan.awaiting_confirmation)):
            if rows:
                self.stdout.write(f"Left out: {len(rows)} sign-ons {what}.")
        if plan.withdrawal_requests:
            self.stdout.write(
                f"{len(plan.withdrawal_requests)} organisations asked to withdraw: "
                + ("withdrawn and left out." if withdraw_requested
                   else "still listed (--withdraw-requested withdraws them)."))
        try:
            edition, created = edition_publish(letter=letter, close_sign_on=not keep_open,
                                               withdraw_requested=withdraw_requested)
        except PublishError as exc:
            raise CommandError(str(exc)) from exc
        what = "published" if created else "unchanged: still"
        letter.refresh_from_db()
        self.stdout.write(f"{slug}: {what} edition {edition.number} "
                          f"({edition.entries.count()} named, {edition.anonymous_count} anonymous); "
                          f"sign-on {'open' if letter.status == 'open' else 'closed'}")
