"""Partners of a letter: referral codes, what their coordinators see, the core group named,
the embed and the badge, and the level "named to the recipients only"."""

import re

import pytest
from django.test import Client

from tests import mail
from tests.factories import form_data, make_letter
from undersigned.core.services import coordinator_create
from undersigned.letters import services
from undersigned.letters.models import LetterRole, Signature
from undersigned.publishing.selectors import RECIPIENTS, edition_document
from undersigned.publishing.services import edition_publish

pytestmark = pytest.mark.django_db(transaction=True)


def _client(name, **kw):
    user, _ = coordinator_create(username=name, password="p" * 20, **kw)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def letter_with_partners():
    owner = _client("owner", admin=False)
    letter = make_letter(created_by=owner.user)
    r = owner.post(f"/manage/letters/{letter.slug}/partners/",
                   {"name": "Forum Asia", "code": "forum-asia", "listed": "1"})
    assert r.status_code == 302
    owner.post(f"/manage/letters/{letter.slug}/partners/", {"name": "CIVICUS", "code": "civicus"})
    return owner, letter


def test_referral_codes_count_signons_for_their_partner(letter_with_partners):
    owner, letter = letter_with_partners
    page = Client().get(f"/{letter.slug}/?via=forum-asia", follow=True)
    html = page.content.decode()
    assert 'name="via" value="forum-asia"' in html
    assert "Share my contact details with Forum Asia" in html
    assert "Coordinated by Forum Asia" in html and "CIVICUS" not in html.split("<main")[1][:800]
    shared = form_data(name="Shared Contact Group", via="forum-asia", share_with_partner="on")
    private = form_data(name="Private Contact Group", via="forum-asia")
    hidden = form_data(name="Hidden Partner Signer", via="forum-asia", visibility="anonymous",
                       share_with_partner="on")
    unknown = form_data(name="Unknown Code Group", via="no-such-code")
    for data in (shared, private, hidden, unknown):
        assert Client().post(f"/{letter.slug}/en/", data).status_code == 302
    by_name = {s.name: s for s in Signature.objects.filter(letter=letter)}
    assert by_name["Shared Contact Group"].via.code == "forum-asia"
    assert by_name["Shared Contact Group"].share_with_partner
    assert not by_name["Private Contact Group"].share_with_partner
    assert by_name["Unknown Code Group"].via is None

    # The partner's coordinator sees its sign-ons, and only the contacts shared with it.
    partner_user = _client("forum-coordinator", admin=False)
    owner.post(f"/manage/letters/{letter.slug}/roles/", {
        "username": "forum-coordinator", "role": "partner", "partner": "forum-asia"})
    assert LetterRole.objects.get(user=partner_user.user).partner.code == "forum-asia"
    dash = partner_user.get(f"/manage/letters/{letter.slug}/partners/forum-asia/")
    text = dash.content.decode()
    assert dash.status_code == 200 and "3 sign-ons came through this partner" in text
    assert shared["contact_email"] in text
    assert private["contact_email"] not in text and private["contact_name"] not in text
    assert "Hidden Partner Signer" not in text  # not named publicly: not named to partners
    assert hidden["contact_email"] in text  # ... though it agreed to share its contact
    # ... and nothing else of the letter: not the other partner, not the moderation pages.
    assert partner_user.get(f"/manage/letters/{letter.slug}/partners/civicus/").status_code == 404
    for path in (f"/manage/letters/{letter.slug}/", f"/manage/letters/{letter.slug}/signatures/",
                 f"/manage/registry/duplicates/{letter.slug}/"):
        assert partner_user.get(path).status_code == 404
    home = partner_user.get("/manage/").content.decode()
    assert "partners/forum-asia/" in home
    # The owner sees every partner's figures.
    assert "3" in owner.get(f"/manage/letters/{letter.slug}/partners/").content.decode()


def test_viewers_and_translators_do_not_see_contacts(letter_with_partners):
    owner, letter = letter_with_partners
    data = form_data(name="Contact Owner Org")
    Client().post(f"/{letter.slug}/en/", data)
    for role in ("viewer", "translator"):
        user = _client(f"a-{role}", admin=False)
        LetterRole.objects.create(letter=letter, user=user.user, role=role)
        sig = Signature.objects.get(letter=letter)
        for path in (f"/manage/letters/{letter.slug}/signatures/",
                     f"/manage/signatures/{sig.public_id}/"):
            text = user.get(path).content.decode()
            assert data["contact_email"] not in text and data["contact_name"] not in text
        found = user.get(f"/manage/letters/{letter.slug}/signatures/?q={data['contact_email']}")
        assert "Contact Owner Org" not in found.content.decode()  # no search by email either
    moderator_page = owner.get(f"/manage/letters/{letter.slug}/signatures/").content.decode()
    assert data["contact_email"] in moderator_page


