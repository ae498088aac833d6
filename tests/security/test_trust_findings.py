"""The smaller trust findings, each through the part a user or an attacker reaches:
resolutions shared by several coalitions, language tags, a person's erasure, the Markdown
export, forwarded headers, HTTPS, files under var/, and the mail echo."""

import io
import os
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from tests import mail
from tests.factories import form_data, make_letter
from undersigned.advocacy import services as advocacy
from undersigned.advocacy.models import Resolution, Sponsorship
from undersigned.audit.models import AuditEntry
from undersigned.core import ratelimit
from undersigned.core.services import coordinator_create
from undersigned.letters import services
from undersigned.letters.models import DuplicateSignOn, LetterRole, Signature
from undersigned.letters.privacy import contact_data
from undersigned.publishing.services import edition_publish

pytestmark = pytest.mark.django_db(transaction=True)
REPO = Path(__file__).resolve().parent.parent.parent


def _client(name, *, admin=False):
    user, _ = coordinator_create(username=name, password="z" * 20, admin=admin)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def _campaign(letter, resolution, by):
    return advocacy.campaign_create(name=f"On {letter.slug}", slug=None, letter=letter,
                                    resolution=resolution, published=True,
                                    asks=[("co-sponsor the resolution", "cosponsor")], by=by)


def test_a_resolution_followed_by_two_coalitions_changes_only_with_both(settings):
    ours_editor, their_owner = _client("our-editor"), _client("their-owner")
    ours = make_letter(created_by=ours_editor.user)
    theirs = make_letter(created_by=their_owner.user)
    resolution = advocacy.resolution_save(symbol="A/HRC/52/L.99", title="Defenders",
                                          session="52", actor=their_owner.user)
    _campaign(theirs, resolution, their_owner.user)
    _campaign(ours, resolution, ours_editor.user)
    before = list(Sponsorship.objects.values_list("state_code", flat=True))
    for path, data in ((f"/manage/advocacy/resolutions/{resolution.pk}/sponsors/",
                        {"text": "Chile, Norway", "confirm": "1"}),
                       (f"/manage/advocacy/resolutions/{resolution.pk}/edit/",
                        {"symbol": "A/HRC/52/L.99", "title": "Rewritten", "session": "52",
                         "body": "HRC", "outcome": "pending"})):
        response = ours_editor.post(path, data)
        assert response.status_code == 403
        assert "whose campaign follows this resolution" in response.content.decode()
    page = ours_editor.get(f"/manage/advocacy/resolutions/{resolution.pk}/").content.decode()
    assert "Paste sponsors" not in page and "On " + theirs.slug not in page
    resolution.refresh_from_db()
    assert resolution.title == "Defenders"
    assert list(Sponsorship.objects.values_list("state_code", flat=True)) == before
    # An editor of both letters may; the change is in both letters' audit logs.
    LetterRole.objects.create(letter=theirs, user=ours_editor.user, role=LetterRole.EDITOR)
    advocacy.sponsors_import(resolution, "Chile, Norway", actor=ours_editor.user)
    for letter in (ours, theirs):
        assert AuditEntry.objects.filter(letter_id=letter.pk, action="sponsors_recorded",
                                         actor=ours_editor.user).exists()
    # A resolution no campaign follows is its author's (and the administrators').
    lone = advocacy.resolution_save(symbol="A/HRC/53/L.1", title="Lone", session="53",
                                    actor=their_owner.user)
    assert ours_editor.get(f"/manage/advocacy/resolutions/{lone.pk}/edit/").status_code == 403
    assert their_owner.get(f"/manage/advocacy/resolutions/{lone.pk}/edit/").status_code == 200
    assert Resolution.objects.get(pk=lone.pk).created_by == their_owner.user


@pytest.mark.parametrize("tag", ['x"><b>y', "en gb", "klingon", "../../etc", "zh-hant\n"])
def test_a_translator_cannot_add_a_language_that_is_not_one(tag):
    coordinator = _client("translator", admin=True)
    letter = make_letter(languages=("en",))
    response = coordinator.post(f"/manage/letters/{letter.slug}/text/{quote(tag, safe='')}/", {
        "title": "T", "body_md": "B", "asks": "a"})
    assert response.status_code == 404
    with pytest.raises(services.ServiceError):
        services.translation_save(letter=letter, lang=tag, title="T")
    letter.refresh_from_db()
    assert letter.languages == ["en"]
    with pytest.raises(services.ServiceError):
        services.letter_create(slug="bad-lang", source_lang="en", languages=["en", tag],
                               title="T")
    # A real language is accepted, as before.
    services.translation_save(letter=letter, lang="pt-br", title="Carta")
    letter.refresh_from_db()
    assert letter.languages == ["en", "pt-br"]


