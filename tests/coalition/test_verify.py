"""Editions anyone can verify, and receipts: each edition's digest on its page and at the
foot of every file; /verify/ recognises a file this server made, its digest, and a
sign-on receipt from the confirmation email, and rejects a changed one."""

import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests import mail
from tests.conftest import need
from tests.factories import form_data, make_letter
from tests.security.world import file_text
from undersigned.letters import services
from undersigned.letters.models import Signature
from undersigned.letters.privacy import contacts_purge
from undersigned.publishing.integrity import digest_of
from undersigned.publishing.services import edition_publish

pytestmark = pytest.mark.django_db(transaction=True)


def _published():
    letter = make_letter()
    for name in ("Verified Open Org", "Second Verified Org"):
        services.signature_submit(letter=letter, lang="en", verified=True, data=services.SignOn(
            name=name, contact_name="C", contact_email=f"{name[:3]}@v.example"))
    for sig in Signature.objects.all():
        services.signature_approve(signature=sig, actor=None)
    edition, _ = edition_publish(letter=letter)
    return letter, edition


def _check(**data):
    return Client().post("/verify/", data).content.decode()


def test_every_file_carries_the_digest_and_verify_knows_it():
    letter, edition = _published()
    entries = list(edition.entries.order_by("number").values(
        "number", "name", "acronym", "country", "names"))
    assert edition.digest == digest_of(slug=letter.slug, number=1,
                                       text_version=edition.text_version, texts=edition.texts,
                                       entries=entries, anonymous_count=0)
    page = Client().get(f"/{letter.slug}/edition/1/en/").content.decode()
    assert edition.digest in page
    formats = ["text", "markdown", "html", "csv", "json", "docx", "xlsx"]
    if shutil.which("pdftotext"):
        formats.append("pdf")
    for fmt in formats:
        data = Client().get(f"/{letter.slug}/edition/1/en/{fmt}/")
        body = b"".join(data.streaming_content) if data.streaming else data.content
        text = file_text(fmt, body) if fmt in ("pdf", "docx", "xlsx") else body.decode()
        assert f"sha256:{edition.digest}" in text, fmt
        upload = SimpleUploadedFile(f"copy.{fmt}", body)
        assert "Authentic." in _check(file=upload), fmt
    # A copy changed by one character is not the edition any more.
    body = Client().get(f"/{letter.slug}/edition/1/en/text/").content
    changed = body.replace(b"Second Verified Org", b"Second Verified Orc")
    result = _check(file=SimpleUploadedFile("copy.txt", changed))
    assert "Changed." in result and "Authentic." not in result
    assert "Known." in _check(text=f"sha256:{edition.digest}")
    assert "Not recognised." in _check(text="sha256:" + "0" * 64)


def test_a_pdf_changed_after_download_is_not_authentic():
    need(shutil.which("pdftotext") is not None, "poppler-utils is not installed")
    letter, _edition = _published()
    body = Client().get(f"/{letter.slug}/edition/1/en/pdf/").content
    assert "Authentic." in _check(file=SimpleUploadedFile("l.pdf", body))
    middle = len(body) // 2
    tampered = body[:middle] + bytes([body[middle] ^ 1]) + body[middle + 1:]
    assert tampered != body
    assert "Authentic." not in _check(file=SimpleUploadedFile("l.pdf", tampered))


def test_the_confirmation_email_carries_a_receipt_that_outlives_the_contacts():
    letter = make_letter()
    data = form_data(name="Receipt Holding Collective")
    assert Client().post(f"/{letter.slug}/en/", data).status_code == 302
    body = mail.body(mail.messages()[-1])
    assert "undersigned receipt v1" in body
    receipt = body[body.index("undersigned receipt v1"):].strip()
    result = _check(text=receipt)
    assert "A receipt signed by this server." in result
    assert "Receipt Holding Collective" in result and "signed" in result
    # Quoted in a reply (wrapped, with "> "), it still checks; changed, it does not.
    quoted = "\n".join("> " + line for line in receipt.splitlines())
    assert "A receipt signed by this server." in _check(text=quoted)
    forged = receipt[:-6] + ("A" if receipt[-6] != "A" else "B") + receipt[-5:]
    assert "not a receipt this server signed" in _check(text=forged)
    Client().post(mail.links(mail.messages()[-1], "confirm")[0])
    services.signature_approve(signature=Signature.objects.get(), actor=None)
    edition_publish(letter=letter)
    contacts_purge(days=-1)
    assert Signature.objects.get().contact_email == ""
    assert "Receipt Holding Collective" in _check(text=receipt)
    assert len(Client().get("/verify/key.txt").content.strip()) == 43
