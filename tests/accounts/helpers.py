"""Helpers for tests that log coordinators in through the pages, second factor included.
Other test packages can use them once the account middlewares are in settings."""

import re
import time

import pyotp
from django.conf import settings
from django.test import Client

from undersigned.accounts.services import twofactor_provision

ACCOUNT_MIDDLEWARE = [
    "undersigned.accounts.middleware.SessionTrackingMiddleware",
    "undersigned.accounts.middleware.RequireTwoFactorMiddleware",
]


def middleware_with_accounts() -> list[str]:
    """settings.MIDDLEWARE with the two account middlewares right after authentication."""
    base = [m for m in settings.MIDDLEWARE if m not in ACCOUNT_MIDDLEWARE]
    at = base.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    return base[:at] + ACCOUNT_MIDDLEWARE + base[at:]


def totp(secret: str, *, steps_ahead: int = 0) -> str:
    """The code an authenticator shows now (or ``steps_ahead`` 30-second steps later: each
    code is accepted once, so a second login in the same step uses the next one)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def shown_secret(html: str) -> str:
    match = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html)
    assert match, "the setup page shows no secret"
    return match.group(1).replace(" ", "")


def shown_recovery_codes(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", html)


# The throttled login view is routed at /account/login/ by the accounts app (and, once
# wired in undersigned/urls.py, at /login/ too).
LOGIN = "/account/login/"


def password_login(username: str, password: str, **client_kwargs) -> tuple[Client, object]:
    client = Client(**client_kwargs)
    response = client.post(LOGIN, {"username": username, "password": password})
    return client, response


def login_verified(user, password: str, *, secret: str | None = None, steps_ahead: int = 0,
                   **client_kwargs) -> tuple[Client, str]:
    """A client logged in with password and TOTP code (the device is provisioned first
    when ``secret`` is None). Returns the client and the secret."""
    if secret is None:
        secret, _codes = twofactor_provision(user)
    client, response = password_login(user.get_username(), password, **client_kwargs)
    assert response.status_code == 302, response.content
    assert response["Location"].startswith("/account/2fa/verify/")
    response = client.post("/account/2fa/verify/",
                           {"code": totp(secret, steps_ahead=steps_ahead)})
    assert response.status_code == 302, response.content
    return client, secret