def test_erasure_also_erases_repeat_signons(settings):
    letter = make_letter()
    first = form_data(name="Erasure Test Collective")
    again = form_data(name="Erasure Test Collective", contact_email="repeat@erase-me.example",
                      contact_name="Repeat Person")
    for data in (first, again):
        assert Client().post(f"/{letter.slug}/en/", data).status_code == 302
    dup = DuplicateSignOn.objects.get()
    assert dup.contact_email == "repeat@erase-me.example"
    assert [row["organisation"] for row in contact_data("Repeat@Erase-Me.example")] == [
        "Erasure Test Collective"]
    out = io.StringIO()
    call_command("contact_data", "repeat@erase-me.example", "--erase", stdout=out)
    dup.refresh_from_db()
    assert dup.contact_email == "" and dup.contact_name == "" and dup.withdrawn_at
    assert contact_data("repeat@erase-me.example") == []
    assert Signature.objects.get().contact_email == first["contact_email"]  # not theirs


def test_the_markdown_export_neutralises_script_links():
    admin = _client("md-admin", admin=True)
    letter = make_letter(body_md=(
        "Read [our call](javascript:alert(1)) and [this](  JaVa&#115;cript:alert(2) ).\n\n"
        "See [the reference][r] and ![x](data:text/html,<script>alert(3)</script>).\n\n"
        "[r]: javascript:alert(4)\n\n[fine](https://example.org/call)"))
    services.signature_submit(letter=letter, lang="en", verified=True, data=services.SignOn(
        name="Markdown Org", contact_name="C", contact_email="c@md.example"))
    services.signature_approve(signature=Signature.objects.get(), actor=None)
    edition, _ = edition_publish(letter=letter)
    text = admin.get(f"/{letter.slug}/edition/{edition.number}/en/markdown/").content.decode()
    lowered = text.lower()
    assert "javascript:" not in lowered and "java&#115;cript" not in lowered
    assert "data:text/html" not in lowered
    assert "](https://example.org/call)" in text and text.count("#blocked") >= 4


def test_forwarded_addresses_count_only_from_a_trusted_proxy(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="203.0.113.9",
                          HTTP_X_FORWARDED_FOR="198.51.100.1")
    settings.TRUSTED_PROXIES = []
    assert ratelimit.client_ip(request) == "203.0.113.9"
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert ratelimit.client_ip(request) == "203.0.113.9"  # not from a trusted proxy
    proxied = factory.get("/", REMOTE_ADDR="10.1.2.3",
                          HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.7, 127.0.0.1")
    assert ratelimit.client_ip(proxied) == "192.0.2.7"  # the first hop it did not add
    # Through the pages: with no trusted proxy, a forged header gives no fresh address.
    settings.TRUSTED_PROXIES = []
    settings.SIGNON_RATE_PER_IP = 2
    letter = make_letter()
    codes = [Client().post(f"/{letter.slug}/en/", form_data(),
                           HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
             for i in range(3)]
    assert codes == [302, 302, 429]


def _settings_with(env: dict) -> str:
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='undersigned.settings';"
            "from django.conf import settings;"
            "print(settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE,"
            " oct(os.stat(settings.VAR_DIR).st_mode & 0o777))")
    base = {k: v for k, v in os.environ.items() if k not in ("HTTPS", "DATABASE_URL")}
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env={**base, **env},
                          capture_output=True, text=True, check=True).stdout.split()


def test_https_redirects_plain_http_and_var_is_owner_only(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    assert _settings_with({"HTTPS": "on", "UNDERSIGNED_VAR": str(var)}) == [
        "True", "True", "0o700"]
    assert _settings_with({"UNDERSIGNED_VAR": str(var)})[:2] == ["False", "False"]
    assert stat.S_IMODE(var.stat().st_mode) == 0o700


def test_mail_files_are_owner_only_and_the_echo_names_no_address(settings, capsys):
    settings.EMAIL_ECHO = True
    letter = make_letter()
    data = form_data(contact_email="echo-private@echo.example")
    assert Client().post(f"/{letter.slug}/en/", data).status_code == 302
    echoed = capsys.readouterr().out
    assert "[mail]" in echoed and "echo-private" not in echoed
    [path] = mail.paths()
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
