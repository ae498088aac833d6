"""Login throttling: per username and per client address, with the same answer whether
the account exists or not."""

import re

import pytest
from django.test import Client

from tests.accounts.conftest import PASSWORD
from tests.accounts.helpers import LOGIN

pytestmark = pytest.mark.django_db


def _errors(response) -> list[str]:
    """The error messages shown on the login page, as the user reads them."""
    block = re.search(r'<div class="errors" role="alert">(.*?)</div>',
                      response.content.decode(), re.S)
    return re.findall(r"<p>(.*?)</p>", block.group(1)) if block else []


WRONG = "wrong-password"


def _attempt(client, username, password=WRONG):
    return client.post(LOGIN, {"username": username, "password": password})


def test_five_failures_lock_the_username_even_for_the_right_password(coordinator):
    client = Client()
    for _ in range(5):
        response = _attempt(client, "coord")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in _errors(response)[0]
    response = _attempt(client, "coord", PASSWORD)
    assert response.status_code == 200
    assert "Too many failed login attempts" in _errors(response)[0]
    assert "15 minutes" in _errors(response)[0]
    # another spelling of the name is the same name; another client the same account
    assert "Too many" in _errors(_attempt(Client(REMOTE_ADDR="198.51.100.9"), "COORD"))[0]
    assert "_auth_user_id" not in client.session


def test_the_refusal_is_identical_for_an_unknown_username(coordinator):
    known, unknown = Client(), Client(REMOTE_ADDR="198.51.100.20")
    for _ in range(5):
        failed_known = _errors(_attempt(known, "coord"))
        failed_unknown = _errors(_attempt(unknown, "nobody-here"))
    assert failed_known == failed_unknown
    refused_known = _attempt(known, "coord")
    refused_unknown = _attempt(unknown, "nobody-here")
    assert _errors(refused_known) == _errors(refused_unknown)
    assert "Too many failed login attempts" in _errors(refused_known)[0]
    assert refused_known.status_code == refused_unknown.status_code == 200


def test_twenty_failures_from_one_address_lock_that_address(coordinator):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(20):
        assert "correct username" in _errors(_attempt(client, f"guess-{n}"))[0]
    assert "Too many" in _errors(_attempt(client, "coord", PASSWORD))[0]
    # the account itself is not locked: from elsewhere the right password works
    response = _attempt(Client(REMOTE_ADDR="203.0.113.99"), "coord", PASSWORD)
    assert response.status_code == 302


def test_a_success_gives_the_attempts_back(coordinator):
    client = Client()
    for _ in range(4):
        _attempt(client, "coord")
    assert _attempt(client, "coord", PASSWORD).status_code == 302
    client = Client()
    for _ in range(4):
        _attempt(client, "coord")
    assert _attempt(client, "coord", PASSWORD).status_code == 302


def test_the_window_ends(coordinator):
    from undersigned.core.models import RateCounter

    for _ in range(6):
        response = _attempt(Client(), "coord")
    assert "Too many" in _errors(response)[0]
    assert _attempt(Client(), "coord", PASSWORD).status_code == 200  # still refused
    RateCounter.objects.update(expires_at=0)  # what fifteen minutes do to the counters
    assert _attempt(Client(), "coord", PASSWORD).status_code == 302
