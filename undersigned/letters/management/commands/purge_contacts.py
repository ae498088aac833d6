from django.core.management.base import BaseCommand

from undersigned.letters.privacy import contacts_purge, retention_days


class Command(BaseCommand):
    help = ("Delete contact details of letters published more than N days ago (default: "
            "CONTACT_RETENTION_DAYS, 90). Run it daily from a scheduler (cron, systemd timer).")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args, days, **options):
        done = contacts_purge(days=days)
        days = retention_days() if days is None else days
        if not done:
            self.stdout.write(f"No contact details older than {days} days after publication.")
        for slug, count in done.items():
            self.stdout.write(f"{slug}: contact details of {count} sign-ons deleted")
