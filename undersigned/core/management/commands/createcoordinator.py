from django.core.management.base import BaseCommand, CommandError

from undersigned.core.services import coordinator_create


class Command(BaseCommand):
    help = "Create a coordinator account and print its login."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="default: a random password, printed once")
        parser.add_argument("--reset", action="store_true",
                            help="give an existing account a new password")
        parser.add_argument("--admin", action="store_true",
                            help="an administrator: every letter, the whole registry, the admin")

    def handle(self, *args, username, email, password, reset, admin, **options):
        if not username.strip():
            raise CommandError("The username cannot be empty.")
        user, password = coordinator_create(username=username, email=email, password=password,
                                            reset=reset, admin=admin)
        if password is None:
            raise CommandError(f"{username} exists already; use --reset to set a new password.")
        self.stdout.write(f"Coordinator login: username {user.username}  password {password}")
