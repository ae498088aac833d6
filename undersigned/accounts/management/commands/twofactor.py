from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from undersigned.accounts import qr, services


class Command(BaseCommand):
    help = ("Two-factor authentication of an account: 'provision' gives it a device and "
            "prints the secret and recovery codes; 'reset' removes the device (a lost "
            "phone) and ends the account's sessions, so the next login sets up a new one.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["provision", "reset"])
        parser.add_argument("username")

    def handle(self, *args, action, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is named {username}.")
        if action == "reset":
            services.twofactor_reset(user=user)
            self.stdout.write(f"Two-factor authentication of {username} was reset; the next "
                              "login sets it up again.")
            return
        provisioned = services.twofactor_provision(user)
        if provisioned is None:
            raise CommandError(f"{username} has two-factor authentication already; "
                               "'reset' it first.")
        secret, codes = provisioned
        self.stdout.write(f"Two-factor secret of {username}: {secret}")
        self.stdout.write(f"Authenticator URI: {qr.otpauth_uri(secret=secret, username=username)}")
        self.stdout.write("Recovery codes (each works once): " + "  ".join(codes))
