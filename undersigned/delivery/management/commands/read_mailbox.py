"""``undersigned read-mailbox [MAILDIR]``: read the bounces and replies to deliveries that
arrived in a Maildir folder (DELIVERY_MAILDIR by default). Run it from a timer; mails read
are moved to cur/ and never counted twice. It also tells campaign boards about sent
messages they missed (``services.deliveries_sync``)."""

import mailbox

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from undersigned.delivery import services


class Command(BaseCommand):
    help = "Read bounces and replies to deliveries from a Maildir folder."

    def add_arguments(self, parser):
        parser.add_argument("maildir", nargs="?", default=None)

    def handle(self, *args, maildir, **options):
        path = maildir or settings.DELIVERY_MAILDIR
        if not path:
            raise CommandError("give a Maildir folder, or set DELIVERY_MAILDIR")
        try:
            counts = services.maildir_read(path)
        except (FileNotFoundError, mailbox.NoSuchMailboxError) as exc:
            raise CommandError(f"no Maildir folder at {path}") from exc
        synced = services.deliveries_sync()
        if synced:
            counts["board updated"] = synced
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
                          or "nothing new")
