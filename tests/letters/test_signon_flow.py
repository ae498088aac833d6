"""A sign-on through HTTP, as a person (or curl) does it: form, email, confirm, withdraw."""

import re

import pytest
from django.test import Client

from tests import mail
from tests.factories import form_data, make_letter
from undersigned.letters.models import DuplicateSignOn, Signature, SignatureState

pytestmark = pytest.mark.django_db(transaction=True)


def _without_csrf(html: bytes) -> bytes:
    return re.sub(rb'"X-CSRFToken": "[^"]*"', b"", html)


def _sign(client, letter, lang="en", **overrides):
    data = form_data(**overrides)
    response = client.post(f"/{letter.slug}/{lang}/", data)
    return data, response


def test_signon_creates_pending_signature_and_confirmation_mail():
    letter = make_letter()
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/{letter.slug}/en/")
    assert page.status_code == 200
    token = page.cookies["csrftoken"].value
    data = form_data(name="Kenya Civic Space Coalition")
    data["csrfmiddlewaretoken"] = token
    response = client.post(f"/{letter.slug}/en/", data)
    assert response.status_code == 302
    assert response["Location"] == f"/{letter.slug}/en/thanks/"

    sig = Signature.objects.get(letter=letter)
    assert sig.state == SignatureState.PENDING
    assert sig.name == "Kenya Civic Space Coalition"
    assert sig.website == f"https://{data['website']}"
    [msg] = mail.messages()
    assert msg["To"] == data["contact_email"]
    [confirm] = mail.links(msg, "confirm")
    [withdraw] = mail.links(msg, "withdraw")

    # The public page does not show a pending sign-on.
    assert "Kenya Civic Space Coalition" not in client.get(f"/{letter.slug}/en/").content.decode()

    # Opening the link (as a mail scanner would) changes nothing.
    shown = client.get(confirm)
    assert shown.status_code == 200 and b"Confirm" in shown.content
    sig.refresh_from_db()
    assert sig.state == SignatureState.PENDING

    done = client.post(confirm, {"csrfmiddlewaretoken": token})
    assert done.status_code == 200
    sig.refresh_from_db()
    assert sig.state == SignatureState.CONFIRMED
    assert [e.action for e in sig.events.all()] == ["submitted", "email_confirmed"]

    # Single use: a second press confirms nothing more, and says the sign-on is confirmed.
    again = client.post(confirm, {"csrfmiddlewaretoken": token})
    assert again.status_code == 200
    assert b"already confirmed" in again.content
    assert [e.action for e in sig.events.all()] == ["submitted", "email_confirmed"]

    # Withdrawal works until the list is published.
    assert client.get(withdraw).status_code == 200
    client.post(withdraw, {"csrfmiddlewaretoken": token})
    sig.refresh_from_db()
    assert sig.state == SignatureState.WITHDRAWN and not sig.active


def test_second_signon_for_same_organisation_makes_no_second_signature():
    letter = make_letter()
    client = Client()
    first, _ = _sign(client, letter, name="ACAT-France")
    Signature.objects.filter(letter=letter).update(state=SignatureState.APPROVED)
    thanks_first = _without_csrf(client.get(f"/{letter.slug}/en/thanks/").content)
    # Another person, other spelling variants (case, dash, stray spaces).
    second, response = _sign(client, letter, name="  acat–france ")
    assert response.status_code == 302  # the very same answer as a first sign-on
    assert _without_csrf(client.get(f"/{letter.slug}/en/thanks/").content) == thanks_first
    assert Signature.objects.filter(letter=letter).count() == 1
    dup = DuplicateSignOn.objects.get()
    assert dup.contact_email == second["contact_email"]
    # The second person gets an email of the same kind, with a working link.
    msgs = mail.messages()
    assert len(msgs) == 2 and msgs[1]["To"] == second["contact_email"]
    [confirm] = mail.links(msgs[1], "confirm")
    assert client.post(confirm).status_code == 200
    dup.refresh_from_db()
    assert dup.confirmed_at is not None
    sig = Signature.objects.get()
    assert "repeat_sign_on_confirmed" in [e.action for e in sig.events.all()]


def test_same_person_signing_again_while_pending_gets_a_fresh_link():
    letter = make_letter()
    client = Client()
    data, _ = _sign(client, letter, name="Red Dot Foundation")
    _sign(client, letter, name="Red Dot Foundation", contact_email=data["contact_email"])
    assert Signature.objects.filter(letter=letter, active=True).count() == 1
    first_link = mail.links(mail.messages()[0], "confirm")[0]
    second_link = mail.links(mail.messages()[1], "confirm")[0]
    assert client.post(first_link).status_code == 410
    assert client.post(second_link).status_code == 200


def test_sign_in_chinese_uses_chinese_pages_and_language_is_kept():
    letter = make_letter()
    client = Client()
    _sign(client, letter, lang="zh-hant", name="台灣人權促進會")
    sig = Signature.objects.get()
    assert sig.lang == "zh-hant" and sig.name == "台灣人權促進會"


def test_language_picked_from_browser():
    letter = make_letter()
    client = Client()
    r = client.get(f"/{letter.slug}/", HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9,en;q=0.5")
    assert r.status_code == 302 and r["Location"] == f"/{letter.slug}/zh-hant/"
    r = client.get(f"/{letter.slug}/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9")
    assert r["Location"] == f"/{letter.slug}/fr/"
    r = client.get(f"/{letter.slug}/", HTTP_ACCEPT_LANGUAGE="de")
    assert r["Location"] == f"/{letter.slug}/en/"
    assert client.get(f"/{letter.slug}/de/").status_code == 404


def test_draft_letters_are_not_public():
    letter = make_letter(status="draft")
    assert Client().get(f"/{letter.slug}/en/").status_code == 404
    assert letter.slug not in Client().get("/").content.decode()


def test_home_lists_open_and_published_letters():
    opened = make_letter(title="An open letter")
    published = make_letter(status="published", title="A published letter")
    page = Client().get("/").content.decode()
    assert "An open letter" in page and "A published letter" in page
    assert opened.slug in page and published.slug in page


def test_withdrawal_after_publication_is_a_request():
    letter = make_letter()
    client = Client()
    _sign(client, letter)
    [withdraw] = mail.links(mail.messages()[0], "withdraw")
    Signature.objects.update(state=SignatureState.APPROVED)
    letter.status = "published"
    letter.save()
    response = client.post(withdraw)
    assert response.status_code == 200
    sig = Signature.objects.get()
    assert sig.state == SignatureState.APPROVED and sig.withdrawal_requested_at is not None
    assert "withdrawal_requested" in [e.action for e in sig.events.all()]
