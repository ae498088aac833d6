from django.conf import settings
from django.core.management.base import BaseCommand

from undersigned.accounts.services import twofactor_provision
from undersigned.core.services import coordinator_create
from undersigned.letters.demo.load import demo_load


class Command(BaseCommand):
    help = "Load the demo letter and a coordinator account (idempotent), and print the login."

    def handle(self, *args, **options):
        login_file = settings.VAR_DIR / "coordinator-login.txt"
        user, password = coordinator_create(username="coordinator")
        if password is not None:
            line = f"username coordinator  password {password}"
            provisioned = twofactor_provision(user=user)
            if provisioned is not None:
                secret, codes = provisioned
                line += f"  two-factor secret {secret}  recovery code {codes[0]}"
            login_file.write_text(line + "\n")
            login_file.chmod(0o600)
        letter, created = demo_load(actor=user)
        state = "loaded" if created else "already there"
        self.stdout.write(f"Demo letter {state}: {settings.SITE_URL}/{letter.slug}/")
        if login_file.exists():
            self.stdout.write(f"Coordinator login ({settings.SITE_URL}/login/): "
                              f"{login_file.read_text().strip()}")
        else:
            self.stdout.write("Coordinator 'coordinator' exists; set a password with "
                              "'undersigned createcoordinator coordinator --reset'.")