def test_embed_counts_frames_and_signs_without_javascript(letter_with_partners):
    owner, letter = letter_with_partners
    r = owner.post(f"/manage/letters/{letter.slug}/partners/", {
        "origins": "https://forum-asia.example\nhttp://localhost:8123/\nhttps://civicus.example"})
    letter.refresh_from_db()
    assert letter.embed_origins == ["https://forum-asia.example", "http://localhost:8123",
                                    "https://civicus.example"]
    bad = owner.post(f"/manage/letters/{letter.slug}/partners/",
                     {"origins": "http://plain-http.example"}, follow=True)
    assert "plain http only for localhost" in bad.content.decode()
    embed = Client().get(f"/{letter.slug}/en/embed/?via=civicus")
    assert embed.status_code == 200
    csp = embed["Content-Security-Policy"]
    assert "frame-ancestors https://forum-asia.example http://localhost:8123" in csp
    assert "X-Frame-Options" not in embed and "<script" not in embed.content.decode()
    assert "0 organisations have signed" in embed.content.decode()
    # Posted from its own frame (Origin is this site): a sign-on, counted for the partner.
    client = Client()
    data = form_data(name="Embedded Signer Org", via="civicus")
    r = client.post(f"/{letter.slug}/en/embed/", data, HTTP_ORIGIN="http://testserver")
    assert r.status_code == 302 and r["Location"].endswith("/embed/thanks/")
    assert "frame-ancestors https://forum-asia.example" in r["Content-Security-Policy"]
    assert Signature.objects.get(name="Embedded Signer Org").via.code == "civicus"
    assert mail.links(mail.messages()[-1], "confirm")
    # Posted by another site's page: refused.
    r = client.post(f"/{letter.slug}/en/embed/", form_data(name="Forged Post Org"),
                    HTTP_ORIGIN="https://evil.example")
    assert r.status_code == 403 and not Signature.objects.filter(name="Forged Post Org").exists()
    # The ordinary pages still refuse to be framed anywhere.
    assert "frame-ancestors 'none'" in Client().get(f"/{letter.slug}/en/")[
        "Content-Security-Policy"]


def test_badge_counts_what_the_public_page_adds_up_to(letter_with_partners):
    owner, letter = letter_with_partners
    for name, visibility in (("Badge Named", "publish"), ("Badge Hidden", "anonymous"),
                             ("Badge Pending", "publish")):
        Client().post(f"/{letter.slug}/en/", form_data(name=name, visibility=visibility))
    for sig in Signature.objects.exclude(name="Badge Pending"):
        services.signature_approve(signature=sig, actor=None)
    svg = Client().get(f"/{letter.slug}/badge.svg")
    assert svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert "2 organisations have signed" in body and "Badge" not in body
    fr = Client().get(f"/{letter.slug}/badge.svg?lang=fr").content.decode()
    assert re.search(r'lang="fr"', fr)


def test_named_to_the_recipients_only_is_named_nowhere_public(letter_with_partners):
    owner, letter = letter_with_partners
    Client().post(f"/{letter.slug}/en/", form_data(name="Open Listed Org"))
    Client().post(f"/{letter.slug}/en/", form_data(name="Missions Only Collective",
                                                  visibility="recipients"))
    sigs = {s.name: s for s in Signature.objects.filter(letter=letter)}
    assert sigs["Missions Only Collective"].name_to_recipients
    assert not sigs["Missions Only Collective"].publish_name
    for sig in sigs.values():
        services.signature_approve(signature=sig, actor=None)
    edition, _ = edition_publish(letter=letter)
    public = edition_document(edition, "en")
    delivered = edition_document(edition, "en", audience=RECIPIENTS)
    assert [e.name for e in public.entries] == ["Open Listed Org"]
    assert public.anonymous_count == 1
    assert [e.name for e in delivered.entries] == ["Missions Only Collective", "Open Listed Org"]
    assert [e.number for e in delivered.entries] == [1, 2] and delivered.anonymous_count == 0
    for path in (f"/{letter.slug}/en/", f"/{letter.slug}/edition/1/en/",
                 f"/{letter.slug}/edition/1/en/json/", f"/{letter.slug}/edition/1/en/csv/",
                 f"/api/letters/{letter.slug}/signatories", f"/api/letters/{letter.slug}/editions/1",
                 f"/{letter.slug}/en/embed/", f"/{letter.slug}/badge.svg"):
        response = Client().get(path)
        assert response.status_code == 200, path
        assert b"Missions Only" not in response.content, path
    html = Client().get(f"/{letter.slug}/en/suggest/", {"name": "Missions Only Collectiv"})
    assert b"Missions Only" not in html.content


def test_the_delivered_pdf_names_those_named_to_the_recipients_only(letter_with_partners):
    import shutil

    from django.core.files.storage import default_storage

    from tests.conftest import need
    from tests.security.world import pdf_text
    from undersigned.publishing.services import edition_pdf_stored

    need(shutil.which("pdftotext") is not None, "poppler-utils is not installed")
    owner, letter = letter_with_partners
    Client().post(f"/{letter.slug}/en/", form_data(name="Open Listed Org"))
    Client().post(f"/{letter.slug}/en/", form_data(name="Missions Only Collective",
                                                  visibility="recipients"))
    for sig in Signature.objects.filter(letter=letter):
        services.signature_approve(signature=sig, actor=None)
    edition, _ = edition_publish(letter=letter)
    public = pdf_text(default_storage.open(edition_pdf_stored(edition, "en")).read())
    delivered = pdf_text(default_storage.open(
        edition_pdf_stored(edition, "en", RECIPIENTS)).read())
    assert "Open Listed Org" in public and "Missions Only Collective" not in public
    assert "Open Listed Org" in delivered and "Missions Only Collective" in delivered
    download = Client().get(f"/{letter.slug}/edition/1/en/pdf/")
    assert b"Missions Only" not in download.content
    assert "Missions Only Collective" not in pdf_text(download.content)
