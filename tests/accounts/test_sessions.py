"""Tracked sessions: listed on /account/sessions/, ended from another browser, forgotten at
logout, refused after their lifetime."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.accounts.conftest import PASSWORD
from tests.accounts.helpers import ACCOUNT_MIDDLEWARE, login_verified
from undersigned.accounts.models import UserSession
from undersigned.core.services import coordinator_create

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
ANDROID = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/126.0.0.0 Mobile Safari/537.36")


@pytest.fixture
def two_browsers(coordinator):
    laptop, secret = login_verified(coordinator, PASSWORD, REMOTE_ADDR="203.0.113.77",
                                    HTTP_USER_AGENT=FIREFOX)
    phone, _secret = login_verified(coordinator, PASSWORD, secret=secret, steps_ahead=1,
                                    REMOTE_ADDR="2001:db8:abcd:12::5", HTTP_USER_AGENT=ANDROID)
    return laptop, phone


def _end_buttons(html: str) -> list[str]:
    return re.findall(r'action="(/account/sessions/\d+/end/)"', html)


def test_sessions_page_lists_both_browsers(two_browsers):
    laptop, _phone = two_browsers
    html = laptop.get("/account/sessions/").content.decode()
    assert len(_end_buttons(html)) == 2
    assert "Firefox, Linux" in html and "Chrome, Android" in html
    assert "203.0.113.0/24" in html and "2001:db8:abcd::/48" in html
    assert "203.0.113.77" not in html  # the address is kept truncated
    assert html.count("this browser") == 1
    # the session key is never stored in the clear
    for row in UserSession.objects.all():
        assert not Session.objects.filter(session_key=row.key_hash).exists()
        assert all(s.session_key not in row.key_sealed for s in Session.objects.all())


def test_ending_a_session_logs_that_browser_out(two_browsers, coordinator):
    laptop, phone = two_browsers
    phone_key = phone.session.session_key
    phone_row = UserSession.objects.get(user_agent=ANDROID)
    assert phone.get("/manage/").status_code == 200
    assert Session.objects.filter(session_key=phone_key).exists()
    response = laptop.post(f"/account/sessions/{phone_row.pk}/end/", follow=True)
    assert b"The session was ended." in response.content
    assert not Session.objects.filter(session_key=phone_key).exists()  # gone from the store
    assert not UserSession.objects.filter(pk=phone_row.pk).exists()
    response = phone.get("/manage/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert laptop.get("/manage/").status_code == 200
    assert len(_end_buttons(laptop.get("/account/sessions/").content.decode())) == 1


def test_end_all_other_sessions(coordinator):
    laptop, secret = login_verified(coordinator, PASSWORD, HTTP_USER_AGENT=FIREFOX)
    others = [login_verified(coordinator, PASSWORD, secret=secret, steps_ahead=n)[0]
              for n in (1,)]
    assert UserSession.objects.filter(user=coordinator).count() == 2
    response = laptop.post("/account/sessions/end-others/", follow=True)
    assert b"1 other session was ended." in response.content
    assert others[0].get("/manage/")["Location"].startswith("/login/")
    assert laptop.get("/manage/").status_code == 200
    assert UserSession.objects.filter(user=coordinator).count() == 1


def test_nobody_ends_someone_elses_session(two_browsers):
    laptop, _phone = two_browsers
    other, _password = coordinator_create(username="other", password=PASSWORD)
    intruder, _secret = login_verified(other, PASSWORD)
    row = UserSession.objects.get(user_agent=ANDROID)
    intruder.post(f"/account/sessions/{row.pk}/end/")
    assert UserSession.objects.filter(pk=row.pk).exists()
    assert len(_end_buttons(intruder.get("/account/sessions/").content.decode())) == 1


def test_logout_forgets_the_session_and_one_row_follows_the_key_changes(coordinator):
    client, _secret = login_verified(coordinator, PASSWORD)
    # login and the second factor each give the session a new key; one row follows them
    assert UserSession.objects.filter(user=coordinator).count() == 1
    client.get("/manage/")
    assert UserSession.objects.filter(user=coordinator).count() == 1
    client.post("/logout/")
    assert not UserSession.objects.filter(user=coordinator).exists()


def test_ending_this_session_logs_out(coordinator):
    client, _secret = login_verified(coordinator, PASSWORD)
    row = UserSession.objects.get(user=coordinator)
    response = client.post(f"/account/sessions/{row.pk}/end/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/manage/")["Location"].startswith("/login/")
    assert not UserSession.objects.exists()


def test_a_session_ends_after_its_lifetime_from_login(coordinator, settings):
    client, _secret = login_verified(coordinator, PASSWORD)
    UserSession.objects.update(
        created=timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
    response = client.get("/manage/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not UserSession.objects.exists()


def test_last_seen_is_updated_at_most_once_a_minute(coordinator):
    client, _secret = login_verified(coordinator, PASSWORD)
    old = timezone.now() - timedelta(minutes=5)
    UserSession.objects.update(last_seen=old)
    client.get("/manage/")
    seen = UserSession.objects.get().last_seen
    assert seen > old
    client.get("/manage/")
    assert UserSession.objects.get().last_seen == seen


def test_a_password_only_session_stands_out(coordinator):
    client, _secret = login_verified(coordinator, PASSWORD)
    intruder = Client(HTTP_USER_AGENT=FIREFOX)
    assert intruder.post("/account/login/", {"username": "coord", "password": PASSWORD}
                         ).status_code == 302
    html = client.get("/account/sessions/").content.decode()
    assert len(_end_buttons(html)) == 2
    assert html.count("password only, no second factor yet") == 1


def test_sessions_gone_from_the_store_are_not_listed(two_browsers):
    laptop, phone = two_browsers
    Session.objects.filter(session_key=phone.session.session_key).delete()  # clearsessions
    assert len(_end_buttons(laptop.get("/account/sessions/").content.decode())) == 1
    assert UserSession.objects.count() == 1


def test_a_session_logged_out_by_a_password_change_leaves_the_list(two_browsers, coordinator):
    laptop, phone = two_browsers
    coordinator.set_password("another-long-passphrase")
    coordinator.save()
    session = laptop.session  # what the password change page does for its own session
    session[HASH_SESSION_KEY] = coordinator.get_session_auth_hash()
    session.save()
    assert phone.get("/manage/")["Location"].startswith("/login/")
    assert UserSession.objects.filter(user_agent=ANDROID).exists()  # until someone looks
    laptop.get("/account/sessions/")
    assert not UserSession.objects.filter(user_agent=ANDROID).exists()


def test_what_the_middlewares_cost_a_coordinator_page(coordinator, settings):
    """Two queries: the session's row, and the device the session was verified with."""
    client, _secret = login_verified(coordinator, PASSWORD)
    client.get("/manage/")
    with CaptureQueriesContext(connection) as with_accounts:
        assert client.get("/manage/").status_code == 200
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m not in ACCOUNT_MIDDLEWARE]
    plain = Client()
    plain.cookies = client.cookies
    with CaptureQueriesContext(connection) as without:
        assert plain.get("/manage/").status_code == 200
    assert len(with_accounts) - len(without) == 2
