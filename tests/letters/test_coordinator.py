"""The coordinator's daily work through the pages: letters, texts, moderation."""

import pytest
from django.test import Client

from tests import mail
from tests.factories import form_data, make_letter
from undersigned.core.services import coordinator_create
from undersigned.letters.models import Letter, Signature, SignatureState

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coordinator():
    user, password = coordinator_create(username="coord", password="a-long-passphrase-1")
    client = Client()
    response = client.post("/login/", {"username": "coord", "password": password})
    assert response.status_code == 302
    return client


def test_manage_pages_need_login():
    letter = make_letter()
    for path in ("/manage/", f"/manage/letters/{letter.slug}/",
                 f"/manage/letters/{letter.slug}/signatures/"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_create_letter_edit_translation_open_and_close(coordinator):
    response = coordinator.post("/manage/letters/new/", {
        "letter-slug": "renew-hrd", "letter-source_lang": "en",
        "letter-languages": ["fr", "zh-hant"], "letter-deadline": "",
        "text-title": "Renew the mandate", "text-recipients": "To all member states",
        "text-body_md": "Dear *Excellencies*,\n\nWe write.", "text-asks": "co-sponsor\nengage\n",
    })
    assert response.status_code == 302
    letter = Letter.objects.get(slug="renew-hrd")
    assert letter.status == "draft" and letter.languages == ["en", "fr", "zh-hant"]
    assert letter.translations.get(lang="en").asks == ["co-sponsor", "engage"]
    preview = coordinator.post("/manage/preview/", {"body_md": "**bold** <script>x</script>"})
    assert b"<strong>bold</strong>" in preview.content and b"<script>" not in preview.content
    coordinator.post(f"/manage/letters/{letter.slug}/text/zh-hant/", {
        "title": "延長任期", "recipients": "致各會員國", "body_md": "我們寫信。", "asks": "共同提案"})
    assert letter.translations.get(lang="zh-hant").title == "延長任期"
    # French is offered without its text: opening says so, naming the language.
    page = coordinator.get(f"/manage/letters/{letter.slug}/").content.decode()
    assert "French has no text yet" in page and "Open for sign-on anyway" in page
    response = coordinator.post(f"/manage/letters/{letter.slug}/status/open/", follow=True)
    letter.refresh_from_db()
    assert letter.status == "draft"
    assert "French has no text yet" in response.content.decode()
    coordinator.post(f"/manage/letters/{letter.slug}/status/open/", {"accept_incomplete": "1"})
    letter.refresh_from_db()
    assert letter.status == "open" and letter.text_version == 1
    assert Client().get(f"/{letter.slug}/zh-hant/").status_code == 200
    # ...and French is not offered until written: not in the switcher, its address leads
    # to the source text, the browser's French leads there too.
    public = Client().get(f"/{letter.slug}/en/").content.decode()
    assert 'hreflang="zh-hant"' in public and 'hreflang="fr"' not in public
    assert Client().get(f"/{letter.slug}/fr/")["Location"] == f"/{letter.slug}/en/"
    assert Client().get(f"/{letter.slug}/", HTTP_ACCEPT_LANGUAGE="fr")["Location"] \
        == f"/{letter.slug}/en/"
    coordinator.post(f"/manage/letters/{letter.slug}/status/close/")
    letter.refresh_from_db()
    assert letter.status == "closed"
    coordinator.post(f"/manage/letters/{letter.slug}/status/reopen/", {"accept_incomplete": "1"})
    letter.refresh_from_db()
    assert letter.status == "open"


def test_reserved_or_taken_address_is_refused(coordinator):
    make_letter(slug="taken")
    for slug in ("taken", "manage"):
        response = coordinator.post("/manage/letters/new/", {
            "letter-slug": slug, "letter-source_lang": "en", "text-title": "T"})
        assert response.status_code == 200
        assert b"address" in response.content
    assert Letter.objects.count() == 1


def test_changing_an_open_letter_emails_those_who_signed(coordinator):
    letter = make_letter()
    Client().post(f"/{letter.slug}/fr/", form_data(name="Signed Before Change"))
    assert len(mail.messages()) == 1
    response = coordinator.post(f"/manage/letters/{letter.slug}/text/en/", {
        "title": letter.translations.get(lang="en").title, "recipients": "To all UN member states",
        "body_md": "We, the undersigned, **ask** firmly:", "asks": "engage\nco-sponsor"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.text_version == 2
    msgs = mail.messages()
    assert len(msgs) == 2
    body = mail.body(msgs[1])
    assert "+We, the undersigned, **ask** firmly:" in body
    assert mail.links(msgs[1], "withdraw")
    # A sign-on made after the change is not told about it.
    Client().post(f"/{letter.slug}/en/", form_data(name="Signed After Change"))
    coordinator.post(f"/manage/letters/{letter.slug}/text/zh-hant/", {
        "title": "新標題", "body_md": "新內容", "asks": ""})
    assert len(mail.messages()) == 3 + 2  # one confirmation, then both signatories told


def test_moderation_counts_filters_signals_approve_reject_rename(coordinator):
    letter = make_letter()
    client = Client()
    client.post(f"/{letter.slug}/en/", form_data(
        name="Matching Domain Org", website="https://www.matching.example",
        contact_email="desk@matching.example"))
    client.post(f"/{letter.slug}/en/", form_data(
        name="Free Mail Org", contact_email="someone@gmail.com", visibility="anonymous"))
    client.post(f"/{letter.slug}/en/", form_data(name="Third Org"))
    page = coordinator.get(f"/manage/letters/{letter.slug}/signatures/").content.decode()
    assert "email domain matches website" in page
    assert "free-mail address" in page
    assert "someone@gmail.com" in page  # coordinators see contacts and anonymous names
    assert "Free Mail Org" in page

    matching = Signature.objects.get(name="Matching Domain Org")
    coordinator.post(f"/manage/signatures/{matching.public_id}/approve/")
    free = Signature.objects.get(name="Free Mail Org")
    no_reason = coordinator.post(f"/manage/signatures/{free.public_id}/reject/", {"reason": ""},
                                 follow=True)
    assert b"Give a reason" in no_reason.content
    coordinator.post(f"/manage/signatures/{free.public_id}/reject/", {"reason": "not an NGO"})
    free.refresh_from_db()
    assert free.state == SignatureState.REJECTED
    assert free.events.last().reason == "not an NGO"

    coordinator.post(f"/manage/signatures/{matching.public_id}/rename/",
                     {"name": "Matching-Domain Organisation", "next": "detail"})
    matching.refresh_from_db()
    assert matching.name == "Matching-Domain Organisation"
    assert {n.text for n in matching.organization.names.all()} >= {
        "Matching Domain Org", "Matching-Domain Organisation"}

    approved = coordinator.get(f"/manage/letters/{letter.slug}/signatures/?state=approved")
    text = approved.content.decode()
    assert "Matching-Domain Organisation" in text and "Third Org" not in text
    searched = coordinator.get(f"/manage/letters/{letter.slug}/signatures/?q=third").content
    assert b"Third Org" in searched and b"Free Mail Org" not in searched
    detail = coordinator.get(f"/manage/signatures/{free.public_id}/").content.decode()
    assert "not an NGO" in detail

    public = Client().get(f"/{letter.slug}/en/").content.decode()
    assert "Matching-Domain Organisation" in public
    assert "Third Org" not in public  # not approved


def test_demo_loads_once_and_prints_login(capsys, settings, tmp_path):
    from django.core.management import call_command

    settings.VAR_DIR = tmp_path
    call_command("demo")
    first = capsys.readouterr().out
    assert "username coordinator  password" in first
    call_command("demo")
    second = capsys.readouterr().out
    assert "already there" in second
    assert first.splitlines()[-1] == second.splitlines()[-1]  # same login printed again
    letter = Letter.objects.get()
    assert letter.status == "open" and set(letter.languages) == {"en", "fr", "zh-hant"}
    assert 140 <= Signature.objects.filter(letter=letter).count() <= 160
    anonymous = Signature.objects.filter(letter=letter, publish_name=False,
                                         state="approved").count()
    assert anonymous > 0
    page = Client().get(f"/{letter.slug}/zh-hant/").content.decode()
    assert f"{anonymous}" in page


def test_oversized_or_empty_letter_text_is_refused_with_a_message(coordinator):
    letter = make_letter()
    before = letter.translations.get(lang="en").body_md
    response = coordinator.post(f"/manage/letters/{letter.slug}/text/en/", {
        "title": "Still here", "body_md": "x" * 200_001, "asks": ""})
    assert response.status_code == 200
    assert "200000" in response.content.decode().replace(",", "").replace("\u202f", "") or \
        "at most" in response.content.decode()
    empty = coordinator.post(f"/manage/letters/{letter.slug}/text/en/", {
        "title": "", "body_md": "text", "asks": ""})
    assert "This field is required" in empty.content.decode()
    assert letter.translations.get(lang="en").body_md == before
