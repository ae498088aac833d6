"""In a real browser, no page of the site makes a request to another server, and no page
logs a console error (a script or style refused by the Content Security Policy would). The
``page`` fixture (tests/browser/conftest.py) records every request and fails the test on
any that leaves the server, any console error and any 404."""

import pytest

from tests import mail
from tests.factories import form_data, make_letter
from undersigned.core.services import coordinator_create
from undersigned.letters import services
from undersigned.letters.models import Signature
from undersigned.publishing.services import edition_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "browser-security-passphrase"


def _world(client_post):
    open_letter = make_letter(slug="open-for-browser")
    published = make_letter(slug="published-for-browser")
    for letter, name in ((open_letter, "Openly Named Coalition"),
                         (published, "Published Named Coalition")):
        data = form_data(name=name)
        client_post(f"/{letter.slug}/en/", data)
        sig = Signature.objects.get(letter=letter)
        services.signature_approve(signature=sig, actor=None)
    client_post(f"/{open_letter.slug}/fr/", form_data(name="Groupe Anonyme Qorvane",
                                                       visibility="anonymous"))
    edition_publish(letter=published)
    return open_letter, published


def _visit(page, url):
    response = page.goto(url)
    assert response is not None and response.status < 400, (url, response and response.status)
    page.wait_for_load_state("networkidle")
    return response


def test_no_page_talks_to_another_server(page, live_server, client):
    coordinator_create(username="coord", password=PASSWORD)
    open_letter, published = _world(client.post)
    base = live_server.url
    server_requests = []
    page.on("request", lambda r: server_requests.append(r.url))

    _visit(page, f"{base}/")
    for lang in open_letter.languages:
        _visit(page, f"{base}/{open_letter.slug}/{lang}/")
        assert page.locator("html").get_attribute("lang") == lang
        # Typing a name asks the server for suggestions (htmx), and only the server.
        with page.expect_response(lambda r: "/suggest/" in r.url, timeout=10_000) as info:
            page.locator("#id_name").press_sequentially("Openly Named Coalitio", delay=5)
            page.locator("#id_name").press("n")
        assert info.value.status == 200
        page.locator("#suggestions button[data-fill]").first.wait_for(timeout=10_000)
        assert "Groupe Anonyme" not in page.locator("#suggestions").inner_text()
        page.locator("#suggestions button[data-fill]").first.click()
        assert page.locator("#id_name").input_value() == "Openly Named Coalition"

    _visit(page, f"{base}/{published.slug}/editions/")
    for lang in published.languages:
        _visit(page, f"{base}/{published.slug}/edition/1/{lang}/")
    _visit(page, f"{base}/{published.slug}/edition/1/en/html/")  # the standalone page
    _visit(page, f"{base}/{published.slug}/zh-hant/")

    # Sign, as a visitor does, and open the emailed confirmation link.
    _visit(page, f"{base}/{open_letter.slug}/en/")
    page.fill("#id_name", "Browser Signing Org")
    page.select_option("#id_country", "KE")
    page.fill("#id_contact_name", "Browser Person")
    page.fill("#id_contact_email", "browser.person@signing-org.example")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"**/{open_letter.slug}/en/thanks/")
    [confirm] = mail.links(mail.messages()[-1], "confirm")
    _visit(page, base + confirm)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    _visit(page, f"{base}/login/")
    page.fill("#id_username", "coord")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/manage/")
    page.wait_for_load_state("networkidle")
    sig = Signature.objects.get(name="Browser Signing Org")
    for path in ("/manage/", f"/manage/letters/{open_letter.slug}/",
                 f"/manage/letters/{open_letter.slug}/signatures/",
                 f"/manage/letters/{open_letter.slug}/signatures/?state=confirmed",
                 f"/manage/signatures/{sig.public_id}/",
                 f"/manage/letters/{open_letter.slug}/text/fr/",
                 f"/manage/letters/{open_letter.slug}/audit/",
                 f"/manage/letters/{published.slug}/", "/manage/letters/new/",
                 "/manage/registry/duplicates/",
                 f"/manage/registry/duplicates/{open_letter.slug}/",
                 "/manage/import/letter/", f"/manage/import/letters/{open_letter.slug}/signons/"):
        _visit(page, base + path)
    # The live Markdown preview (htmx POST with the CSRF header) stays on the server too.
    _visit(page, f"{base}/manage/letters/{open_letter.slug}/text/fr/")
    with page.expect_response(lambda r: "/manage/preview/" in r.url, timeout=10_000) as info:
        page.fill("#id_body_md", "Nous **demandons** [x](https://example.org)")
    assert info.value.status == 200
    page.locator("#preview strong").wait_for(timeout=5000)

    assert server_requests, "the browser made no request at all"
    assert page.foreign_requests == []
