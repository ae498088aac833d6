import pytest

from tests.accounts.helpers import middleware_with_accounts
from undersigned.core.services import coordinator_create

PASSWORD = "a-long-passphrase-for-tests"


@pytest.fixture(autouse=True)
def _account_middleware(settings):
    """The account middlewares, as settings will list them (clients made after this)."""
    settings.MIDDLEWARE = middleware_with_accounts()
    settings.UNDERSIGNED_REQUIRE_2FA = True
    # a fast hasher: these tests log in dozens of times (production hashes with Argon2)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def coordinator(db):
    user, _password = coordinator_create(username="coord", password=PASSWORD)
    return user
