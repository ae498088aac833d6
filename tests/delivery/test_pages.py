"""The delivery pages through HTTP: the directory and its CSV import (preview, then save),
choosing states, the preview of one message per language, sending, the statuses and a
reply fed back as a file; and the roles: a coordinator of one letter sees nothing of
another's deliveries."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import need
from tests.delivery.helpers import published_letter, reply
from tests.mail import messages
from undersigned.core.services import coordinator_create
from undersigned.delivery.models import Delivery, Recipient
from undersigned.letters.models import LetterRole
from undersigned.publishing.renderers import pdf

pytestmark = pytest.mark.django_db(transaction=True)

CSV = ("State,Language,Geneva,New York,Notes\n"
       "France,,mission.fra@missions.example,,UN Geneva directory\n"
       "Chile,,mission.chl@missions.example,,UN Geneva directory\n"
       "Narnia,,x@y.example,,\n"
       "CHN,zh,mission.chn@missions.example,,\n"
       "Ghana,fr,not-an-address,,\n")


def _client(username, *, admin=False):
    user, _ = coordinator_create(username=username, password="long-enough-pass-1", admin=admin)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def _import(client, text=CSV):
    preview = client.post("/manage/delivery/recipients/import/", {"text": text})
    assert preview.status_code == 200
    html = preview.content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', html).group(1)
    assert not Recipient.objects.exclude(geneva_email="").exists()  # not before confirming
    return html, client.post("/manage/delivery/recipients/import/", {
        "text": text, "confirm": "1", "previewed_text": text, "fingerprint": fingerprint})


def test_directory_import_previews_then_saves(settings):
    admin = _client("admin", admin=True)
    page = admin.get("/manage/delivery/recipients/")
    assert page.status_code == 200 and Recipient.objects.count() == 195  # the template
    assert Recipient.objects.get(state_code="FRA").language == "fr"
    assert Recipient.objects.get(state_code="CHN").language == "zh-hans"
    assert Recipient.objects.get(state_code="BRA").language == "en"  # no UN official language
    html, saved = _import(admin)
    assert "Narnia is not a UN member or observer State" in html
    assert "not-an-address" in html and "Line 6" in html
    assert saved.status_code == 302
    assert Recipient.objects.get(state_code="FRA").geneva_email == "mission.fra@missions.example"
    assert Recipient.objects.exclude(geneva_email="").count() == 3
    edit = admin.post("/manage/delivery/recipients/CHL/", {
        "language": "es", "geneva_email": "bad", "new_york_email": "", "notes": ""})
    assert edit.status_code == 400 and b"not an email address" in edit.content
    assert Recipient.objects.get(state_code="CHL").language == "es"  # unchanged: from Spanish
    edit = admin.post("/manage/delivery/recipients/CHL/", {
        "language": "en", "geneva_email": "geneva@chile.example", "new_york_email": "",
        "notes": "mission website"})
    assert edit.status_code == 302
    chile = Recipient.objects.get(state_code="CHL")
    assert (chile.language, chile.geneva_email) == ("en", "geneva@chile.example")


def test_a_coordinator_previews_sends_and_feeds_back_a_reply(settings, tmp_path):
    need(pdf.font_dirs(), "Noto fonts (fonts-noto-core) are needed for the PDF attachments")
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = _client("admin", admin=True)
    letter, edition, campaign = published_letter()
    admin.get("/manage/delivery/recipients/")
    _import(admin)
    url = f"/manage/delivery/letters/{letter.slug}/new/"
    form = {"edition": edition.pk, "office": "geneva", "kind": "list",
            "states": "France, Chile, China, Germany", "campaign": campaign.pk,
            "reply_to": "coalition@example.org", "group": "", "ask": ""}
    preview = admin.post(url, {**form, "preview": "1"})
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "3 missions will receive the letter" in html
    assert "Germany" in html  # no address: left out, and said so
    # One sample per language: French (France), Spanish (Chile), English (China: the
    # letter has no Chinese).
    assert html.count('class="sample"') == 3 and "Excellence," in html and "Excelencia:" in html
    assert messages() == [] and not Delivery.objects.exists()
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', html).group(1)
    # Changing the choice after the preview is previewed again, not sent.
    again = admin.post(url, {**form, "states": "France", "send": "1",
                             "fingerprint": fingerprint})
    assert again.status_code == 200 and not Delivery.objects.exists()
    sent = admin.post(url, {**form, "send": "1", "fingerprint": fingerprint})
    assert sent.status_code == 302
    delivery = Delivery.objects.get()
    mails = messages()
    assert sorted(m["To"] for m in mails) == ["mission.chl@missions.example",
                                              "mission.chn@missions.example",
                                              "mission.fra@missions.example"]
    detail = admin.get(sent["Location"]).content.decode()
    assert detail.count('<td class="status">sent</td>') == 3
    france = next(m for m in mails if m["To"] == "mission.fra@missions.example")
    upload = SimpleUploadedFile("reply.eml", reply(france["Message-ID"].strip(),
                                                   "attache@missions.example", "Bien reçu."))
    fed = admin.post(f"/manage/delivery/{delivery.public_id}/inbound/", {"file": upload})
    assert fed.status_code == 302
    detail = admin.get(sent["Location"]).content.decode()
    assert '<td class="status">replied</td>' in detail
    state_page = admin.get(f"/manage/advocacy/campaigns/{campaign.pk}/states/FRA/")
    assert "Bien reçu." in state_page.content.decode()


def test_deliveries_follow_their_letters_roles(settings, tmp_path):
    need(pdf.font_dirs(), "Noto fonts (fonts-noto-core) are needed for the PDF attachments")
    settings.MEDIA_ROOT = tmp_path / "media"
    owner = _client("owner")
    stranger = _client("stranger")
    viewer = _client("viewer")
    letter, edition, campaign = published_letter()
    LetterRole.objects.create(letter=letter, user=owner.user, role=LetterRole.OWNER)
    LetterRole.objects.create(letter=letter, user=viewer.user, role=LetterRole.VIEWER)
    other, _e, _c = published_letter()
    LetterRole.objects.create(letter=other, user=stranger.user, role=LetterRole.OWNER)
    owner.get("/manage/delivery/recipients/")
    _import(owner)
    url = f"/manage/delivery/letters/{letter.slug}/new/"
    form = {"edition": edition.pk, "office": "geneva", "kind": "all", "campaign": campaign.pk,
            "reply_to": "coalition@example.org", "group": "", "ask": "", "states": ""}
    html = owner.post(url, {**form, "preview": "1"}).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([^"]+)"', html).group(1)
    assert owner.post(url, {**form, "send": "1", "fingerprint": fingerprint}).status_code == 302
    delivery = Delivery.objects.get(letter=letter)
    detail = f"/manage/delivery/{delivery.public_id}/"
    assert owner.get(detail).status_code == 200
    assert viewer.get(detail).status_code == 200
    assert viewer.get(url).status_code == 404  # seeing is not sending
    for path in (detail, url, f"/manage/delivery/letters/{letter.slug}/"):
        assert stranger.get(path).status_code == 404, path
    upload = SimpleUploadedFile("r.eml", b"Subject: x\n\nhello")
    assert stranger.post(f"{detail}inbound/", {"file": upload}).status_code == 404
    assert viewer.post(f"{detail}inbound/", {"file": upload}).status_code == 404
    # The directory: read by any coordinator, changed by those who edit a letter.
    assert viewer.get("/manage/delivery/recipients/").status_code == 200
    assert viewer.get("/manage/delivery/recipients/FRA/").status_code == 404
    assert Client().get("/manage/delivery/recipients/").status_code == 302  # login first
