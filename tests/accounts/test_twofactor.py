"""Two-factor authentication through the pages: setup, verification, recovery codes."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from tests.accounts.conftest import PASSWORD
from tests.accounts.helpers import (
    login_verified,
    password_login,
    shown_recovery_codes,
    shown_secret,
    totp,
)
from undersigned.accounts.models import RecoveryCode, TwoFactorDevice
from undersigned.accounts.services import twofactor_provision

pytestmark = pytest.mark.django_db


def _set_up(client) -> tuple[str, str]:
    """Set up through the page; returns the secret and the code that confirmed it."""
    secret = shown_secret(client.get("/account/2fa/setup/").content.decode())
    code = totp(secret)
    response = client.post("/account/2fa/setup/", {"code": code, "next": "/manage/"})
    assert len(shown_recovery_codes(response.content.decode())) == 10
    return secret, code


def test_fresh_coordinator_must_set_up_before_any_coordinator_page(coordinator):
    client, response = password_login("coord", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/setup/?next=%2Fmanage%2F"
    for path in ("/manage/", "/manage/letters/new/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/2fa/setup/?next="), path
    # the account pages themselves want a verified session too
    assert client.get("/account/sessions/")["Location"].startswith("/account/2fa/setup/")
    assert client.get("/account/2fa/verify/")["Location"].startswith("/account/2fa/setup/")


def test_setup_page_shows_secret_and_inline_qr_without_inline_script_or_style(coordinator):
    client, _response = password_login("coord", PASSWORD)
    response = client.get("/account/2fa/setup/")
    html = response.content.decode()
    secret = shown_secret(html)
    assert len(secret) == 32
    assert re.search(r'<img class="qr" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)
    assert "<script>" not in html and " style=" not in html and "<style" not in html
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    # each setup attempt has a new secret: one seen before is worth nothing now
    again = shown_secret(client.get("/account/2fa/setup/").content.decode())
    assert len(again) == 32 and again != secret
    response = client.post("/account/2fa/setup/", {"code": totp(secret)})
    assert response.status_code == 200 and b"This code is not right" in response.content
    # a wrong code shows the same page again, with the secret it was checked against
    assert shown_secret(response.content.decode()) == again
    assert not TwoFactorDevice.objects.get(user=coordinator).confirmed


def test_setup_wrong_code_fails_right_code_shows_recovery_codes_once(coordinator):
    client, _response = password_login("coord", PASSWORD)
    secret = shown_secret(client.get("/account/2fa/setup/").content.decode())
    wrong = f"{(int(totp(secret)) + 1) % 1000000:06d}"
    response = client.post("/account/2fa/setup/", {"code": wrong})
    assert response.status_code == 200 and b"This code is not right" in response.content
    assert not TwoFactorDevice.objects.get(user=coordinator).confirmed
    assert client.get("/manage/")["Location"].startswith("/account/2fa/setup/")

    response = client.post("/account/2fa/setup/", {"code": totp(secret), "next": "/manage/"})
    assert response.status_code == 200
    codes = shown_recovery_codes(response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert b'href="/manage/"' in response.content
    # stored hashed, never in the clear
    stored = RecoveryCode.objects.filter(user=coordinator)
    assert stored.count() == 10
    assert not any(code.replace("-", "") in (r.digest + r.salt) for r in stored for code in codes)
    # the session is verified: the coordinator pages open
    assert client.get("/manage/").status_code == 200
    # setup is over: the page does not show the secret again
    response = client.get("/account/2fa/setup/")
    assert response.status_code == 302 and secret.encode() not in response.content


def test_next_login_requires_a_code_and_a_code_works_once(coordinator):
    setup_client, _response = password_login("coord", PASSWORD)
    secret, setup_code = _set_up(setup_client)

    client, response = password_login("coord", PASSWORD)
    assert response["Location"] == "/account/2fa/verify/?next=%2Fmanage%2F"
    assert client.get("/manage/")["Location"] == "/account/2fa/verify/?next=%2Fmanage%2F"
    assert client.get("/admin/")["Location"].startswith("/account/2fa/verify/")
    # the code that confirmed the setup cannot be replayed
    response = client.post("/account/2fa/verify/", {"code": setup_code})
    assert response.status_code == 200 and b"already used" in response.content
    response = client.post("/account/2fa/verify/?next=/manage/",
                           {"code": totp(secret, steps_ahead=1)})
    assert response.status_code == 302 and response["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200
    # the verify page has nothing more to ask
    assert client.get("/account/2fa/verify/")["Location"] == "/manage/"


def test_recovery_code_works_once(coordinator):
    _secret, codes = twofactor_provision(coordinator)
    first, _response = password_login("coord", PASSWORD)
    response = first.post("/account/2fa/verify/", {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302 and response["Location"] == "/manage/"
    assert b"9 are left" in first.get("/manage/").content

    second, _response = password_login("coord", PASSWORD)
    response = second.post("/account/2fa/verify/", {"code": codes[3]})
    assert response.status_code == 200 and b"already used" in response.content
    assert second.get("/manage/")["Location"].startswith("/account/2fa/verify/")
    assert second.post("/account/2fa/verify/", {"code": codes[4]}).status_code == 302
    assert second.get("/manage/").status_code == 200


def test_wrong_codes_are_throttled(coordinator):
    secret, _codes = twofactor_provision(coordinator)
    client, _response = password_login("coord", PASSWORD)
    for _ in range(5):
        response = client.post("/account/2fa/verify/", {"code": "000000"})
        assert b"This code is not right" in response.content
    response = client.post("/account/2fa/verify/", {"code": totp(secret)})
    assert response.status_code == 200 and b"Too many wrong codes" in response.content
    assert client.get("/manage/")["Location"].startswith("/account/2fa/verify/")


def test_verify_ignores_a_next_to_another_site(coordinator):
    secret, _codes = twofactor_provision(coordinator)
    client, _response = password_login("coord", PASSWORD)
    response = client.post("/account/2fa/verify/?next=https://evil.example/",
                           {"code": totp(secret)})
    assert response.status_code == 302 and response["Location"] == "/manage/"


def test_regenerating_recovery_codes_replaces_the_old_ones(coordinator):
    client, _secret = login_verified(coordinator, PASSWORD)
    old = RecoveryCode.objects.filter(user=coordinator).values_list("digest", flat=True)
    old = set(old)
    page = client.get("/account/")
    assert b"10 unused recovery codes" in page.content
    response = client.post("/account/2fa/recovery-codes/")
    assert len(shown_recovery_codes(response.content.decode())) == 10
    new = set(RecoveryCode.objects.filter(user=coordinator).values_list("digest", flat=True))
    assert len(new) == 10 and not (old & new)


def test_requirement_can_be_turned_off_but_a_device_is_still_asked_for(settings, coordinator):
    settings.UNDERSIGNED_REQUIRE_2FA = False
    client, response = password_login("coord", PASSWORD)
    assert response["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200
    twofactor_provision(coordinator)
    client, response = password_login("coord", PASSWORD)
    assert response["Location"].startswith("/account/2fa/verify/")
    assert client.get("/manage/")["Location"].startswith("/account/2fa/verify/")


def test_admin_login_goes_through_the_throttled_login():
    response = Client().get("/admin/login/?next=/admin/auth/user/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=%2Fadmin%2Fauth%2Fuser%2F"


def test_provision_is_idempotent_and_the_command_prints_a_way_in(coordinator, capsys):
    secret, codes = twofactor_provision(coordinator)
    assert len(secret) == 32 and len(codes) == 10
    assert twofactor_provision(coordinator) is None
    assert TwoFactorDevice.objects.get(user=coordinator).secret == secret
    login_verified(coordinator, PASSWORD, secret=secret)

    call_command("twofactor", "reset", "coord")
    assert not TwoFactorDevice.objects.filter(user=coordinator).exists()
    call_command("twofactor", "provision", "coord")
    out = capsys.readouterr().out
    printed = re.search(r"Two-factor secret of coord: ([A-Z2-7]{32})", out).group(1)
    assert printed == TwoFactorDevice.objects.get(user=coordinator).secret
    assert "otpauth://totp/undersigned:coord?secret=" in out
    login_verified(coordinator, PASSWORD, secret=printed)


def test_resetting_the_device_unverifies_existing_sessions(coordinator):
    client, _secret = login_verified(coordinator, PASSWORD)
    assert client.get("/manage/").status_code == 200
    call_command("twofactor", "reset", "coord")
    response = client.get("/manage/")
    assert response.status_code == 302
