import json

from django.core.management.base import BaseCommand

from undersigned.letters.privacy import contact_data, contact_erase


class Command(BaseCommand):
    help = "A person's own copy of their data (JSON), or its erasure with --erase."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--erase", action="store_true")

    def handle(self, *args, email, erase, **options):
        if erase:
            n = contact_erase(email=email)
            self.stdout.write(f"{n} sign-ons erased and withdrawn.")
            return
        self.stdout.write(json.dumps(contact_data(email), ensure_ascii=False, indent=2))
