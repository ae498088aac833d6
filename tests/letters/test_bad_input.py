"""Bad input of every kind: a clear message in the signer's language, nothing written."""

import time

import pytest
from django.core import signing
from django.test import Client

from tests import mail
from tests.factories import form_data, make_letter
from undersigned.letters import tokens
from undersigned.letters.models import Signature
from undersigned.orgs.models import Organization

pytestmark = pytest.mark.django_db(transaction=True)


def _post(letter, lang="en", client=None, **overrides):
    client = client or Client()
    return client.post(f"/{letter.slug}/{lang}/", form_data(**overrides))


def _nothing_written():
    return Signature.objects.count() == 0 and Organization.objects.count() == 0 \
        and mail.messages() == []


@pytest.mark.parametrize(("overrides", "message"), [
    ({"name": ""}, "This field is required"),
    ({"name": "x" * 301}, "too long (300 characters at most)"),
    ({"name": "!!!"}, "Please give your organisation"),
    ({"contact_email": "not-an-email"}, "Enter a valid email address"),
    ({"contact_email": ""}, "This field is required"),
    ({"contact_name": ""}, "This field is required"),
    ({"name": "<script>alert(1)</script>"}, "cannot contain &lt; or &gt;"),
    ({"contact_name": "Eve <img src=x onerror=alert(1)>"}, "cannot contain &lt; or &gt;"),
    ({"name": "Amnesty\u202eInternational"}, "invisible control characters"),
    ({"name": "Amnesty\x07International"}, "invisible control characters"),
    ({"website": "javascript:alert(1)"}, "does not look like a web address"),
    ({"country": "XX"}, "Select a valid choice"),
    ({"visibility": "sometimes"}, "Select a valid choice"),
])
def test_invalid_field_gets_clear_message_and_nothing_is_written(overrides, message):
    letter = make_letter()
    response = _post(letter, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _nothing_written()


def test_messages_follow_the_letter_language():
    letter = make_letter()
    response = _post(letter, lang="fr", name="x" * 301)
    assert response.status_code == 400
    assert "trop long" in response.content.decode()


def test_zero_width_characters_are_removed_not_kept():
    letter = make_letter()
    _post(letter, name="Amnesty\u200b International\ufeff")
    assert Signature.objects.get().name == "Amnesty International"


def test_oversized_body_is_refused_cleanly():
    letter = make_letter()
    response = Client().post(f"/{letter.slug}/en/", form_data(name="A" * (6 * 1024 * 1024)))
    assert response.status_code == 400
    assert _nothing_written()


def test_post_without_csrf_token_is_refused_with_a_message():
    letter = make_letter()
    response = _post(letter, client=Client(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert "nothing was saved" in response.content.decode()
    assert _nothing_written()


def test_signing_a_closed_letter_is_refused():
    letter = make_letter(status="closed")
    response = _post(letter)
    assert response.status_code == 409
    assert "not open for sign-on" in response.content.decode()
    assert _nothing_written()


def test_past_deadline_closes_the_letter_by_itself():
    from datetime import timedelta

    from django.utils import timezone

    letter = make_letter()
    letter.deadline = timezone.now() - timedelta(minutes=1)
    letter.save()
    response = _post(letter)
    assert response.status_code == 409
    letter.refresh_from_db()
    assert letter.status == "closed"
    assert _nothing_written()


def test_honeypot_looks_like_success_but_records_nothing():
    letter = make_letter()
    response = _post(letter, homepage="http://spam.example")
    assert response.status_code == 302
    assert _nothing_written()


def test_double_submit_creates_one_signature():
    letter = make_letter()
    data = form_data()
    client = Client()
    client.post(f"/{letter.slug}/en/", data)
    client.post(f"/{letter.slug}/en/", data)
    assert Signature.objects.filter(letter=letter, active=True).count() == 1


def test_rate_limit_per_email(settings):
    settings.SIGNON_RATE_PER_EMAIL = 2
    letter = make_letter()
    for _ in range(2):
        assert _post(letter, contact_email="same@ngo.example").status_code == 302
    response = _post(letter, contact_email="same@ngo.example")
    assert response.status_code == 429
    assert "Too many sign-ons" in response.content.decode()
    assert Signature.objects.count() == 2


def test_rate_limit_per_client_address(settings):
    settings.SIGNON_RATE_PER_IP = 3
    letter = make_letter()
    statuses = [_post(letter).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def _pending_token():
    letter = make_letter()
    _post(letter)
    return mail.links(mail.messages()[0], "confirm")[0]


def test_forged_token_is_refused():
    link = _pending_token()
    forged = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    for path in (forged, "/confirm/garbage/", "/withdraw/garbage/"):
        response = Client().post(path)
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    # A valid signature for another purpose (withdrawal) does not confirm.
    sig = Signature.objects.get()
    other = tokens.make_withdraw_token(sig.public_id)
    assert Client().post(f"/confirm/{other}/").status_code == 400
    sig.refresh_from_db()
    assert sig.state == "pending"


def test_expired_token_is_refused(monkeypatch):
    sig_link = _pending_token()
    later = time.time() + 8 * 24 * 3600
    monkeypatch.setattr(signing, "time", type("T", (), {"time": staticmethod(lambda: later)}))
    response = Client().post(sig_link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert Signature.objects.get().state == "pending"
