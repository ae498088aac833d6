"""No page visible without login shows a contact's email or name, or an anonymous signatory."""

import re

import pytest
from django.test import Client

from tests import mail
from tests.factories import form_data, make_letter
from undersigned.letters.models import Signature

pytestmark = pytest.mark.django_db(transaction=True)


def _crawl(client, start_paths):
    """Every same-site page reachable from the start paths, without login."""
    seen, queue, pages = set(), list(start_paths), {}
    while queue:
        path = queue.pop()
        if path in seen or not path.startswith("/") or path.startswith("/static/"):
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        body = response.content.decode(errors="replace")
        pages[path] = body
        for href in re.findall(r'href="([^"#?]+)', body):
            queue.append(href)
    return pages


def test_public_pages_leak_no_contact_and_no_anonymous_name():
    letter = make_letter()
    client = Client()
    named = form_data(name="Openly Named Org", contact_name="Alice Secretname",
                      contact_email="alice.secret@named.example")
    hidden = form_data(name="Hidden Group At Risk", contact_name="Bob Hiddenperson",
                       contact_email="bob.hidden@risk.example", visibility="anonymous")
    for data in (named, hidden):
        client.post(f"/{letter.slug}/en/", data)
    Signature.objects.update(state="approved")

    pages = _crawl(Client(), ["/", f"/{letter.slug}/", *[f"/{letter.slug}/{lang}/"
                                                         for lang in letter.languages]])
    assert len(pages) >= 4
    everything = "\n".join(pages.values())
    assert "Openly Named Org" in everything  # the named one is listed ...
    assert "1 organisation that asked not to be named" in everything  # ... the other counted
    for secret in ("Hidden Group At Risk", "alice.secret@named.example", "Alice Secretname",
                   "bob.hidden@risk.example", "Bob Hiddenperson", "@risk.example"):
        assert secret not in everything, secret
    # The confirmation and withdrawal pages show only the signer's own organisation.
    for msg in mail.messages():
        for path in mail.links(msg, "confirm") + mail.links(msg, "withdraw"):
            body = Client().get(path).content.decode()
            assert "@" not in re.sub(r"<[^>]+>", "", body).replace("undersigned", "")


def test_repeat_signon_reveals_nothing_about_an_anonymous_signatory():
    letter = make_letter()
    client = Client()
    client.post(f"/{letter.slug}/en/", form_data(name="Hidden Group At Risk",
                                                  visibility="anonymous"))
    Signature.objects.update(state="approved")
    fresh = client.post(f"/{letter.slug}/en/", form_data(name="Never Signed Org"))
    probe = client.post(f"/{letter.slug}/en/", form_data(name="hidden group at risk"))
    assert (fresh.status_code, fresh["Location"]) == (probe.status_code, probe["Location"])
    msgs = mail.messages()
    fresh_mail, probe_mail = msgs[1], msgs[2]
    assert fresh_mail["Subject"] == probe_mail["Subject"]

    def shape(msg):
        text = mail.body(msg)
        text = mail.without_tokens(text)
        return re.sub(r"Dear .*,|sign-on for .* to", "", text)

    assert shape(fresh_mail) == shape(probe_mail)


def test_database_copy_without_the_key_reveals_no_contact(settings):

    from django.db import connection

    from undersigned.core import crypto

    letter = make_letter()
    Client().post(f"/{letter.slug}/en/", form_data(name="Encrypted Org",
                                                   contact_name="Carla Keyholder",
                                                   contact_email="carla@keyholder.example"))
    sig = Signature.objects.get()
    assert sig.contact_email == "carla@keyholder.example"  # the application reads it back
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM letters_signature")
        raw_rows = repr(cur.fetchall())
    assert "keyholder" not in raw_rows.lower() and "Carla" not in raw_rows
    if connection.vendor == "sqlite":  # the file itself, as a thief would copy it
        raw = open(connection.settings_dict["NAME"], "rb").read()
        raw += b"".join(open(p, "rb").read() for p in [connection.settings_dict["NAME"] + "-wal"]
                        if __import__("os").path.exists(p))
        assert b"keyholder" not in raw.lower()
    # With another key, the values cannot be opened.
    crypto._keys.cache_clear()
    import os

    os.environ["UNDERSIGNED_DATA_KEY"] = crypto.Fernet.generate_key().decode()
    try:
        with pytest.raises(crypto.DecryptionError):
            Signature.objects.get().contact_email  # noqa: B018
    finally:
        del os.environ["UNDERSIGNED_DATA_KEY"]
        crypto._keys.cache_clear()
    # Coordinators find a sign-on by the exact address through the keyed hash.
    from undersigned.letters.selectors import signatures_for_moderation

    assert list(signatures_for_moderation(letter, query="CARLA@keyholder.example ")) == [sig]
